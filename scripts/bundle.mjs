// Bundles tsc's output for the CLI: dist/cli/main.js and the two worker scripts become dist/bundle/
// (one file each, plus chunks the commands load on demand). Loading 130 small ES modules one by one
// cost the scan command ~0.1 s of start-up, and each worker thread as much again; a bundle is
// compiled as one file. npm packages stay outside (loaded from node_modules as usual). The module tree
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
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
