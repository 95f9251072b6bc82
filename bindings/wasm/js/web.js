// fairtouch for browsers and bundlers (ES module).
//   import init, { Engine } from './js/web.js';
//   await init();                       // fetches pkg/fairtouch_wasm_bg.wasm once
//   const verdict = new Engine().evaluate(attempt);
import { makeApi, FairtouchError } from './core.js';

/** The wasm-bindgen glue (`pkg/fairtouch_wasm.js`), once `init()` has loaded it. */
let wasm = null;
let pending = null;

/**
 * Loads the wasm-bindgen glue and instantiates the WebAssembly module (once). `input` may be a
 * URL, a Response, bytes or a WebAssembly.Module; by default the .wasm next to the glue is fetched.
 * The glue is imported here rather than statically, so that a tree not yet built fails with
 * what to do instead of a bare 404 or "cannot find module".
 */
export function init(input) {
  pending ??= import('../pkg/fairtouch_wasm.js')
    .catch((e) => {
      pending = null;
      throw new Error(
        'fairtouch-wasm is not built (cannot load bindings/wasm/pkg/fairtouch_wasm.js): ' +
          'run bash bindings/wasm/build.sh first',
        { cause: e },
      );
    })
    .then(async (glue) => {
      await glue.default(input === undefined ? undefined : { module_or_path: input });
      wasm = glue;
    });
  return pending;
}
export default init;

// The API reads the glue's exports only when called, after `init()`.
const raw = new Proxy({}, {
  get: (_, name) => {
    if (wasm === null) throw new Error('fairtouch: call `await init()` first');
    return wasm[name];
  },
});
export const { Engine } = makeApi(raw, () => {
  if (wasm === null) throw new Error('fairtouch: call `await init()` before `new Engine()`');
});
export { FairtouchError };
/** The package version (after init). */
export const version = () => raw.version();
