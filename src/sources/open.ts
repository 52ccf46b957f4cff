// Turns the inputs a user names on the command line into Sources.
import fs from 'node:fs';
import type { Source } from './source.js';
import { fsSource, stdinSource } from './fs/fs-source.js';
import { cloneSource, isCloneUrl } from './git/clone.js';
import { localSource } from './git/local-source.js';
import { validateScope, type GitScope } from './git/scope.js';

export type { GitScope } from './git/scope.js';

/** How git repositories are scanned (the CLI's --staged, --range, --since, --branch, --no-unreachable, --no-history). */
export interface GitOpenOptions extends GitScope {
  /** Blobs larger than this are skipped without being read. */
  maxFileSize?: number;
  /** Where clone URLs are mirrored (default ~/.cache/keyhole/repos). */
  cacheDir?: string;
  /** Also scan a working tree's uncommitted files (default true). */
  uncommitted?: boolean;
  /** Incremental rescans: objects already scanned with the same rules are not read (see GitSourceOptions). */
  skipBlob?: (id: string) => boolean;
}

export interface OpenOptions {
  exclude: string[];
  gitignore: boolean;
  readStdin: () => Promise<Buffer>;
  /** Git options; `false` treats repositories as plain files (--no-git) and refuses clone URLs. */
  git?: GitOpenOptions | false;
}

/**
 * `-` is standard input; a clone URL (https://, ssh://, git@host:path, file://) is mirrored into the
 * cache and scanned as a repository; a path is looked at when scanning starts: a repository (working
 * tree or bare) is scanned as git history, a directory holding repositories gets one git scan per
 * repository plus a filesystem scan of its other files, anything else is scanned as files.
 */
export function openSources(inputs: string[], opts: OpenOptions): Source[] {
  const walk = { exclude: opts.exclude, gitignore: opts.gitignore };
  const g = opts.git === false ? undefined : (opts.git ?? {});
  if (g) validateScope(g);
  return inputs.map((input) => {
    if (input === '-') return stdinSource(opts.readStdin);
    if (!g) return fsSource(input, walk);
    if (isCloneUrl(input) && !fs.existsSync(input)) return cloneSource(input, g);
    return localSource(input, { ...g, ...walk });
  });
}
