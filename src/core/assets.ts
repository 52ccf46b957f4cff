// Where the files the code reads at run time are: the built rules, the WebAssembly kernels, the worker
// scripts, package.json. The same code runs as tsc's module tree (dist/<folder>/<module>.js) and as
// the bundle the CLI loads (dist/bundle/<chunk>.js, scripts/bundle.mjs): both sit one folder below
// dist/, so paths are taken from there and resolve the same way in either.

const here = new URL('.', import.meta.url);
const dist = new URL('../', here);

/** Whether this code runs from the bundle (dist/bundle/). */
export const BUNDLED = here.pathname.endsWith('/bundle/');

/** A file under dist/ (`rules/builtin/`, `native/kernels.wasm`; `../package.json` for the package's). */
export function distUrl(relative: string): URL {
  return new URL(relative, dist);
}

/**
 * A worker thread's script: the bundle's own entry point when running bundled (its modules are then
 * loaded once, as one file), else the module in tsc's tree (`pipeline/worker`).
 */
export function workerUrl(module: 'pipeline/worker' | 'detect/analyzers/pdf-worker'): URL {
  return BUNDLED ? new URL(`./${module.slice(module.lastIndexOf('/') + 1)}.js`, here) : distUrl(`${module}.js`);
}
