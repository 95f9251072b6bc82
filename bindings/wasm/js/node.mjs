// fairtouch for Node.js: synchronous, the WebAssembly module is compiled on import.
//   import { Engine } from 'fairtouch-wasm';
//   const verdict = new Engine().evaluate(attempt);
import { createRequire } from 'node:module';
import { makeApi, FairtouchError } from './core.js';

const require = createRequire(import.meta.url);
const raw = require('../pkg-node/fairtouch_wasm.js');

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
