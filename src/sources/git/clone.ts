// Clone URLs: mirror-clone (or update) into a cache directory, with credentials kept out of argv, config, logs and reports.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Finding, ScanIssue } from '../../core/types.js';
import type { Source, SourceItem } from '../source.js';
import { gitSource, type GitSourceOptions } from './git-source.js';
import { git, GitError, lastLines } from './run.js';

export interface CloneTarget {
  /** The URL given to git: no password, and for http(s) no user name either. */
  url: string;
  /** The URL without any user information, for messages and reports. */
  display: string;
  /** `host/path/to/repo`, for the report and the cache directory. */
  id: string;
  username?: string;
  password?: string;
}

const SCHEME = /^(https?|ssh|git|file):\/\//i;
// scp-like syntax: [user@]host:path (not a Windows drive letter, not host://)
const SCP = /^(?:([^@/:]+)(?::([^@/]*))?@)?([A-Za-z0-9][A-Za-z0-9.-]*):(?!\/\/)(.+)$/;

/** True for what `git clone` accepts as a remote URL: https://, ssh://, git://, file://, user@host:path. */
export function isCloneUrl(input: string): boolean {
  if (SCHEME.test(input)) return true;
  const m = SCP.exec(input);
  return !!m && !!m[1] && !/^[A-Za-z]$/.test(m[3]!);
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function idFrom(host: string, pathname: string): string {
  const parts = [host, ...pathname.split('/')].filter((s) => s !== '' && s !== '.' && s !== '..');
  return parts.join('/').replace(/\.git$/, '').replace(/\/$/, '') || 'repository';
}

/** Splits a clone URL into what git is given, what people see, and the credentials (kept apart). */
export function parseCloneUrl(input: string): CloneTarget {
  if (SCHEME.test(input)) {
    const u = new URL(input);
    const username = u.username ? decode(u.username) : undefined;
    const password = u.password ? decode(u.password) : undefined;
    const scheme = u.protocol.replace(/:$/, '').toLowerCase();
    const clean = new URL(input);
    clean.username = '';
    clean.password = '';
    const display = clean.toString();
    // ssh needs its user name (git@...), which is not a secret; http(s) gets both through askpass.
    const forGit = new URL(display);
    if (scheme === 'ssh' && username) forGit.username = u.username;
    const host = scheme === 'file' ? u.host || 'localhost' : u.host;
    return {
      url: forGit.toString(),
      display,
      id: idFrom(host, decode(u.pathname)),
      ...(scheme === 'ssh' ? {} : username !== undefined ? { username } : {}),
      ...(scheme === 'ssh' ? {} : password !== undefined ? { password } : {}),
    };
  }
  const m = SCP.exec(input);
  if (!m) throw new Error('not a clone URL');
  const [, user, , host, p] = m;
  return { url: `${user ? `${user}@` : ''}${host}:${p}`, display: `${host}:${p}`, id: idFrom(host!, p!) };
}

/** Replaces the credentials (plain and percent-encoded) wherever they appear in a message. */
export function redactCredentials(text: string, t: Pick<CloneTarget, 'username' | 'password'>): string {
  let out = text;
  for (const secret of [t.password, t.username]) {
    if (!secret) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join('***');
  }
  return out;
}

/** The cache directory for a target: `<base>/<host>/<path>.git`, each part made safe for a file name. */
export function cachePath(t: CloneTarget, base = defaultCacheDir()): string {
  const parts = t.id.split('/').map((s) => s.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_'));
  return path.join(base, ...parts.slice(0, -1), `${parts[parts.length - 1] ?? 'repository'}.git`);
}

export function defaultCacheDir(): string {
  const root = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(root, 'keyhole', 'repos');
}

const ASKPASS = `#!/bin/sh
case "$1" in
  [Uu]sername*) printf '%s\\n' "$KEYHOLE_GIT_USERNAME" ;;
  *) printf '%s\\n' "$KEYHOLE_GIT_PASSWORD" ;;
esac
`;

/**
 * Runs `fn` with git set up to answer credential prompts from an owner-only askpass script that reads
 * them from its environment: they never appear in a process's arguments, in git's config, or in a
 * credential helper (helpers are switched off, so none stores them).
 */
async function withCredentials<T>(t: CloneTarget, fn: (env: Record<string, string>, config: string[]) => Promise<T>): Promise<T> {
  if (t.username === undefined && t.password === undefined) return fn({}, []);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyhole-askpass-'));
  try {
    fs.chmodSync(dir, 0o700);
    const script = path.join(dir, 'askpass.sh');
    fs.writeFileSync(script, ASKPASS, { mode: 0o700 });
    const env = { GIT_ASKPASS: script, KEYHOLE_GIT_USERNAME: t.username ?? '', KEYHOLE_GIT_PASSWORD: t.password ?? '' };
    return await fn(env, ['credential.helper=']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface MirrorOptions {
  cacheDir?: string;
  signal?: AbortSignal;
}

/** Mirror-clones the target into the cache, or fetches into the mirror already there. Returns the mirror's path. */
export async function mirror(t: CloneTarget, opts: MirrorOptions = {}): Promise<string> {
  const dest = cachePath(t, opts.cacheDir);
  const signal = opts.signal ? { signal: opts.signal } : {};
  try {
    return await withCredentials(t, async (env, config) => {
      if (fs.existsSync(path.join(dest, 'HEAD'))) {
        await git({ id: t.id, gitDir: dest }, ['fetch', '--quiet', '--prune', '--force', '--', t.url, '+refs/*:refs/*'], { env, config, ...signal });
        return dest;
      }
      fs.mkdirSync(path.dirname(dest), { recursive: true, mode: 0o700 });
      const tmp = `${dest}.tmp-${process.pid}-${Date.now()}`;
      try {
        await git(undefined, ['clone', '--mirror', '--quiet', '--', t.url, tmp], { env, config, ...signal });
        fs.renameSync(tmp, dest);
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
      return dest;
    });
  } catch (err) {
    const why = err instanceof GitError ? lastLines(err.stderr) : (err as Error).message;
    throw new Error(redactCredentials(`cannot clone ${t.display}: ${why}`, t));
  }
}

export interface CloneSourceOptions extends GitSourceOptions {
  cacheDir?: string;
}

/** A Source for a clone URL: mirrors it into the cache when scanning starts, then scans the mirror. */
export function cloneSource(input: string, opts: CloneSourceOptions = {}): Source {
  const target = parseCloneUrl(input);
  let inner: Source | undefined;
  return {
    name: target.display,
    async *items(signal?: AbortSignal): AsyncGenerator<SourceItem> {
      let dir: string;
      try {
        dir = await mirror(target, { ...(opts.cacheDir ? { cacheDir: opts.cacheDir } : {}), ...(signal ? { signal } : {}) });
      } catch (err) {
        yield { kind: 'issue', issue: { input: target.display, code: 'GIT_CLONE_FAILED', message: redactCredentials((err as Error).message, target) } };
        return;
      }
      inner = gitSource({ id: target.id, gitDir: dir }, opts);
      yield* inner.items(signal);
    },
    async resolve(findings: Finding[], signal?: AbortSignal): Promise<ScanIssue[]> {
      return inner?.resolve ? inner.resolve(findings, signal) : [];
    },
  };
}
