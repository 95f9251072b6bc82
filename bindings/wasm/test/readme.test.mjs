// The READMEs' JavaScript runs as written: the install line of "Use it from a clone" (into a
// scratch project), every ```js block there as a module importing 'fairtouch-wasm', the ```html
// block in headless Chromium, and the "run bash bindings/wasm/build.sh first" error of an unbuilt
// tree. A `console.log(...); // expected` line must print that.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from './serve.mjs';

const PKG = fileURLToPath(new URL('..', import.meta.url)); // bindings/wasm/
const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const READMES = ['README.md', 'bindings/wasm/README.md'];
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The fenced blocks of one language in a README, with their line numbers. */
function blocks(readme, lang) {
  const text = readFileSync(join(REPO, readme), 'utf8');
  const out = [];
  for (const m of text.matchAll(new RegExp('^```' + lang + '\\n([\\s\\S]*?)^```', 'gm'))) {
    out.push({ where: `${readme}:${text.slice(0, m.index).split('\n').length}`, code: m[1] });
  }
  return out;
}

/** `console.log(...); // block null` lines: the outputs they promise, in order. */
function promised(code) {
  return [...code.matchAll(/^\s*console\.log\(.*\);?\s*\/\/\s*(.+?)\s*$/gm)].map((m) => m[1]);
}

function assertPrinted(where, stdout, wanted) {
  const lines = stdout.split('\n').map((l) => l.trim());
  let at = 0;
  for (const want of wanted) {
    while (at < lines.length && lines[at] !== want) at++;
    assert.ok(at < lines.length, `${where}: expected a line ${JSON.stringify(want)}, got:\n${stdout}`);
    at++;
  }
}

let demo;

before(() => {
  demo = mkdtempSync(join(tmpdir(), 'fairtouch-demo-'));
});

after(() => {
  if (demo) rmSync(demo, { recursive: true, force: true });
});

test('the install line of each README installs the package into a scratch project', () => {
  for (const readme of READMES) {
    const install = blocks(readme, 'sh')
      .flatMap((b) => b.code.split('\n'))
      .find((l) => l.startsWith('npm install --prefix /tmp/fairtouch-demo '));
    assert.ok(install, `${readme}: no "npm install --prefix /tmp/fairtouch-demo ..." line`);
    // As written, from the repository root, but into this test's own directory.
    const line = `${install.replaceAll('/tmp/fairtouch-demo', demo)} --offline --no-audit --no-fund --loglevel=error`;
    execFileSync('bash', ['-c', line], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  }
  assert.ok(existsSync(join(demo, 'node_modules', 'fairtouch-wasm', 'package.json')));
});

for (const readme of READMES) {
  for (const { where, code } of blocks(readme, 'js')) {
    test(`${where}: the Node example runs as written`, () => {
      assert.ok(existsSync(join(demo, 'node_modules', 'fairtouch-wasm')), 'the install test runs first');
      const file = join(demo, `demo-${where.replace(/[^A-Za-z0-9]+/g, '-')}.mjs`);
      writeFileSync(file, code);
      const r = spawnSync(process.execPath, [file], { cwd: demo, encoding: 'utf8' });
      assert.equal(r.status, 0, `${where}: the example fails:\n${r.stderr}`);
      const wanted = promised(code);
      assert.ok(wanted.length > 0, `${where}: no console.log with its expected output`);
      assertPrinted(where, r.stdout, wanted);
    });
  }
}

test('the HTML example runs in headless Chromium, from a page at the root of bindings/wasm/', async (t) => {
  if (!existsSync(CHROMIUM)) {
    t.skip(`${CHROMIUM} is missing`);
    return;
  }
  const pages = READMES.flatMap((r) => blocks(r, 'html'));
  assert.ok(pages.length > 0);
  const { server, url } = await startServer(PKG, 0);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    for (const { where, code } of pages) {
      const page = await browser.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e));
      // The snippet as a page of its own, at the package root, so that './js/web.js' resolves.
      await page.route(`${url}/readme-example.html`, (route) =>
        route.fulfill({ contentType: 'text/html', body: `<!doctype html><body></body>${code}` }),
      );
      await page.goto(`${url}/readme-example.html`);
      const want = code.match(/textContent = .*\/\/\s*(\S+)\s*$/m)?.[1];
      assert.ok(want, `${where}: no "textContent = ...; // expected" line`);
      await page.waitForFunction((w) => document.body.textContent === w, want, { timeout: 20000 }).catch(() => {});
      assert.deepEqual(errors, [], `${where}`);
      assert.equal(await page.textContent('body'), want, where);
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
});

test('before the build, importing fails with "run bash bindings/wasm/build.sh first"', async () => {
  // A copy of js/ with no pkg/ or pkg-node/ beside it: the tree of a fresh clone.
  const unbuilt = mkdtempSync(join(tmpdir(), 'fairtouch-unbuilt-'));
  try {
    cpSync(join(PKG, 'js'), join(unbuilt, 'js'), { recursive: true });
    writeFileSync(join(unbuilt, 'package.json'), '{ "type": "module" }');
    await assert.rejects(import(pathToFileURL(join(unbuilt, 'js', 'node.mjs')).href), (e) => {
      assert.match(e.message, /pkg-node\/ is missing; run bash bindings\/wasm\/build\.sh first/);
      return true;
    });
    const web = await import(pathToFileURL(join(unbuilt, 'js', 'web.js')).href);
    await assert.rejects(web.init(), /not built .*run bash bindings\/wasm\/build\.sh first/);
    assert.throws(() => new web.Engine(), /call `await init\(\)`/);
  } finally {
    rmSync(unbuilt, { recursive: true, force: true });
  }
});
