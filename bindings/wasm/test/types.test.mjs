// The shipped TypeScript types compile a small typed example (tsc --noEmit, strict).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));

test('tsc --noEmit accepts test/typed-example.ts against js/*.d.ts', () => {
  assert.ok(existsSync(tsc), 'typescript is not installed: run `npm ci` in bindings/wasm');
  const r = spawnSync(process.execPath, [tsc, '-p', 'test/tsconfig.json'], { cwd: pkg, encoding: 'utf8' });
  assert.equal(r.status, 0, `tsc failed:\n${r.stdout}${r.stderr}`);
});
