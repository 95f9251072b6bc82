// Per-call cost of evaluate in the WebAssembly build (Node) against native Rust, in one run.
//
//   bash bindings/wasm/build.sh && node benches/wasm_bench.mjs [iterations]
//
// With --json (used by benches/peers/run.sh, which measures the native side itself): the
// WebAssembly figures only, as one JSON line, without building or running the native example.
//
// The attempt is benches/fixtures/sms_attempt.json (a 160-character SMS with 20 history events
// to a US debtor). Native figures come from `cargo run --release -p fairtouch-wasm --example
// native_bench`, run by this script.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { Engine } from '../bindings/wasm/js/node.mjs';
import { checkedJson } from '../bindings/wasm/js/core.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const fixture = `${root}benches/fixtures/sms_attempt.json`;
const json = readFileSync(fixture, 'utf8');
const attempt = JSON.parse(json);
const args = process.argv.slice(2);
const jsonOnly = args.includes('--json');
const iterations = Number(args.find((a) => /^\d+$/.test(a)) ?? 2000);

// CPU time of this process (user + system), not wall time: on a machine shared with other work
// the time spent waiting for a core is not counted (the native figures are thread CPU time too).
function perCallNs(fn) {
  for (let i = 0; i < iterations / 10 + 1; i++) fn();
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const t0 = process.cpuUsage();
    for (let i = 0; i < iterations; i++) fn();
    const d = process.cpuUsage(t0);
    best = Math.min(best, ((d.user + d.system) * 1000) / iterations);
  }
  return best;
}

const t0 = performance.now();
const engine = new Engine();
const buildMs = performance.now() - t0;
const t1 = performance.now();
const first = engine.evaluate(attempt);
const firstMs = performance.now() - t1;

let sink = 0;
const wasm = {
  object: perCallNs(() => { sink += engine.evaluate(attempt).findings.length; }),
  json: perCallNs(() => { sink += engine.evaluateJson(json).length; }),
  many100: perCallNs(() => { sink += engine.evaluateMany(Array(100).fill(attempt)).length; }) / 100,
};
// Where the object path's time goes: the check and JSON.stringify in JavaScript, the call into
// the module with its text (evaluateJson: UTF-16 -> UTF-8 copy in, parse, evaluate, serialise,
// UTF-8 -> UTF-16 copy out), and JSON.parse of the verdict.
const verdictText = engine.evaluateJson(json);
const parts = {
  check: perCallNs(() => { sink += checkedJson(attempt).length; }),
  stringify: perCallNs(() => { sink += JSON.stringify(attempt).length; }),
  parse: perCallNs(() => { sink += JSON.parse(verdictText).findings.length; }),
};

if (jsonOnly) {
  console.log(JSON.stringify({ node: process.version, decision: first.decision, object_ns: wasm.object, json_ns: wasm.json, many100_ns: wasm.many100 }));
  process.exit(0);
}

const native = JSON.parse(
  execFileSync('cargo', ['run', '--quiet', '--release', '-p', 'fairtouch-wasm', '--example', 'native_bench', '--', fixture, String(iterations)], {
    cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'],
  }).trim().split('\n').pop(),
);

const wasmFile = `${root}bindings/wasm/pkg/fairtouch_wasm_bg.wasm`;
const raw = statSync(wasmFile).size;
const gz = gzipSync(readFileSync(wasmFile), { level: 9 }).length;
const us = (ns) => `${(ns / 1000).toFixed(2)} µs`;

console.log(`fixture: benches/fixtures/sms_attempt.json (${attempt.body.length} chars, ${attempt.history?.length ?? 0} history events) -> ${first.decision}`);
console.log(`node ${process.version}, ${iterations} iterations, best of 5, CPU time`);
console.log('');
console.log('| path | per call | vs native evaluate |');
console.log('| --- | ---: | ---: |');
const row = (name, ns) => console.log(`| ${name} | ${us(ns)} | ${(ns / native.evaluate_ns).toFixed(1)}x |`);
row('native Rust `engine.evaluate(&attempt)` (parsed attempt)', native.evaluate_ns);
row('native Rust `Attempt::from_json`', native.from_json_ns);
row('native Rust `json::evaluate` (JSON text in, JSON text out)', native.json_in_out_ns);
row('wasm `engine.evaluate(object)` (object in, object out)', wasm.object);
row('wasm `engine.evaluateJson(text)` (JSON text in and out)', wasm.json);
row('wasm `engine.evaluateMany(100 objects)`, per attempt', wasm.many100);
console.log('');
console.log('| the object path, part by part | per call | share of `evaluate(object)` |');
console.log('| --- | ---: | ---: |');
const part = (name, ns) => console.log(`| ${name} | ${us(ns)} | ${((100 * ns) / wasm.object).toFixed(0)}% |`);
part('JavaScript: check the object and `JSON.stringify` it (`checkedJson`)', parts.check);
part('  of which `JSON.stringify` alone', parts.stringify);
part('wasm: text in, parse, evaluate, verdict text out (`evaluateJson`)', wasm.json);
part('  of which the same work natively (`json::evaluate`)', native.json_in_out_ns);
part('JavaScript: `JSON.parse` of the verdict', parts.parse);
console.log('');
console.log(`engine construction in wasm: ${buildMs.toFixed(1)} ms; first evaluate (lazy tables): ${firstMs.toFixed(1)} ms`);
console.log(`pkg/fairtouch_wasm_bg.wasm: ${raw} bytes raw (${(raw / 1048576).toFixed(2)} MiB), ${gz} bytes gzip -9 (${(gz / 1048576).toFixed(2)} MiB)`);
if (sink === -1) console.log(sink);
