// The JavaScript API of fairtouch, shared by the Node and browser entry points.
//
// Values cross into WebAssembly as JSON text: JSON.stringify on the way in, after a check that it
// drops or alters nothing (`checkedJson` below), the engine's strict parser (with JSON-path
// errors) on the other side, and JSON.parse of the verdict the engine serialised itself on the
// way out. That keeps the verdict identical to the Rust runner's, and it is faster than walking
// JavaScript objects from Rust (see BENCH.md).

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
    // Only the spelling is translated here; the engine's own options parser checks the settings.
    out.overrides = entries.map(([rule, action]) => [rule, action === false || action === null ? 'off' : action]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Checked serialisation: what crosses into WebAssembly.
//
// A bare JSON.stringify loses data without a word: NaN and ±Infinity become null, `undefined` in
// an array becomes null, a Map or a Set becomes {}, functions and symbols vanish; and it throws a
// bare TypeError/RangeError on a BigInt, a cycle or a very deep value. An attempt must never be
// judged on something other than what the caller passed, so every value is checked first, and
// anything JSON cannot carry as is throws a FairtouchError with the JSON path of the value:
//
//   accepted   plain objects (prototype Object.prototype or null, from any realm), arrays,
//              strings, finite numbers, booleans, null, and Dates (sent as their ISO 8601 UTC
//              string, as JSON.stringify writes them)
//   dropped    object properties whose value is `undefined` (an absent optional field, exactly
//              as JSON.stringify does; a required field left undefined is still an error, from
//              the engine, naming the field); symbol keys and non-enumerable properties
//   errors     NaN, Infinity, -Infinity, BigInt, symbols and functions as values (a `toJSON`
//              method included); `undefined` or a hole in an array; an invalid Date; any other
//              object (Map, Set, RegExp, typed arrays, boxed primitives, class instances, Date
//              subclasses); a circular reference; nesting deeper than MAX_DEPTH objects/arrays.
//
// The hot path is a cheap walk that only answers "fine or not" (10-20 % of the cost of the
// JSON.stringify that follows); only a value that fails it is walked again, slowly, with the
// keys, to name the path and the reason. The value is read twice (check, then JSON.stringify), so
// getters and proxies must return the same thing each time.
// ---------------------------------------------------------------------------------------------

/** The deepest nesting of objects and arrays accepted (an attempt needs 4). */
export const MAX_DEPTH = 64;

const OBJECT_PROTOTYPE = Object.prototype;
const DATE_PROTOTYPE = Date.prototype;
const DATE_TO_JSON = Date.prototype.toJSON;

/** True when JSON.stringify would write `value` faithfully: the fast check of the hot path. */
function sendable(value, ancestors) {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (value === null) return true;
      const depth = ancestors.length;
      if (depth >= MAX_DEPTH) return false;
      for (let i = 0; i < depth; i++) if (ancestors[i] === value) return false;
      if (Array.isArray(value)) {
        if (value.toJSON !== undefined) return false;
        ancestors.push(value);
        for (let i = 0, n = value.length; i < n; i++) {
          const item = value[i];
          if (item === undefined || !sendable(item, ancestors)) return false;
        }
        ancestors.pop();
        return true;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto === DATE_PROTOTYPE) return value.toJSON === DATE_TO_JSON && !Number.isNaN(value.getTime());
      if (proto !== OBJECT_PROTOTYPE && proto !== null) return false;
      ancestors.push(value);
      // for-in is the fastest walk; on a plain object it sees the own enumerable string keys that
      // JSON.stringify writes (and any enumerable key added to Object.prototype: stricter, not laxer).
      for (const key in value) {
        const item = value[key];
        if (item !== undefined && !sendable(item, ancestors)) return false;
      }
      ancestors.pop();
      return true;
    }
    default: // undefined, bigint, symbol, function
      return false;
  }
}

/** `recipient.locations[0].region`, or `$` for the value itself (the engine's path syntax). */
function pathOf(keys, length = keys.length) {
  let path = '';
  for (let i = 0; i < length; i++) {
    const key = keys[i];
    path += typeof key === 'number' ? `[${key}]` : path === '' ? key : `.${key}`;
  }
  return path === '' ? '$' : path;
}

/** Why a value cannot be sent; thrown by `explain` with its keys stack left at the value. */
class Unsendable extends Error {}

/** Names an object that is neither plain nor an array, for the error message. */
function describeObject(value) {
  const tag = Object.prototype.toString.call(value).slice(8, -1);
  let name;
  try {
    name = Object.getPrototypeOf(value)?.constructor?.name;
  } catch {
    name = undefined;
  }
  if (tag === 'String' || tag === 'Number' || tag === 'Boolean') return `a ${tag} object (a boxed primitive)`;
  if (typeof name === 'string' && name !== '' && name !== 'Object') {
    return tag === name || tag === 'Object' ? `a ${name}` : `a ${name} (${tag})`;
  }
  return tag === 'Object' ? 'an object with a custom prototype' : `a ${tag}`;
}

/** An object from another realm (iframe, vm context) whose prototype is that realm's Object.prototype. */
function isForeignObjectPrototype(proto) {
  return Object.getPrototypeOf(proto) === null && typeof proto.constructor === 'function' && proto.constructor.name === 'Object';
}

/** The time of a Date (of any realm or subclass), or undefined when `value` is not a Date. */
function dateTime(value) {
  try {
    return DATE_PROTOTYPE.getTime.call(value);
  } catch {
    return undefined;
  }
}

/**
 * The slow walk, run only when `sendable` said no: the same rules, with the keys that lead to
 * the value, so that the error names its path. Returns normally when it finds nothing wrong.
 */
function explain(value, keys, ancestors) {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (Number.isFinite(value)) return;
      throw new Unsendable(`got ${value}, which JSON cannot represent (JSON.stringify would write null); expected a finite number`);
    case 'object':
      if (value !== null) explainObject(value, keys, ancestors);
      return;
    case 'bigint':
      throw new Unsendable(`got the BigInt ${value}n, which JSON cannot represent; pass a string or a number`);
    case 'undefined':
      throw new Unsendable('got undefined, which JSON cannot represent');
    default: // symbol, function
      throw new Unsendable(`got a ${typeof value}, which JSON cannot represent`);
  }
}

function explainObject(value, keys, ancestors) {
  const depth = ancestors.length;
  if (depth >= MAX_DEPTH) {
    throw new Unsendable(`nested deeper than ${MAX_DEPTH} objects and arrays`);
  }
  for (let i = 0; i < depth; i++) {
    // ancestors[i] was entered through the first i keys.
    if (ancestors[i] === value) {
      throw new Unsendable(`circular reference: this is the same object as its ancestor at ${pathOf(keys, i)}, which JSON cannot represent`);
    }
  }
  if (Array.isArray(value)) {
    if (value.toJSON !== undefined) {
      keys.push('toJSON');
      throw new Unsendable('an array with a toJSON property cannot be sent');
    }
    ancestors.push(value);
    for (let i = 0, n = value.length; i < n; i++) {
      keys.push(i);
      const item = value[i];
      if (item === undefined) {
        throw new Unsendable(
          i in value
            ? 'got undefined in an array, which JSON cannot represent (JSON.stringify would write null)'
            : 'got an empty slot (a hole) in an array, which JSON cannot represent (JSON.stringify would write null)',
        );
      }
      explain(item, keys, ancestors);
      keys.pop();
    }
    ancestors.pop();
    return;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== OBJECT_PROTOTYPE && proto !== null && !isForeignObjectPrototype(proto)) {
    const time = dateTime(value);
    if (time === undefined) {
      throw new Unsendable(
        `got ${describeObject(value)}; only plain objects, arrays, strings, finite numbers, booleans, null and Dates can be sent`,
      );
    }
    if (proto !== DATE_PROTOTYPE || value.toJSON !== DATE_TO_JSON) {
      throw new Unsendable(`got ${describeObject(value)} (a Date of another realm, a Date subclass, or a Date with its own toJSON); pass date.toISOString()`);
    }
    if (Number.isNaN(time)) throw new Unsendable('got an invalid Date (its time is NaN)');
    return;
  }
  ancestors.push(value);
  for (const key in value) {
    const item = value[key];
    if (item === undefined) continue;
    keys.push(key);
    explain(item, keys, ancestors);
    keys.pop();
  }
  ancestors.pop();
}

/**
 * The JSON text of `value`, after checking it by the rules above.
 * @param {unknown} value
 * @param {{ kind?: string, index?: number }} [context] error kind (default `invalid_attempt`)
 *   and, for evaluateMany, the index of the item
 * @throws {FairtouchError} with `path` (and `index`) on anything JSON cannot carry as is
 */
export function checkedJson(value, context) {
  if (!sendable(value, [])) {
    const keys = [];
    try {
      explain(value, keys, []);
    } catch (e) {
      if (!(e instanceof Unsendable)) throw e;
      const path = pathOf(keys);
      const detail = { kind: context?.kind ?? 'invalid_attempt', path, message: `${path}: ${e.message}` };
      if (context?.index !== undefined) detail.index = context.index;
      throw new FairtouchError(detail);
    }
    // Both walks apply the same rules; the slow one found nothing (a getter that changed its
    // mind, or a foreign-realm plain object, which only the slow walk recognises): go on.
  }
  return JSON.stringify(value);
}

function toJson(value, what) {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object') {
    throw new FairtouchError({ kind: 'invalid_attempt', path: '$', message: `$: expected ${what} object, got ${value === null ? 'null' : typeof value}` });
  }
  return checkedJson(value, undefined);
}

/** The JSON array of `attempts`; an error names the item's `index` and the path inside it. */
function manyToJson(attempts) {
  if (!sendable(attempts, [])) {
    // Find the first bad attempt, with its index (the depth limit counts from each attempt).
    for (let i = 0, n = attempts.length; i < n; i++) {
      if (!(i in attempts)) {
        throw new FairtouchError({ kind: 'invalid_attempt', path: '$', index: i, message: '$: got an empty slot (a hole) in the array of attempts' });
      }
      if (attempts[i] === attempts) {
        throw new FairtouchError({ kind: 'invalid_attempt', path: '$', index: i, message: '$: circular reference: the array of attempts contains itself' });
      }
      checkedJson(attempts[i], { index: i });
    }
  }
  return JSON.stringify(attempts);
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
      const json = checkedJson(normaliseOptions(options), { kind: 'invalid_option' });
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
      const json = manyToJson(attempts);
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
