// Finds git repositories: is a path a working tree or a bare repository, and which repositories does a directory hold.
import fs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import type { ScanIssue } from '../../core/types.js';
import type { RepoHandle } from './run.js';

export type RepoKind = 'worktree' | 'bare';

export interface FoundRepo extends RepoHandle {
  kind: RepoKind;
  /** The repository's directory (the working tree, or the bare repository). */
  dir: string;
}

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** A working tree has `.git` (a directory, or a file pointing at one); a bare repository has HEAD, objects/ and refs/. */
export function repoKind(dir: string): RepoKind | undefined {
  const dotGit = path.join(dir, '.git');
  if (isDir(dotGit) || isFile(dotGit)) return 'worktree';
  if (isFile(path.join(dir, 'HEAD')) && isDir(path.join(dir, 'objects')) && isDir(path.join(dir, 'refs'))) return 'bare';
  return undefined;
}

/** `GSEG/ground-segment-api.git` -> `GSEG/ground-segment-api`; a lone repository is named by its directory. */
export function repoId(root: string, dir: string): string {
  let rel = path.relative(root, dir).split(path.sep).join('/');
  if (rel === '' || rel.startsWith('..')) {
    const abs = path.resolve(dir);
    rel = path.basename(abs) === '.git' ? path.basename(path.dirname(abs)) : path.basename(abs);
  }
  return rel.replace(/\/\.git$/, '').replace(/\.git$/, '') || rel;
}

export function handleFor(dir: string, kind: RepoKind, id: string): FoundRepo {
  return kind === 'worktree' ? { id, kind, dir, gitDir: path.join(dir, '.git'), workTree: dir } : { id, kind, dir, gitDir: dir };
}

export interface FindOptions {
  /** Globs (relative to the root) of directories not to look in. */
  exclude?: string[];
  signal?: AbortSignal;
}

/**
 * Every repository under `root` (the root itself included), without looking inside a repository
 * once found: a Bitbucket data directory's `PROJECT/repo.git`, a folder of clones, nested checkouts.
 */
export async function findRepos(root: string, opts: FindOptions = {}): Promise<{ repos: FoundRepo[]; issues: ScanIssue[] }> {
  const excluded = opts.exclude?.length ? picomatch(opts.exclude, { dot: true }) : () => false;
  const repos: FoundRepo[] = [];
  const issues: ScanIssue[] = [];
  const seen = new Set<string>();
  // Synchronous calls: one directory's answer is needed before the next (awaiting each cost more
  // than the calls). `rel` is built up with '/' rather than computed per entry.
  const stack: { dir: string; rel: string }[] = [{ dir: root, rel: '' }];
  while (stack.length) {
    if (opts.signal?.aborted) break;
    const { dir, rel: dirRel } = stack.pop()!;
    let real: string;
    try {
      real = fs.realpathSync.native(dir);
    } catch (err) {
      issues.push({ input: dir, code: (err as NodeJS.ErrnoException).code ?? 'UNREADABLE', message: (err as Error).message });
      continue;
    }
    if (seen.has(real)) continue;
    seen.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      issues.push({ input: dir, code: e.code ?? 'UNREADABLE', message: e.code === 'EACCES' ? 'permission denied' : e.message });
      continue;
    }
    const names = new Map(entries.map((e) => [e.name, e]));
    const kind: RepoKind | undefined = names.has('.git')
      ? 'worktree'
      : names.get('HEAD')?.isFile() && names.get('objects')?.isDirectory() && names.get('refs')?.isDirectory()
        ? 'bare'
        : undefined;
    if (kind) {
      repos.push(handleFor(dir, kind, repoId(root, dir)));
      continue;
    }
    const subdirs: { dir: string; rel: string }[] = [];
    for (const e of entries) {
      if (!(e.isDirectory() || (e.isSymbolicLink() && isDir(path.join(dir, e.name))))) continue;
      const full = path.join(dir, e.name);
      const rel = dirRel === '' ? e.name : `${dirRel}/${e.name}`;
      if (excluded(rel) || excluded(e.name)) continue;
      subdirs.push({ dir: full, rel });
    }
    subdirs.sort((a, b) => (a.dir < b.dir ? 1 : a.dir > b.dir ? -1 : 0));
    stack.push(...subdirs);
  }
  repos.sort((a, b) => a.id.localeCompare(b.id));
  return { repos, issues };
}
