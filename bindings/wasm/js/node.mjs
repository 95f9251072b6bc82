// fairtouch for Node.js: synchronous, the WebAssembly module is compiled on import.
//   import { Engine } from 'fairtouch-wasm';
//   const verdict = new Engine().evaluate(attempt);
import { createRequire } from 'node:module';
import { makeApi, FairtouchError } from './core.js';

const require = createRequire(import.meta.url);
const glue = '../pkg-node/fairtouch_wasm.js';
let raw;
try {
  raw = require(glue);
} catch (e) {
  // A clone before its first build has no pkg-node/: say what to do, not just "cannot find module".
  if (e?.code === 'MODULE_NOT_FOUND' && String(e.message).includes('pkg-node')) {
    throw new Error(
      'fairtouch-wasm is not built: bindings/wasm/pkg-node/ is missing; run bash bindings/wasm/build.sh first',
      { cause: e },
    );
  }
  throw e;
}

const api = makeApi(raw);
export const { Engine } = api;
export { FairtouchError };
/** The package version. */
export const version = raw.version();
/** No-op in Node (the module is ready on import); present so code can be shared with the browser. */
export async function init() {}
export default init;
/** @internal Panics inside WebAssembly, for the test suite. */
export const __panicForTests = () => api.call(() => raw.__panicForTests());
