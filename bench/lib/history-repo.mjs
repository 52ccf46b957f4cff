// Builds and caches the git-history benchmark repository: successive versions of a few large npm
// packages, one commit per version, packed as a server would hold it.
//
// Layout (root ~/.cache/keyhole-bench/history):
//   tarballs/                     `npm pack` tarballs (shared by every repository below)
//   tarballs/manifest.json        spec → { filename, shasum, size }, checked before reuse
//   repo-full.git                 the bare repository (≈ 500 MB of blobs across history)
//   repo-full.manifest.json       written last; its presence means "repository complete, reuse it"
//   repo-quick.git                the --quick repository (≈ 60 MB of blobs) and its manifest
//
// Each package lives in its own directory at the top of the tree (typescript/, three/, ...), like a
// vendored monorepo. Commits go round-robin over the packages, oldest version first; committing a
// version empties that package's directory, extracts the tarball's package/ contents into it and
// runs `git add -A` (so files a release dropped are deleted, as in real history). Author, committer
// and dates are fixed per commit, git runs without the user's configuration, and each commit gets a
// lightweight tag NAME-vVERSION: the same specs give the same commit ids on every machine. At the end
// the repository is made bare and packed once with `git repack -a -d` (no --aggressive: this is
// what an ordinary server holds).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MB, fmt, log, runTimed, tail } from './util.mjs';

/** Pinned versions. Unique blob bytes are noted per package (text, apart from a few .wasm files in three). */
export const HISTORY_PACKAGES = {
  full: [
    // ≈ 340 MB: every release rewrites the ≈ 9 MB compiler bundles (and 4.9 ships four of them)
    { name: 'typescript', versions: ['4.9.5', '5.0.4', '5.1.6', '5.2.2', '5.3.3', '5.4.5', '5.5.4', '5.6.3', '5.7.3', '5.8.3', '5.9.3'] },
    // ≈ 130 MB: build/ bundles change every release, examples/ partly
    { name: 'three', versions: ['0.150.0', '0.151.0', '0.152.0', '0.153.0', '0.154.0', '0.155.0', '0.156.0', '0.157.0',
      '0.158.0', '0.159.0', '0.160.0', '0.161.0', '0.162.0', '0.163.0', '0.164.0'] },
    // ≈ 36 MB: many small files, a third of them touched per release
    { name: 'rxjs', versions: ['6.4.0', '6.5.0', '6.5.5', '6.6.0', '6.6.7', '7.0.0', '7.1.0', '7.2.0', '7.3.0', '7.4.0',
      '7.5.0', '7.5.7', '7.6.0', '7.8.0', '7.8.2'] },
    // ≈ 13 MB: ~1000 small modules, most unchanged between releases
    { name: 'lodash', versions: ['4.10.0', '4.11.0', '4.12.0', '4.13.0', '4.14.0', '4.15.0', '4.16.0', '4.16.6', '4.17.0',
      '4.17.4', '4.17.5', '4.17.10', '4.17.15', '4.17.20', '4.17.21'] },
  ],
  // ≈ 60 MB, a subset of the full list (the tarballs are shared)
  quick: [
    { name: 'typescript', versions: ['5.8.3', '5.9.3'] },
    { name: 'rxjs', versions: ['7.4.0', '7.5.0', '7.5.7', '7.6.0', '7.8.0', '7.8.2'] },
    { name: 'lodash', versions: ['4.17.10', '4.17.15', '4.17.20', '4.17.21'] },
  ],
};

const MANIFEST_VERSION = 2; // 2: every file of a release hashed (1 could keep stale blobs)
const BASE_DATE = Date.UTC(2023, 0, 2, 9, 0, 0); // commit i is dated BASE_DATE + i * 6 h

/**
 * git without the user's or the system's configuration (no signing, hooks, autocrlf, templates
 * or default branch from ~/.gitconfig), so that the repository is the same everywhere.
 */
function gitEnv(extra = {}) {
  return {
    ...process.env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    LC_ALL: 'C',
    ...extra,
  };
}

async function git(args, { cwd, env, timeoutSec = 1800, capture = true } = {}) {
  const r = await runTimed('git', args, { cwd, env: env ?? gitEnv(), timeoutSec, captureStdout: capture });
  if (r.code !== 0) throw new Error(`git ${args.join(' ')} failed (${r.timedOut ? 'timed out' : `exit ${r.code}`}):\n${tail(r.stderr)}`);
  return r.stdout;
}

const specsOf = (packages) => packages.flatMap((p) => p.versions.map((v) => `${p.name}@${v}`));
/** npm pack's file name: @scope/name@1.0.0 → scope-name-1.0.0.tgz */
const tarballName = (name, version) => `${name.replace(/^@/, '').replace(/\//g, '-')}-${version}.tgz`;
const sha1File = (path) => createHash('sha1').update(readFileSync(path)).digest('hex');

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Makes sure every tarball is in `dir`, fetching the missing ones with one `npm pack` call.
 * A cached tarball is reused only if its sha1 matches the one npm reported when it was fetched.
 */
async function ensureTarballs(dir, packages) {
  mkdirSync(dir, { recursive: true });
  const manifestFile = join(dir, 'manifest.json');
  const manifest = readJson(manifestFile) ?? {};
  const missing = [];
  for (const p of packages) {
    for (const v of p.versions) {
      const spec = `${p.name}@${v}`;
      const entry = manifest[spec];
      const file = join(dir, entry?.filename ?? tarballName(p.name, v));
      if (entry && existsSync(file) && sha1File(file) === entry.shasum) continue;
      missing.push(spec);
    }
  }
  if (missing.length) {
    log(`  fetching ${missing.length} tarball${missing.length > 1 ? 's' : ''} with npm pack into ${dir}`);
    const r = await runTimed('npm', ['pack', '--json', '--loglevel=error', '--pack-destination', dir, ...missing], {
      cwd: dir, timeoutSec: 1800, captureStdout: true,
    });
    if (r.code !== 0) {
      // npm's first lines say what went wrong (code, then the message); the rest is a stack trace
      const head = r.stderr.split('\n').filter((l) => /^npm (error|ERR!) (code|[A-Z]\w*Error|\d{3}|404)/.test(l)).slice(0, 3).join('\n');
      throw new Error(`npm pack failed (${r.timedOut ? 'timed out' : `exit ${r.code}`}; is the npm registry reachable?):\n${head || tail(r.stderr, 8)}`);
    }
    let packed;
    try {
      packed = JSON.parse(r.stdout);
    } catch (e) {
      throw new Error(`could not read npm pack --json output (${e.message})`);
    }
    for (const x of packed) {
      const spec = `${x.name}@${x.version}`;
      const file = join(dir, x.filename);
      if (!existsSync(file)) throw new Error(`npm pack reported ${x.filename} but it is not in ${dir}`);
      const shasum = sha1File(file);
      if (x.shasum && x.shasum !== shasum) throw new Error(`${x.filename}: sha1 ${shasum}, npm says ${x.shasum}`);
      manifest[spec] = { filename: x.filename, shasum, size: statSync(file).size, integrity: x.integrity };
    }
    const still = missing.filter((s) => !manifest[s]);
    if (still.length) throw new Error(`npm pack did not produce ${still.join(', ')}`);
    writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  }
  return (name, version) => join(dir, manifest[`${name}@${version}`].filename);
}

/** Commit order: round-robin over the packages, each package's versions oldest first. */
function commitPlan(packages) {
  const plan = [];
  const longest = Math.max(...packages.map((p) => p.versions.length));
  for (let k = 0; k < longest; k++) {
    for (const p of packages) if (k < p.versions.length) plan.push({ name: p.name, version: p.versions[k] });
  }
  return plan;
}

/**
 * Totals over the object database: every blob once (all of history), as
 * `git cat-file --batch-all-objects --batch-check` lists it.
 */
export async function objectStats(repo) {
  const out = await git(['cat-file', '--batch-all-objects', '--batch-check=%(objecttype) %(objectsize)'], { cwd: repo });
  const s = { blobs: 0, blobBytes: 0, objects: 0, objectBytes: 0, commits: 0, trees: 0, tags: 0 };
  for (const line of out.split('\n')) {
    if (!line) continue;
    const [type, size] = line.split(' ');
    const n = Number(size);
    s.objects++;
    s.objectBytes += n;
    if (type === 'blob') {
      s.blobs++;
      s.blobBytes += n;
    } else if (type === 'commit') s.commits++;
    else if (type === 'tree') s.trees++;
    else if (type === 'tag') s.tags++;
  }
  return s;
}

/**
 * Binary blobs by git's own test (a NUL byte in the first 8000 bytes), from one pass over
 * `git cat-file --batch-all-objects --batch`. A scanner may skip them: the check of what keyhole
 * read is made against the text blobs. Returns { binaryBlobs, binaryBlobBytes }.
 */
export function binaryStats(repo) {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch-all-objects', '--batch'], { cwd: repo, env: gitEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    const out = { binaryBlobs: 0, binaryBlobBytes: 0 };
    let header = []; // pieces of a header line split across chunks
    let remaining = 0; // bytes of the current object's body left, its trailing LF included
    let size = 0;
    let offset = 0;
    let isBlob = false;
    let binary = false;
    let stderr = '';
    child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4096); });
    child.stdout.on('data', (chunk) => {
      let i = 0;
      while (i < chunk.length) {
        if (remaining === 0) {
          const nl = chunk.indexOf(10, i);
          if (nl < 0) {
            header.push(chunk.subarray(i));
            return;
          }
          header.push(chunk.subarray(i, nl));
          const [, type, sz] = Buffer.concat(header).toString('latin1').split(' ');
          header = [];
          i = nl + 1;
          size = Number(sz);
          remaining = size + 1;
          offset = 0;
          isBlob = type === 'blob';
          binary = false;
          continue;
        }
        const take = Math.min(remaining, chunk.length - i);
        const look = Math.min(take, 8000 - offset, size - offset); // content bytes within the first 8000
        if (isBlob && !binary && look > 0 && chunk.subarray(i, i + look).includes(0)) binary = true;
        offset += take;
        remaining -= take;
        i += take;
        if (remaining === 0 && isBlob && binary) {
          out.binaryBlobs++;
          out.binaryBlobBytes += size;
        }
      }
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`git cat-file --batch exited ${code}: ${stderr.trim()}`))));
  });
}

function packBytes(repo) {
  const dir = join(repo, 'objects', 'pack');
  if (!existsSync(dir)) return 0;
  return readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
}

/**
 * Returns { dir, manifest, reused } for the repository of `variant` ('full' or 'quick') under
 * `root`, building it if needed. Throws (with a readable message) if it cannot be built.
 */
export async function ensureHistoryRepo(root, variant) {
  const packages = HISTORY_PACKAGES[variant];
  const specs = specsOf(packages);
  const dir = join(root, `repo-${variant}.git`);
  const manifestFile = join(root, `repo-${variant}.manifest.json`);
  const manifest = readJson(manifestFile);
  if (manifest?.version === MANIFEST_VERSION && manifest.complete && JSON.stringify(manifest.specs) === JSON.stringify(specs) &&
      existsSync(dir)) {
    try {
      const head = (await git(['rev-parse', 'HEAD'], { cwd: dir })).trim();
      if (head === manifest.head) {
        if (manifest.binaryBlobs === undefined) {
          // a manifest from before binary blobs were counted: count them once, keep the repository
          Object.assign(manifest, await binaryStats(dir));
          writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
        }
        return { dir, manifest, reused: true };
      }
      log(`  cached repository ${dir}: HEAD ${head} is not the manifest's ${manifest.head}; rebuilding`);
    } catch (e) {
      log(`  cached repository ${dir} is unreadable (${e.message.split('\n')[0]}); rebuilding`);
    }
  }

  const t0 = Date.now();
  const tarball = await ensureTarballs(join(root, 'tarballs'), packages);

  // Build in a scratch working tree next to the target, then keep only its .git (made bare).
  rmSync(manifestFile, { force: true });
  rmSync(dir, { recursive: true, force: true });
  const work = join(root, `repo-${variant}.build`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  await git(['init', '-q', '-b', 'main', '.'], { cwd: work });
  // No automatic gc half-way (the one repack at the end is what we want), no rename limits.
  await git(['config', 'gc.auto', '0'], { cwd: work });
  await git(['config', 'core.autocrlf', 'false'], { cwd: work });

  const plan = commitPlan(packages);
  log(`  building ${dir}: ${plan.length} commits from ${specs.length} tarballs (${packages.map((p) => `${p.name} ×${p.versions.length}`).join(', ')})`);
  for (let i = 0; i < plan.length; i++) {
    const { name, version } = plan[i];
    const pkgDir = join(work, name);
    rmSync(pkgDir, { recursive: true, force: true });
    mkdirSync(pkgDir, { recursive: true });
    const tar = await runTimed('tar', ['-xzf', tarball(name, version), '-C', pkgDir, '--strip-components=1', '--no-same-owner'], { timeoutSec: 600 });
    if (tar.code !== 0) throw new Error(`tar -xzf ${tarball(name, version)} failed (exit ${tar.code}):\n${tail(tar.stderr)}`);
    // npm tarballs give every file the same mtime (1985-10-26), and a file of the new release may
    // get the inode and size of the old one: git's stat cache would then take it as unchanged and
    // keep the old blob. Dropping the package from the index first makes `git add` hash all of it.
    await git(['rm', '-r', '-q', '--cached', '--ignore-unmatch', '--', name], { cwd: work });
    // -f: a package may ship its own .gitignore; every file of the release is committed.
    await git(['add', '-A', '-f', '.'], { cwd: work });
    const date = new Date(BASE_DATE + i * 6 * 3600 * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    const who = `${name} release bot`;
    const email = `${name.replace(/[^a-z0-9]+/gi, '-')}-releases@example.invalid`;
    const env = gitEnv({
      GIT_AUTHOR_NAME: who, GIT_AUTHOR_EMAIL: email, GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_NAME: 'keyhole bench', GIT_COMMITTER_EMAIL: 'bench@example.invalid', GIT_COMMITTER_DATE: date,
    });
    await git(['commit', '-q', '--allow-empty', '--no-verify', '-m', `${name} ${version}`, '-m',
      `Import the published npm package ${name}@${version} (package/ of ${tarballName(name, version)}).`], { cwd: work, env });
    // Sanity: the commit holds this release.
    const pkg = JSON.parse(await git(['cat-file', 'blob', `HEAD:${name}/package.json`], { cwd: work }));
    if (pkg.version !== version) throw new Error(`commit for ${name}@${version} holds ${name}/package.json of version ${pkg.version}`);
    await git(['tag', `${name.replace(/^@/, '').replace(/\//g, '-')}-v${version}`], { cwd: work });
    if ((i + 1) % 10 === 0 || i + 1 === plan.length) log(`    ${i + 1}/${plan.length} commits (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }

  // Bare: a server's repository has no working tree (and no index).
  const bareTmp = `${dir}.tmp`;
  rmSync(bareTmp, { recursive: true, force: true });
  renameSync(join(work, '.git'), bareTmp);
  rmSync(work, { recursive: true, force: true });
  rmSync(join(bareTmp, 'index'), { force: true });
  await git(['config', 'core.bare', 'true'], { cwd: bareTmp });
  log('    git repack -a -d ...');
  const tRepack = Date.now();
  await git(['repack', '-a', '-d', '-q'], { cwd: bareTmp, timeoutSec: 3600 });
  await git(['prune-packed'], { cwd: bareTmp });
  const repackSeconds = (Date.now() - tRepack) / 1000;
  renameSync(bareTmp, dir);

  const head = (await git(['rev-parse', 'HEAD'], { cwd: dir })).trim();
  const stats = { ...(await objectStats(dir)), ...(await binaryStats(dir)) };
  const out = {
    version: MANIFEST_VERSION,
    complete: true,
    variant,
    specs,
    head,
    ...stats,
    packBytes: packBytes(dir),
    buildSeconds: Math.round((Date.now() - t0) / 100) / 10,
    repackSeconds: Math.round(repackSeconds * 10) / 10,
    git: (await git(['--version'], { cwd: dir })).trim(),
    builtAt: new Date().toISOString(),
  };
  writeFileSync(manifestFile, `${JSON.stringify(out, null, 2)}\n`);
  log(`  built in ${out.buildSeconds} s (repack ${out.repackSeconds} s): ${out.commits} commits, ${out.blobs} blobs, ` +
    `${fmt.mb(out.blobBytes)} MB of blobs (${out.binaryBlobs} binary, ${fmt.mb(out.binaryBlobBytes)} MB), pack ${fmt.mb(out.packBytes)} MB`);
  return { dir, manifest: out, reused: false };
}

export { MB };
