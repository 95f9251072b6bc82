// The conformance corpus through the Node build: every case of tests/cases/ must give exactly
// the verdict (or error) that the Rust runner wrote to target/conformance/rust.jsonl
// (`cargo test -p fairtouch --test conformance`), and the decision, rules and next allowed time
// the case expects, and, when the case states them, the findings of a rule, the time zones,
// jurisdictions and packs (the case format: tests/cases/README.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from '../js/node.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const casesDir = join(root, 'tests', 'cases');
const rustJsonl = join(root, 'target', 'conformance', 'rust.jsonl');

function caseFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).sort().flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? caseFiles(p) : p.endsWith('.json') ? [p] : [];
  });
}

/** Key order is not part of the contract (the Rust runner re-serialises through a map). */
function canonical(v) {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical(v[k])]));
  }
  return v;
}

const EXPECTED_MEMBERS = new Set(['decision', 'rules', 'next_allowed_at', 'error', 'findings', 'time_zones', 'jurisdictions', 'packs']);
const FINDING_MEMBERS = new Set(['rule', 'severity', 'category', 'pack', 'citation', 'message_contains', 'span', 'retry_at']);
const SPAN_MEMBERS = new Set(['text', 'start', 'end', 'start_utf16', 'end_utf16', 'field']);

/** Mistakes in the expectation itself (unknown members), as the Rust runner reports them. */
function shapeErrors(expected) {
  const errors = Object.keys(expected).filter((k) => !EXPECTED_MEMBERS.has(k)).map((k) => `expected.${k} is not part of the case format`);
  const rules = new Set(expected.rules ?? []);
  for (const [i, f] of (expected.findings ?? []).entries()) {
    for (const k of Object.keys(f)) if (!FINDING_MEMBERS.has(k)) errors.push(`expected.findings[${i}].${k} is not part of the case format`);
    if (!rules.has(f.rule)) errors.push(`expected.findings[${i}].rule ${f.rule} is not in expected.rules`);
    if (f.span && typeof f.span === 'object') {
      for (const k of Object.keys(f.span)) if (!SPAN_MEMBERS.has(k)) errors.push(`expected.findings[${i}].span.${k} is not part of the case format`);
    }
  }
  return errors;
}

/** Why a finding (verdict object) does not match a stated entry; null when it matches. */
function mismatch(want, got) {
  const why = [];
  for (const [k, w] of Object.entries(want)) {
    if (k === 'rule') continue;
    if (k === 'message_contains') {
      if (!(got.message ?? '').includes(w)) why.push(`message ${JSON.stringify(got.message)} lacks ${JSON.stringify(w)}`);
    } else if (k === 'span') {
      const g = got.span ?? null;
      if (w === null || g === null) {
        if ((w === null) !== (g === null)) why.push(`span: expected ${JSON.stringify(w)}, got ${JSON.stringify(g)}`);
        continue;
      }
      for (const [sk, sv] of Object.entries(w)) {
        const gv = g[sk] ?? (sk === 'field' ? 'body' : null);
        if (sv !== gv) why.push(`span.${sk}: expected ${JSON.stringify(sv)}, got ${JSON.stringify(gv)}`);
      }
    } else if ((got[k] ?? null) !== w) {
      // retry_at is left out of the verdict when there is none.
      why.push(`${k}: expected ${JSON.stringify(w)}, got ${JSON.stringify(got[k] ?? null)}`);
    }
  }
  return why.length ? why.join(', ') : null;
}

function pair(wants, gots, used) {
  if (wants.length === 0) return true;
  for (const [j, g] of gots.entries()) {
    if (!used[j] && mismatch(wants[0], g) === null) {
      used[j] = true;
      if (pair(wants.slice(1), gots, used)) return true;
      used[j] = false;
    }
  }
  return false;
}

/** What the case states beyond decision, rules and next_allowed_at, and the verdict lacks. */
function richerDiff(expected, verdict) {
  const diff = [];
  const sameSet = (a, b) => JSON.stringify([...new Set(a)].sort()) === JSON.stringify([...new Set(b)].sort());
  for (const k of ['time_zones', 'jurisdictions']) {
    if (k in expected && !sameSet(expected[k], verdict[k])) diff.push(`${k}: expected ${expected[k]}, got ${verdict[k]}`);
  }
  if ('packs' in expected && !sameSet(expected.packs, verdict.packs.map((p) => p.id))) {
    diff.push(`packs: expected ${expected.packs}, got ${verdict.packs.map((p) => p.id)}`);
  }
  const entries = expected.findings ?? [];
  for (const rule of [...new Set(entries.map((e) => e.rule))].sort()) {
    const wants = entries.filter((e) => e.rule === rule);
    const gots = verdict.findings.filter((f) => f.rule === rule);
    if (wants.length !== gots.length) diff.push(`findings of ${rule}: expected ${wants.length}, got ${gots.length}`);
    else if (!pair(wants, gots, gots.map(() => false))) {
      diff.push(`findings of ${rule}: ${JSON.stringify(wants)} do not pair up with ${JSON.stringify(gots)}`);
    }
  }
  return diff;
}

test('richer expectations are compared', () => {
  const verdict = {
    findings: [
      { rule: 'a', severity: 'block', message: 'jail', span: { start: 3, end: 7, text: 'jail' } },
      { rule: 'a', severity: 'warn', message: 'm', span: null, retry_at: '2026-03-11T13:00:00Z' },
    ],
    time_zones: ['America/Chicago'],
    jurisdictions: ['US', 'US-IL'],
    packs: [{ id: 'us-federal' }],
  };
  const ok = {
    rules: ['a'],
    findings: [
      { rule: 'a', span: null, retry_at: '2026-03-11T13:00:00Z' },
      { rule: 'a', severity: 'block', span: { text: 'jail', field: 'body' } },
    ],
    time_zones: ['America/Chicago'],
    jurisdictions: ['US-IL', 'US'],
    packs: ['us-federal'],
  };
  assert.deepEqual(shapeErrors(ok), []);
  assert.deepEqual(richerDiff(ok, verdict), []);
  for (const wrong of [
    { findings: [{ rule: 'a' }] },
    { findings: [{ rule: 'a', severity: 'warn' }, { rule: 'a', severity: 'warn' }] },
    { findings: [{ rule: 'a', span: { start: 4 } }, { rule: 'a' }] },
    { findings: [{ rule: 'a', retry_at: null }, { rule: 'a', retry_at: null }] },
    { findings: [{ rule: 'a', message_contains: 'x' }, { rule: 'a' }] },
    { time_zones: ['America/New_York'] },
    { jurisdictions: ['US'] },
    { packs: [] },
  ]) {
    assert.notDeepEqual(richerDiff(wrong, verdict), [], JSON.stringify(wrong));
  }
  assert.notDeepEqual(shapeErrors({ rules: [], findngs: [] }), []);
  assert.notDeepEqual(shapeErrors({ rules: ['a'], findings: [{ rule: 'a', sevrity: 'warn' }] }), []);
  assert.notDeepEqual(shapeErrors({ rules: ['a'], findings: [{ rule: 'b' }] }), []);
});

const files = caseFiles(casesDir);
const names = files.map((f) => relative(casesDir, f).split(sep).join('/'));

test('the corpus and the Rust runner output are there', () => {
  assert.ok(files.length > 0, `no conformance cases under ${casesDir}`);
  assert.ok(
    existsSync(rustJsonl),
    `${rustJsonl} is missing: run \`cargo test -p fairtouch --test conformance\` first (bindings/wasm/test.sh does)`,
  );
});

const rust = new Map();
if (existsSync(rustJsonl)) {
  for (const line of readFileSync(rustJsonl, 'utf8').split('\n')) {
    if (line.trim()) {
      const row = JSON.parse(line);
      rust.set(row.case, row);
    }
  }
}

const engine = new Engine();

test('the Rust runner output covers exactly the corpus', () => {
  const missing = names.filter((n) => !rust.has(n));
  const stale = [...rust.keys()].filter((n) => !names.includes(n));
  assert.deepEqual({ missing, stale }, { missing: [], stale: [] },
    'target/conformance/rust.jsonl is out of date: rerun `cargo test -p fairtouch --test conformance`');
});

test('the wasm package embeds the same packs as the Rust run', () => {
  const ours = new Map(engine.packs().map((p) => [p.id, p.digest]));
  const stale = new Set();
  for (const row of rust.values()) {
    for (const p of row.verdict?.packs ?? []) {
      if (ours.get(p.id) !== p.digest) stale.add(`${p.id} (wasm ${ours.get(p.id) ?? 'missing'}, rust ${p.digest})`);
    }
  }
  assert.deepEqual([...stale], [], 'rules/ changed between the wasm build and the Rust run: rerun bindings/wasm/test.sh');
});

for (const [i, file] of files.entries()) {
  const name = names[i];
  test(`case ${name}`, () => {
    const kase = JSON.parse(readFileSync(file, 'utf8'));
    const expected = kase.expected ?? {};
    assert.deepEqual(shapeErrors(expected), [], 'malformed expectation');
    const want = rust.get(name);
    let verdict;
    let error;
    try {
      verdict = engine.evaluate(kase.attempt);
    } catch (e) {
      if (e?.name !== 'FairtouchError') throw e;
      error = e;
    }
    if (expected.error !== undefined) {
      assert.ok(error, `expected an error containing ${JSON.stringify(expected.error)}, got a ${verdict?.decision} verdict`);
      assert.ok(error.message.includes(expected.error), `error ${JSON.stringify(error.message)} lacks ${JSON.stringify(expected.error)}`);
      assert.equal(error.kind, 'invalid_attempt');
      if (want) assert.equal(error.message, want.error, 'same error message as the Rust runner');
      return;
    }
    assert.ok(!error, `attempt rejected: ${error?.message}`);
    // The very verdict the Rust runner produced.
    if (want) {
      assert.ok(want.verdict, `the Rust runner rejected this attempt: ${want.error}`);
      assert.deepStrictEqual(canonical(verdict), canonical(want.verdict));
      assert.equal(JSON.stringify(canonical(verdict)), JSON.stringify(canonical(want.verdict)));
    }
    // And what the case expects.
    assert.equal(verdict.decision, expected.decision, 'decision');
    const got = [...new Set(verdict.findings.map((f) => f.rule))].sort();
    assert.deepEqual(got, [...new Set(expected.rules ?? [])].sort(), 'rules');
    if ('next_allowed_at' in expected) assert.equal(verdict.next_allowed_at, expected.next_allowed_at, 'next_allowed_at');
    assert.deepEqual(richerDiff(expected, verdict), [], 'findings, time_zones, jurisdictions, packs');
    // evaluateJson gives the same verdict text as JSON.stringify of the object path.
    assert.deepStrictEqual(JSON.parse(engine.evaluateJson(JSON.stringify(kase.attempt))), verdict);
  });
}
