// The corpus through the npm package in a browser, as a bundler (Vite) packs it: the page fetches
// corpus.jsonl and leaves one verdict (or error) a line in window.__answers, for browser.mjs.
import init, { Engine, FairtouchError } from 'fairtouch-wasm';

async function run() {
  await init(); // fetches the .wasm the bundler emitted
  const engine = new Engine();
  const text = await (await fetch('./corpus.jsonl')).text();
  const out = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    try {
      out.push(engine.evaluateJson(line));
    } catch (e) {
      if (!(e instanceof FairtouchError)) throw e;
      out.push(JSON.stringify({ error: { path: e.path ?? null, message: e.message } }));
    }
  }
  window.__answers = out.join('\n') + '\n';
  document.getElementById('status').textContent = `done: ${out.length} answers`;
}
run().catch((e) => {
  window.__failure = String(e?.stack ?? e);
});
