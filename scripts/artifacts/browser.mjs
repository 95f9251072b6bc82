// Serves a Vite build (DIR) on 127.0.0.1 and loads it in headless Chromium (playwright-core,
// Debian's /usr/bin/chromium); writes the page's answers to the corpus to OUT.
// Usage, from the project that installed fairtouch-wasm, vite and playwright-core:
//   node browser.mjs DIR OUT
import { createServer } from 'node:http';
import { readFile, writeFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';

const [dir, outFile] = process.argv.slice(2);
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.jsonl': 'text/plain' };
const served = [];
const server = createServer(async (req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^\/+/, '') || 'index.html';
  try {
    const body = await readFile(join(dir, path));
    served.push(path);
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    served.push(`${path} (404)`);
    res.writeHead(404).end();
  }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const url = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
});
try {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  await page.goto(url);
  await page.waitForFunction(() => window.__answers !== undefined || window.__failure !== undefined, null, { timeout: 120_000 });
  const failure = await page.evaluate(() => window.__failure);
  if (failure || problems.length) {
    throw new Error(`the page failed: ${failure ?? ''}\n${problems.join('\n')}\nserved: ${served.join(', ')}`);
  }
  if (!served.some((p) => p.endsWith('.wasm'))) throw new Error(`no .wasm was fetched (served: ${served.join(', ')})`);
  await writeFile(outFile, await page.evaluate(() => window.__answers));
  console.error(`chromium: ${url} (${served.join(', ')})`);
} finally {
  await browser.close();
  server.close();
}
