// The playground in headless Chromium (Debian's chromium, driven by playwright-core): load the
// page from a local static server, type a threatening message, and check the block decision and
// the highlighted words. Saves test-results/playground.png (set UPDATE_SCREENSHOT=1 to refresh the
// README's playground.png from it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer, ROOT } from './serve.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const results = fileURLToPath(new URL('../test-results/', import.meta.url));

let server;
let url;
let browser;
let page;
const pageErrors = [];

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium (bindings/wasm/test.sh does)`);
  ({ server, url } = await startServer(ROOT, 0));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
  page = await browser.newPage({ viewport: { width: 1360, height: 900 }, timezoneId: 'Europe/London' });
  page.on('pageerror', (e) => pageErrors.push(e));
  page.on('console', (m) => m.type() === 'error' && pageErrors.push(new Error(m.text())));
  // Offline: any request that is not to the local server fails the test.
  await page.route('**/*', (route) => (route.request().url().startsWith(url) ? route.continue() : route.abort()));
  await page.goto(`${url}/www/`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
});

after(async () => {
  await browser?.close();
  server?.close();
});

test('the compliant preset loads and is not blocked', async () => {
  assert.deepEqual(pageErrors, []);
  const decision = await page.getAttribute('#decision', 'data-decision');
  assert.ok(['allow', 'warn'].includes(decision), `compliant preset gave ${decision}`);
  assert.equal(await page.locator('#highlighted mark.block').count(), 0);
});

test('typing a threat blocks it and highlights the words', async () => {
  const body = page.locator('#body');
  await body.click();
  await page.keyboard.press('Control+End');
  await body.pressSequentially(' Pay today or you will be arrested.', { delay: 5 });
  await page.waitForSelector('#decision[data-decision="block"]');
  assert.equal((await page.textContent('#decision')).trim(), 'block');
  const marks = page.locator('#highlighted mark.block');
  const words = await marks.allTextContents();
  assert.ok(words.includes('arrested'), `highlighted: ${JSON.stringify(words)}`);
  const arrested = marks.filter({ hasText: 'arrested' }).first();
  assert.match(await arrested.getAttribute('data-rules'), /us\.fdcpa\.threat-arrest/);
  assert.match(await arrested.getAttribute('title'), /1692e/);
  assert.equal(await page.locator('#findings li[data-rule="us.fdcpa.threat-arrest"]').count(), 1);
  await arrested.hover();
  mkdirSync(results, { recursive: true });
  await page.screenshot({ path: `${results}playground.png`, fullPage: false });
  if (process.env.UPDATE_SCREENSHOT === '1') {
    copyFileSync(`${results}playground.png`, fileURLToPath(new URL('../playground.png', import.meta.url)));
  }
  assert.deepEqual(pageErrors, []);
});

test('the late-night preset is blocked with a next allowed time in both zones', async () => {
  await page.click('button[data-preset="late"]');
  await page.waitForSelector('#decision[data-decision="block"]');
  assert.equal(await page.locator('#findings li[data-rule="us.regf.inconvenient-time"]').count(), 1);
  const times = await page.locator('#next-times li').allTextContents();
  assert.ok(times.some((t) => t.includes('America/Chicago') && t.includes('08:00')), JSON.stringify(times));
  assert.ok(times.some((t) => t.includes('Europe/London')), JSON.stringify(times));
});

test('every preset evaluates without an error', async () => {
  for (const preset of ['compliant', 'threat', 'late', 'fr', 'pe']) {
    await page.click(`button[data-preset="${preset}"]`);
    const decision = await page.getAttribute('#decision', 'data-decision');
    assert.ok(['allow', 'warn', 'block'].includes(decision), `${preset}: ${decision} ${await page.textContent('#error')}`);
  }
  assert.deepEqual(pageErrors, []);
});
