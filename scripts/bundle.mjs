// Bundles tsc's output for the CLI: dist/cli/main.js and the two worker scripts become dist/bundle/
// (one file each, plus chunks the commands load on demand). Loading 130 small ES modules one by one
// cost the scan command ~0.1 s of start-up, and each worker thread as much again; a bundle is
// compiled as one file. The small CommonJS packages every scan loads (commander, ignore, picomatch) go
// into the bundle too: imported from node_modules, each was first lexed for its exports by Node's
// CommonJS lexer, which then got hot enough to be optimized in the background (~60 ms of CPU per
// thread). Other npm packages stay outside (loaded from node_modules as usual): better-sqlite3 (a native
// addon), pdfjs-dist (large, loaded only for PDFs) and those loaded on first use. The module tree
// stays: tests import it, and the bundle is built from it (src/core/assets.ts finds files from both).
import { build } from 'esbuild';
import fs from 'node:fs';

const outdir = 'dist/bundle';
fs.rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: {
    main: 'dist/cli/main.js',
    worker: 'dist/pipeline/worker.js',
    'pdf-worker': 'dist/detect/analyzers/pdf-worker.js',
  },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3', 'pdfjs-dist', 'pdfjs-dist/*'],
  // The bundled CommonJS packages require Node's modules: give the ES module output a `require`.
  banner: { js: "import { createRequire as keyholeCreateRequire } from 'node:module';\nconst require = keyholeCreateRequire(import.meta.url);" },
  sourcemap: 'linked',
  logLevel: 'warning',
});
