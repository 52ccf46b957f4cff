// A cheap fingerprint of a repository's objects and refs, for rescans of an unchanged repository:
// read from the git directory without running git (refs, HEAD, pack files, loose object directories).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { RepoHandle } from './run.js';

/** A loose object directory changed this recently has its entries counted as well as its mtime. */
const RECENT_MS = 2000;

function readIfThere(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Calls `fn` for each file under `dir` (sorted; nothing when there is no such directory). */
function walk(dir: string, rel: string, fn: (rel: string, full: string, s: fs.Stats) => void): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) walk(full, `${rel}/${e.name}`, fn);
    else fn(`${rel}/${e.name}`, full, fs.statSync(full));
  }
}

/**
 * sha256 over `scope` (what the scan reads: its mode and limits), the repository's id and git
 * directory, its refs (packed, loose, reftable), HEAD, shallow and graft files, alternates, each pack
 * file (name, size, mtime) and each loose object directory (mtime; entry count too when recent).
 * Anything that adds an object (reachable or not) or moves a ref changes it. Undefined when the git
 * directory cannot be read as a directory (a `.git` file, permissions): such a repository is always read.
 */
export function repoFingerprint(repo: RepoHandle, scope: string): string | undefined {
  const gitDir = path.resolve(repo.gitDir);
  let st: fs.Stats;
  try {
    st = fs.statSync(gitDir);
  } catch {
    return undefined;
  }
  if (!st.isDirectory()) return undefined;
  const common = (() => {
    const c = readIfThere(path.join(gitDir, 'commondir')).trim();
    return c ? path.resolve(gitDir, c) : gitDir;
  })();
  const objects = path.join(common, 'objects');
  const h = createHash('sha256');
  const line = (...parts: (string | number)[]): void => {
    h.update(parts.join('\0'));
    h.update('\n');
  };
  line('scope', scope, repo.id, gitDir);
  const now = Date.now();
  try {
    line('head', readIfThere(path.join(gitDir, 'HEAD')));
    // Refs: packed, loose (each file's content: the id it names) and reftable (each table's size and mtime).
    line('packed-refs', readIfThere(path.join(common, 'packed-refs')));
    walk(path.join(common, 'refs'), 'refs', (rel, full, s) => line('ref', rel, s.size <= 4096 ? readIfThere(full) : `${s.size} ${s.mtimeMs}`));
    walk(path.join(common, 'reftable'), 'reftable', (rel, _full, s) => line('reftable', rel, s.size, s.mtimeMs));
    for (const f of ['shallow', 'info/grafts']) line(f, readIfThere(path.join(common, f)));
    line('alternates', readIfThere(path.join(objects, 'info', 'alternates')));
    const packDir = path.join(objects, 'pack');
    let packs: string[] = [];
    try {
      packs = fs.readdirSync(packDir).sort();
    } catch {
      // no pack directory
    }
    for (const name of packs) {
      const s = fs.statSync(path.join(packDir, name));
      line('pack', name, s.size, s.mtimeMs);
    }
    for (const d of fs.readdirSync(objects).sort()) {
      if (!/^[0-9a-f]{2}$/.test(d)) continue;
      const dir = path.join(objects, d);
      const s = fs.statSync(dir);
      // Adding or removing an entry changes a directory's mtime; file timestamps come from a coarse
      // clock, so a directory changed in the last moments is counted too (a later rescan, not counting
      // it, then reads the repository once more: slower, never wrong).
      if (now - s.mtimeMs < RECENT_MS) line('loose', d, s.mtimeMs, fs.readdirSync(dir).length);
      else line('loose', d, s.mtimeMs);
    }
  } catch {
    return undefined;
  }
  return h.digest('hex');
}
