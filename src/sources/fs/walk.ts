// Walks files and directories: honours .gitignore files and --exclude globs, never follows directory links twice.
// File system calls are synchronous on purpose: the walk feeds worker threads, and with --jobs 1 the
// scan runs on this thread, where awaiting each readdir left it idle (measured: 0.5 s of 5.4 s). The
// walk is a plain generator for the same reason: each layer of async generator an item goes through
// costs it a promise (three layers cost ~30 ms of this thread's time over 16,000 files).
import fs from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import type { ScanIssue } from '../../core/types.js';

export interface WalkOptions {
  exclude: string[];
  /** Honour .gitignore files (default true). */
  gitignore: boolean;
  signal?: AbortSignal;
  /**
   * Report git repositories instead of walking into them: a directory holding `.git`, or laid out as a
   * bare repository (HEAD, objects/, refs/), the root included. Ignored directories are then still
   * looked through for repositories (their files are not reported), as repository discovery always did.
   */
  repos?: boolean;
}

export type WalkItem =
  | { kind: 'file'; path: string; /** 0 when not known without a stat */ size: number }
  | { kind: 'issue'; issue: ScanIssue }
  | { kind: 'repo'; path: string; repoKind: 'worktree' | 'bare' };

/** What a directory with these entries is, as a repository (undefined: none). */
function repoKindOf(entries: fs.Dirent[]): 'worktree' | 'bare' | undefined {
  let head = false;
  let objects = false;
  let refs = false;
  for (const e of entries) {
    if (e.name === '.git') return 'worktree';
    if (e.name === 'HEAD') head = e.isFile();
    else if (e.name === 'objects') objects = e.isDirectory();
    else if (e.name === 'refs') refs = e.isDirectory();
  }
  return head && objects && refs ? 'bare' : undefined;
}

interface IgnoreScope {
  /** The directory holding the .gitignore, relative to the walk's root ('' for the root). */
  baseRel: string;
  ig: Ignore;
}

function issue(input: string, err: unknown): WalkItem {
  const e = err as NodeJS.ErrnoException;
  const code = e.code ?? 'UNREADABLE';
  const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ELOOP' ? 'symbolic link loop' : code === 'ENOENT' ? 'no such file (broken link?)' : e.message;
  return { kind: 'issue', issue: { input, code, message: why } };
}

function loadGitignore(dir: string): Ignore | undefined {
  try {
    const text = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
    return ignore().add(text);
  } catch {
    return undefined;
  }
}

/** Yields every regular file under the given roots (a root may be a file). */
export function* walk(roots: string[], opts: WalkOptions): Generator<WalkItem> {
  const excluded = opts.exclude.length ? picomatch(opts.exclude, { dot: true }) : () => false;
  const seenDirs = new Set<string>();
  for (const root of roots) {
    let st: fs.Stats;
    try {
      st = fs.statSync(root);
    } catch (err) {
      yield issue(root, err);
      continue;
    }
    if (st.isFile()) {
      yield { kind: 'file', path: root, size: st.size };
      continue;
    }
    if (!st.isDirectory()) {
      yield { kind: 'issue', issue: { input: root, code: 'NOT_A_FILE', message: 'not a regular file or directory' } };
      continue;
    }
    // `real` is the directory's real path: asked of the file system only for the root and for
    // directories reached through a link; a plain subdirectory's is its parent's plus its name.
    // `rel` is the directory's path relative to the root, with '/' (built up, not computed per entry).
    // `hidden`: an ignored directory walked only to find repositories (with `repos`).
    const stack: { dir: string; rel: string; real?: string; scopes: IgnoreScope[]; hidden?: boolean }[] = [{ dir: root, rel: '', scopes: [] }];
    while (stack.length) {
      if (opts.signal?.aborted) return;
      const { dir, rel: dirRel, real: known, scopes: parentScopes, hidden } = stack.pop()!;
      let real: string;
      try {
        real = known ?? fs.realpathSync.native(dir);
      } catch (err) {
        yield issue(dir, err);
        continue;
      }
      if (seenDirs.has(real)) continue;
      seenDirs.add(real);
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch (err) {
        yield issue(dir, err);
        continue;
      }
      const repo = opts.repos ? repoKindOf(entries) : undefined;
      if (repo) {
        yield { kind: 'repo', path: dir, repoKind: repo };
        continue;
      }
      const own = !hidden && opts.gitignore && entries.some((e) => e.name === '.gitignore') ? loadGitignore(dir) : undefined;
      const scopes = own ? [...parentScopes, { baseRel: dirRel, ig: own }] : parentScopes;
      entries.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
      const files: WalkItem[] = [];
      // path.join(dir, name) for every entry, with `dir` normalized once per directory (a name holds no
      // separator): path.join normalizes the whole path again for each entry.
      const base = path.normalize(dir);
      const prefix = base === '.' ? '' : base.endsWith(path.sep) ? base : base + path.sep;
      for (const e of entries) {
        const full = prefix + e.name;
        const rel = dirRel === '' ? e.name : `${dirRel}/${e.name}`;
        if (e.name === '.git' && e.isDirectory()) continue;
        if (excluded(rel) || excluded(e.name)) continue;
        let isDir = e.isDirectory();
        let isFile = e.isFile();
        // Size unknown (0) for plain files: the scanner stats what it opens, so the walk need not.
        let size = 0;
        const link = e.isSymbolicLink();
        if (link) {
          try {
            const t = fs.statSync(full);
            isDir = t.isDirectory();
            isFile = t.isFile();
            size = t.size;
          } catch (err) {
            files.push(issue(full, err));
            continue;
          }
        }
        const ignored = hidden || scopes.some((s) => s.ig.ignores((s.baseRel === '' ? rel : rel.slice(s.baseRel.length + 1)) + (isDir ? '/' : '')));
        if (ignored && !(isDir && opts.repos)) continue;
        if (isDir) stack.push({ dir: full, rel, scopes, ...(link ? {} : { real: (real.endsWith(path.sep) ? real : real + path.sep) + e.name }), ...(ignored ? { hidden: true } : {}) });
        else if (isFile) files.push({ kind: 'file', path: full, size });
      }
      for (let i = files.length - 1; i >= 0; i--) yield files[i]!;
    }
  }
}
