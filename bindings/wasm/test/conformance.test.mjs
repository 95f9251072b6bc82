// The conformance corpus through the Node build: every case of tests/cases/ must give exactly
// the verdict (or error) that the Rust runner wrote to target/conformance/rust.jsonl
// (`cargo test -p fairtouch --test conformance`), and the decision, rules and next allowed time
// the case expects.
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
    // evaluateJson gives the same verdict text as JSON.stringify of the object path.
    assert.deepStrictEqual(JSON.parse(engine.evaluateJson(JSON.stringify(kase.attempt))), verdict);
  });
}
