// Finds git repositories: which repositories a directory holds, and what they are called.
import path from 'node:path';
import type { ScanIssue } from '../../core/types.js';
import { walk } from '../fs/walk.js';
import type { RepoHandle } from './run.js';

export type RepoKind = 'worktree' | 'bare';

export interface FoundRepo extends RepoHandle {
  kind: RepoKind;
  /** The repository's directory (the working tree, or the bare repository). */
  dir: string;
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
 * The filesystem walk finds them (see fs/walk.ts, `repos`); `.gitignore` does not hide one.
 */
export async function findRepos(root: string, opts: FindOptions = {}): Promise<{ repos: FoundRepo[]; issues: ScanIssue[] }> {
  const repos: FoundRepo[] = [];
  const issues: ScanIssue[] = [];
  for (const item of walk([root], { exclude: opts.exclude ?? [], gitignore: false, repos: true, ...(opts.signal ? { signal: opts.signal } : {}) })) {
    if (item.kind === 'repo') repos.push(handleFor(item.path, item.repoKind, repoId(root, item.path)));
    else if (item.kind === 'issue') issues.push(item.issue);
  }
  repos.sort((a, b) => a.id.localeCompare(b.id));
  return { repos, issues };
}
