// A path on disk as a Source: a git repository, a directory holding repositories (plus its other files), or plain files.
import fs from 'node:fs';
import path from 'node:path';
import type { Finding, ScanIssue } from '../../core/types.js';
import { fsSource } from '../fs/fs-source.js';
import type { Source, SourceItem } from '../source.js';
import { findRepos } from './discover.js';
import { gitSource, type GitSourceOptions } from './git-source.js';

export interface LocalOptions extends GitSourceOptions {
  exclude: string[];
  gitignore: boolean;
}

/** Escapes a path for use as a literal picomatch pattern. */
function literalGlob(p: string): string {
  return p.replace(/[\\*?[\]{}()!+@|^$]/g, '\\$&');
}

/** True when the scope only makes sense for a repository (no plain files to fall back on). */
function repoOnly(o: LocalOptions): boolean {
  return !!o.staged || o.range !== undefined || o.since !== undefined || o.branch !== undefined;
}

/**
 * Decides what `input` is when scanning starts. A repository (working tree or bare) is scanned as git
 * history. A directory holding repositories gets one git scan per repository, and a filesystem scan of
 * everything else (the repositories' directories excluded). A directory without repositories, or a
 * file, is scanned as plain files.
 */
export function localSource(input: string, opts: LocalOptions): Source {
  const inner: Source[] = [];
  return {
    name: input,
    async *items(signal?: AbortSignal): AsyncGenerator<SourceItem> {
      let isDir = false;
      try {
        isDir = (await fs.promises.stat(input)).isDirectory();
      } catch {
        // the filesystem source reports it
      }
      if (!isDir) {
        yield* fsSource(input, { exclude: opts.exclude, gitignore: opts.gitignore }).items(signal);
        return;
      }
      const found = await findRepos(input, { exclude: opts.exclude, ...(signal ? { signal } : {}) });
      for (const issue of found.issues) yield { kind: 'issue', issue };
      if (found.repos.length === 0) {
        if (repoOnly(opts)) {
          yield { kind: 'issue', issue: { input, code: 'NOT_A_REPOSITORY', message: 'no git repository here; --staged, --range, --since and --branch need one' } };
          return;
        }
        yield* fsSource(input, { exclude: opts.exclude, gitignore: opts.gitignore }).items(signal);
        return;
      }
      for (const repo of found.repos) {
        if (signal?.aborted) return;
        const src = gitSource(repo, opts);
        inner.push(src);
        try {
          yield* src.items(signal);
        } catch (err) {
          yield { kind: 'issue', issue: { input: repo.id, code: 'GIT_SCAN_FAILED', message: (err as Error).message } };
        }
      }
      const rootIsRepo = found.repos.length === 1 && path.resolve(found.repos[0]!.dir) === path.resolve(input);
      if (rootIsRepo || repoOnly(opts) || signal?.aborted) return;
      const repoDirs = found.repos.map((r) => literalGlob(path.relative(input, r.dir).split(path.sep).join('/')));
      yield* fsSource(input, { exclude: [...opts.exclude, ...repoDirs], gitignore: opts.gitignore }).items(signal);
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
