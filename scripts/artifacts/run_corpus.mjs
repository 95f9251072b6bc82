// The corpus through the installed npm package in Node.js: one verdict a line (evaluateJson: the
// engine's verdict JSON), or {"error": {"path": ..., "message": ...}} for an attempt the engine
// refuses. Usage, from the project that installed fairtouch-wasm: node run_corpus.mjs corpus.jsonl
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Engine, FairtouchError, version } from 'fairtouch-wasm';

const where = createRequire(import.meta.url).resolve('fairtouch-wasm/package.json');
if (!where.startsWith(process.cwd())) throw new Error(`fairtouch-wasm resolved to ${where}, outside ${process.cwd()}`);
console.error(`fairtouch-wasm ${version} from ${where}`);

const engine = new Engine();
const out = [];
for (const line of readFileSync(process.argv[2], 'utf8').split('\n')) {
  if (line === '') continue;
  try {
    out.push(engine.evaluateJson(line));
  } catch (e) {
    if (!(e instanceof FairtouchError)) throw e;
    out.push(JSON.stringify({ error: { path: e.path ?? null, message: e.message } }));
  }
}
process.stdout.write(out.join('\n') + '\n');
