// Builds and caches the benchmark corpus: real source text from large npm packages.
//
// Layout (default root ~/.cache/keyhole-bench):
//   corpus/                       the full corpus (≈380 MB of text, ≈16k files)
//   corpus.manifest.json          written last; its presence means "corpus complete, reuse it"
//   corpus-subset-20mb/           the subset the slow peers scan (and its .manifest.json)
//   corpus-quick-30mb/            the --quick corpus (and its .manifest.json)
//
// The packages are installed with `npm install --no-save --ignore-scripts` into a scratch
// directory and then moved into corpus/ with three normalisations, so that every contestant
// scans exactly the same bytes:
//   * binary files (a NUL byte in the first 8000 bytes, git's test) are dropped — the corpus is text;
//   * symlinks (node_modules/.bin) and npm's own node_modules/.package-lock.json are dropped;
//   * every `node_modules` path segment is renamed `nm`, because gitleaks and secretlint skip any
//     path containing node_modules by default and would otherwise scan (almost) nothing.
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, sep } from 'node:path';
import { MB, fmt, log, runTimed, seededRandom, tail, treeStats, walkFiles } from './util.mjs';

/**
 * Pinned so that the corpus is the same everywhere. Chosen for volume of real JS/TS text
 * (bundles, sources, type declarations, source maps, JSON models). engines fields are ignored:
 * nothing here is ever executed (--ignore-scripts).
 */
export const CORPUS_PACKAGES = [
  'typescript@5.9.3',
  'aws-sdk@2.1693.0',
  'monaco-editor@0.52.2',
  'echarts@5.6.0',
  'three@0.170.0',
  'pdfjs-dist@4.10.38',
  'rxjs@7.8.2',
  'lodash@4.17.21',
  '@babel/core@7.26.10',
  '@babel/preset-env@7.26.9',
  '@fortawesome/fontawesome-free@6.7.2',
];

const MANIFEST_VERSION = 1;

const manifestPath = (dir) => `${dir}.manifest.json`;

function readManifest(dir) {
  try {
    return JSON.parse(readFileSync(manifestPath(dir), 'utf8'));
  } catch {
    return undefined;
  }
}

/** git's binary heuristic: a NUL byte in the first 8000 bytes. */
function isBinary(path) {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(8000);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).includes(0);
  } finally {
    closeSync(fd);
  }
}

/**
 * Returns { dir, bytes, files, reused } for the full corpus, building it if needed.
 * `userSupplied`: the directory came from --corpus; if it exists without a manifest it is taken
 * as the user's own corpus and used as-is.
 */
export async function ensureCorpus(dir, { userSupplied = false } = {}) {
  const manifest = readManifest(dir);
  if (existsSync(dir) && manifest?.version === MANIFEST_VERSION && manifest.complete) {
    const stats = treeStats(dir);
    return { dir, ...stats, packages: manifest.packages, reused: true };
  }
  if (existsSync(dir) && userSupplied && !manifest) {
    log(`  using ${dir} as-is (no manifest: taken to be your own corpus)`);
    return { dir, ...treeStats(dir), packages: [], reused: true };
  }

  // A half-built corpus (no manifest) from an interrupted run: start again.
  rmSync(dir, { recursive: true, force: true });
  const installDir = `${dir}.install`;
  const stagingDir = `${dir}.staging`;
  rmSync(installDir, { recursive: true, force: true });
  rmSync(stagingDir, { recursive: true, force: true });
  mkdirSync(installDir, { recursive: true });
  // A package.json of its own keeps npm from walking up to some ancestor project.
  writeFileSync(join(installDir, 'package.json'), JSON.stringify({ name: 'keyhole-bench-corpus', private: true }));

  log(`  installing ${CORPUS_PACKAGES.length} packages into ${installDir} (one-off, ~15 s on a good link)`);
  const npm = await runTimed('npm', [
    'install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock',
    '--loglevel=error', ...CORPUS_PACKAGES,
  ], { cwd: installDir, timeoutSec: 1800 });
  if (npm.code !== 0) throw new Error(`npm install for the corpus failed (exit ${npm.code}):\n${tail(npm.stderr)}`);

  // Move the text files into place (rename: same filesystem, no copying).
  let dropped = 0;
  const nm = join(installDir, 'node_modules');
  for (const f of walkFiles(nm)) {
    if (f.rel === '.package-lock.json' || isBinary(f.path)) {
      dropped++;
      continue;
    }
    const rel = f.rel.split(sep).map((s) => (s === 'node_modules' ? 'nm' : s)).join(sep);
    const to = join(stagingDir, rel);
    mkdirSync(dirname(to), { recursive: true });
    renameSync(f.path, to);
  }
  renameSync(stagingDir, dir);
  rmSync(installDir, { recursive: true, force: true });
  const stats = treeStats(dir);
  writeFileSync(manifestPath(dir), JSON.stringify({
    version: MANIFEST_VERSION, complete: true, packages: CORPUS_PACKAGES, ...stats, droppedBinaryFiles: dropped,
    builtAt: new Date().toISOString(),
  }, null, 2));
  log(`  corpus built: ${fmt.mb(stats.bytes)} MB in ${stats.files} files (${dropped} binary files dropped)`);
  return { dir, ...stats, packages: CORPUS_PACKAGES, reused: false };
}

/**
 * Copies a deterministic, representative sample of `sourceDir` into `subsetDir`, up to
 * `limitBytes`. Files are taken in a seeded shuffle order (so every package is represented, not
 * just the alphabetically first one); a file that would overflow the limit, or is larger than
 * `maxFileBytes` (so one 15 MB source map cannot be half the subset), or has an excluded
 * extension, is skipped. Relative paths are kept.
 */
export function ensureSubset(sourceDir, subsetDir, limitBytes, { maxFileBytes = limitBytes / 10, excludeExt = [], seed = 42 } = {}) {
  const want = { version: MANIFEST_VERSION, source: sourceDir, limitBytes, maxFileBytes, excludeExt, seed };
  const manifest = readManifest(subsetDir);
  if (existsSync(subsetDir) && manifest?.complete &&
      Object.entries(want).every(([k, v]) => JSON.stringify(manifest[k]) === JSON.stringify(v))) {
    return { dir: subsetDir, bytes: manifest.bytes, files: manifest.files, reused: true };
  }
  rmSync(subsetDir, { recursive: true, force: true });
  const all = [...walkFiles(sourceDir)].filter((f) => f.size > 0 && f.size <= maxFileBytes && !excludeExt.includes(extname(f.rel).toLowerCase()));
  // Fisher–Yates with a fixed seed.
  const rand = seededRandom(seed);
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [all[i], all[j]] = [all[j], all[i]];
  }
  let bytes = 0;
  let files = 0;
  for (const f of all) {
    if (bytes + f.size > limitBytes) continue;
    const to = join(subsetDir, f.rel);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(f.path, to);
    bytes += f.size;
    files++;
    if (limitBytes - bytes < 1024) break;
  }
  writeFileSync(manifestPath(subsetDir), JSON.stringify({ ...want, complete: true, bytes, files }, null, 2));
  return { dir: subsetDir, bytes, files, reused: false };
}

export { MB };
