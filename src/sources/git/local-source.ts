// A path on disk as a Source: a git repository, a directory holding repositories (plus its other files), or plain files.
import fs from 'node:fs';
import type { Finding, ScanIssue } from '../../core/types.js';
import { fsSource } from '../fs/fs-source.js';
import type { Source, SourceItem } from '../source.js';
import { walk } from '../fs/walk.js';
import { findRepos, handleFor, repoId, type FoundRepo } from './discover.js';
import { gitSource, type GitSourceOptions } from './git-source.js';

export interface LocalOptions extends GitSourceOptions {
  exclude: string[];
  gitignore: boolean;
}

/** True when the scope only makes sense for a repository (no plain files to fall back on). */
function repoOnly(o: LocalOptions): boolean {
  return !!o.staged || o.range !== undefined || o.since !== undefined || o.branch !== undefined;
}

/**
 * Decides what `input` is when scanning starts. A repository (working tree or bare) is scanned as git
 * history. A directory holding repositories gets a filesystem scan of everything else (the
 * repositories' directories not walked into) and then one git scan per repository. A directory
 * without repositories, or a file, is scanned as plain files.
 */
export function localSource(input: string, opts: LocalOptions): Source {
  const inner: Source[] = [];
  async function* gitItems(repo: FoundRepo, signal?: AbortSignal): AsyncGenerator<SourceItem> {
    const src = gitSource(repo, opts);
    inner.push(src);
    try {
      yield* src.items(signal);
    } catch (err) {
      yield { kind: 'issue', issue: { input: repo.id, code: 'GIT_SCAN_FAILED', message: (err as Error).message } };
    }
  }
  /**
   * One walk of the directory: its files as they come, the repositories it meets (not walked into)
   * scanned as git history after it. (Finding the repositories first meant walking the tree twice and
   * scanning nothing until the first walk was done.)
   */
  async function* mixed(root: string, signal?: AbortSignal): AsyncGenerator<SourceItem> {
    const repos: FoundRepo[] = [];
    for (const item of walk([root], { exclude: opts.exclude, gitignore: opts.gitignore, repos: true, ...(signal ? { signal } : {}) })) {
      if (item.kind === 'repo') repos.push(handleFor(item.path, item.repoKind, repoId(root, item.path)));
      else if (item.kind === 'issue') yield item;
      else yield { kind: 'file', path: item.path, size: item.size, provenance: { kind: 'file', path: item.path } };
    }
    repos.sort((a, b) => a.id.localeCompare(b.id));
    for (const repo of repos) {
      if (signal?.aborted) return;
      yield* gitItems(repo, signal);
    }
  }
  /** A scope only repositories have (--staged, --range, --since, --branch): the repositories alone. */
  async function* reposOnly(signal?: AbortSignal): AsyncGenerator<SourceItem> {
    const found = await findRepos(input, { exclude: opts.exclude, ...(signal ? { signal } : {}) });
    for (const issue of found.issues) yield { kind: 'issue', issue };
    if (found.repos.length === 0) {
      yield { kind: 'issue', issue: { input, code: 'NOT_A_REPOSITORY', message: 'no git repository here; --staged, --range, --since and --branch need one' } };
      return;
    }
    for (const repo of found.repos) {
      if (signal?.aborted) return;
      yield* gitItems(repo, signal);
    }
  }
  return {
    name: input,
    // The generator that fits the input, returned as it is (not delegated to: a layer of async
    // generator costs every item a promise).
    items(signal?: AbortSignal): AsyncIterable<SourceItem> {
      let isDir = false;
      try {
        isDir = fs.statSync(input).isDirectory();
      } catch {
        // the filesystem source reports it
      }
      if (!isDir) return fsSource(input, { exclude: opts.exclude, gitignore: opts.gitignore }).items(signal);
      return repoOnly(opts) ? reposOnly(signal) : mixed(input, signal);
    },
    async resolve(findings: Finding[], signal?: AbortSignal): Promise<ScanIssue[]> {
      const issues: ScanIssue[] = [];
      for (const src of inner) {
        try {
          if (src.resolve) issues.push(...(await src.resolve(findings, signal)));
        } catch (err) {
          issues.push({ input: src.name, code: 'RESOLVE_FAILED', message: (err as Error).message });
        }
      }
      return issues;
    },
  };
}
