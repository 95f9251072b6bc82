// The JavaScript API of fairtouch, shared by the Node and browser entry points.
//
// Values cross into WebAssembly as JSON text: JSON.stringify on the way in, the engine's strict
// parser (with JSON-path errors) on the other side, and JSON.parse of the verdict the engine
// serialised itself on the way out. That keeps the verdict identical to the Rust runner's, and
// it is faster than walking JavaScript objects from Rust (see BENCH.md).

/** An error from fairtouch: bad attempt, bad pack, bad option, or an internal panic. */
export class FairtouchError extends Error {
  constructor(detail, cause) {
    super(detail.message, cause === undefined ? undefined : { cause });
    this.name = 'FairtouchError';
    /** `invalid_attempt` | `invalid_pack` | `invalid_option` | `io` | `panic` */
    this.kind = detail.kind;
    for (const key of ['path', 'pack', 'line', 'rule', 'index']) {
      if (detail[key] !== undefined) this[key] = detail[key];
    }
  }
}

const SEVERITIES = new Set(['block', 'warn', 'info', 'off']);

function normaliseOptions(options) {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new FairtouchError({ kind: 'invalid_option', message: 'engine options must be an object' });
  }
  const out = { ...options };
  if (out.packs !== undefined) {
    if (!Array.isArray(out.packs)) {
      throw new FairtouchError({ kind: 'invalid_option', message: 'packs must be an array of TOML strings or { source, origin? }' });
    }
    out.packs = out.packs.map((p, i) => {
      if (typeof p === 'string') return { origin: `packs[${i}]`, source: p };
      if (p && typeof p.source === 'string') return { origin: p.origin ?? `packs[${i}]`, source: p.source };
      throw new FairtouchError({ kind: 'invalid_option', message: `packs[${i}]: expected a TOML string or { source, origin? }` });
    });
  }
  if (out.overrides !== undefined) {
    const entries = Array.isArray(out.overrides) ? out.overrides : Object.entries(out.overrides ?? {});
    out.overrides = entries.map(([rule, action]) => {
      const value = action === false || action === null ? 'off' : String(action);
      if (!SEVERITIES.has(value)) {
        throw new FairtouchError({
          kind: 'invalid_option',
          rule,
          message: `override of ${JSON.stringify(rule)}: unknown severity ${JSON.stringify(action)}, expected one of: block, warn, info, off`,
        });
      }
      return [rule, value];
    });
  }
  return out;
}

function toJson(value, what) {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object') {
    throw new FairtouchError({ kind: 'invalid_attempt', path: '$', message: `$: expected ${what} object, got ${value === null ? 'null' : typeof value}` });
  }
  return JSON.stringify(value);
}

/**
 * Builds the API over a wasm-bindgen module (`pkg/` or `pkg-node/`).
 * @param {object} raw the wasm-bindgen exports
 * @param {() => void} [ensureReady] throws when the module is not instantiated yet
 */
export function makeApi(raw, ensureReady = () => {}) {
  function call(fn) {
    try {
      return fn();
    } catch (e) {
      if (typeof e === 'string' && e.startsWith('{"kind"')) {
        throw new FairtouchError(JSON.parse(e));
      }
      if (e instanceof WebAssembly.RuntimeError) {
        // panic=abort: the panic hook recorded the message before the trap.
        let message = null;
        try {
          message = raw.takePanicMessage();
        } catch {
          /* the module is unusable; report the trap itself */
        }
        throw new FairtouchError({ kind: 'panic', message: `fairtouch panicked: ${message ?? e.message}` }, e);
      }
      throw e;
    }
  }

  class Engine {
    #raw;

    /**
     * @param {object} [options] `{ packs, defaultPacks, overrides, onlyPacks }`
     */
    constructor(options) {
      ensureReady();
      const json = JSON.stringify(normaliseOptions(options));
      this.#raw = call(() => new raw.RawEngine(json));
    }

    /** Evaluates an attempt (plain object, or its JSON text) and returns the verdict object. */
    evaluate(attempt) {
      const json = toJson(attempt, 'an attempt');
      return JSON.parse(call(() => this.#raw.evaluate(json)));
    }

    /** JSON text in, verdict JSON text out: the fastest path when you hold JSON already. */
    evaluateJson(attemptJson) {
      return call(() => this.#raw.evaluate(String(attemptJson)));
    }

    /** Evaluates several attempts in one call; same verdicts as calling evaluate on each. */
    evaluateMany(attempts) {
      if (!Array.isArray(attempts)) {
        throw new FairtouchError({ kind: 'invalid_attempt', path: '$', message: '$: evaluateMany expects an array of attempts' });
      }
      const json = JSON.stringify(attempts);
      return JSON.parse(call(() => this.#raw.evaluateMany(json)));
    }

    /** Lints a template; without `at`, the rules in force now (the JavaScript clock) apply. */
    lintTemplate(template) {
      const json = toJson(template, 'a template');
      return JSON.parse(call(() => this.#raw.lintTemplate(json, Date.now())));
    }

    /** The next instant the attempt would be allowed, in UTC and in each candidate zone. */
    nextWindow(attempt) {
      const json = toJson(attempt, 'an attempt');
      return JSON.parse(call(() => this.#raw.nextWindow(json)));
    }

    /** The loaded packs. */
    packs() {
      return JSON.parse(call(() => this.#raw.packs()));
    }

    /** The loaded rules, optionally of one pack. */
    rules(pack) {
      return JSON.parse(call(() => this.#raw.rules(pack ?? undefined)));
    }

    /** Frees the WebAssembly memory now (otherwise a FinalizationRegistry does it). */
    free() {
      this.#raw?.free();
      this.#raw = undefined;
    }
  }

  return { Engine, FairtouchError, call };
}
