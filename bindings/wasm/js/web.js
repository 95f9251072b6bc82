// fairtouch for browsers and bundlers (ES module).
//   import init, { Engine } from './js/web.js';
//   await init();                       // fetches pkg/fairtouch_wasm_bg.wasm once
//   const verdict = new Engine().evaluate(attempt);
import initWasm, * as raw from '../pkg/fairtouch_wasm.js';
import { makeApi, FairtouchError } from './core.js';

let ready = false;
let pending = null;

/**
 * Instantiates the WebAssembly module (once). `input` may be a URL, a Response, bytes or a
 * WebAssembly.Module; by default the .wasm next to the wasm-bindgen glue is fetched.
 */
export function init(input) {
  pending ??= initWasm(input === undefined ? undefined : { module_or_path: input }).then(() => {
    ready = true;
  });
  return pending;
}
export default init;

export const { Engine } = makeApi(raw, () => {
  if (!ready) throw new Error('fairtouch: call `await init()` before `new Engine()`');
});
export { FairtouchError };
/** The package version (after init). */
export const version = () => raw.version();
