// Runs git for a repository: fixed safety options, a clean environment, captured output and streamed records.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Writable } from 'node:stream';

/** A repository to run git in: its git directory, and its working tree when it has one. */
export interface RepoHandle {
  /** The repository's id in reports: relative to the scanned root, `.git` stripped. */
  id: string;
  gitDir: string;
  workTree?: string;
}

/**
 * Config that keeps a scanned repository's own settings from running programs or changing the output
 * we parse. The repositories may belong to someone else (a copied server data directory), so
 * ownership checks are off; nothing we run executes hooks, and the settings below switch off the
 * config that would (fsmonitor, signature verification in log).
 */
const SAFE_CONFIG = [
  'safe.directory=*',
  'core.fsmonitor=false',
  'core.quotePath=false',
  'log.showSignature=false',
  'log.showRoot=true',
  'log.mailmap=false',
  'diff.renames=false',
  'color.ui=false',
];

/** Variables a git hook or the user's shell may set that would point git at another repository. */
const REPO_ENV = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_COMMON_DIR',
  'GIT_NAMESPACE',
  'GIT_PREFIX',
  'GIT_CEILING_DIRECTORIES',
  'GIT_DISCOVERY_ACROSS_FILESYSTEM',
  'GIT_REPLACE_REF_BASE',
  'GIT_QUARANTINE_PATH',
];

export interface GitRunOptions {
  /** Extra environment (GIT_INDEX_FILE for a pre-commit hook, askpass for a clone). */
  env?: Record<string, string>;
  signal?: AbortSignal;
  /** Config given with -c before the subcommand. */
  config?: string[];
}

export function gitEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of REPO_ENV) delete env[k];
  env.GIT_NO_REPLACE_OBJECTS = '1';
  env.GIT_OPTIONAL_LOCKS = '0';
  // A partial clone would fetch missing objects from its remote (git 2.44+ honours this).
  env.GIT_NO_LAZY_FETCH = '1';
  env.GIT_TERMINAL_PROMPT = '0';
  env.LC_ALL = 'C';
  return { ...env, ...extra };
}

export function gitArgv(repo: RepoHandle | undefined, args: string[], config: string[] = []): string[] {
  const cfg = [...SAFE_CONFIG, ...config].flatMap((c) => ['-c', c]);
  if (!repo) return [...cfg, ...args];
  // A working tree is found from the current directory (its .git may be a file pointing elsewhere).
  return repo.workTree ? [...cfg, ...args] : [...cfg, '--git-dir', path.resolve(repo.gitDir), ...args];
}

export function spawnGit(repo: RepoHandle | undefined, args: string[], opts: GitRunOptions = {}): ChildProcess {
  return spawn('git', gitArgv(repo, args, opts.config), {
    cwd: repo ? path.resolve(repo.workTree ?? repo.gitDir) : undefined,
    env: gitEnv(opts.env),
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
}

/** A git command that failed: its exit code and the last lines of what it wrote to stderr. */
export class GitError extends Error {
  constructor(
    readonly args: string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`git ${args.find((a) => !a.startsWith('-')) ?? ''} failed${exitCode !== null ? ` (exit ${exitCode})` : ''}: ${lastLines(stderr) || 'no message'}`);
    this.name = 'GitError';
  }
}

export function lastLines(text: string, n = 3): string {
  return text.trim().split('\n').slice(-n).join(' / ');
}

/** Collects a bounded tail of stderr so a chatty process cannot grow memory. */
function collectStderr(p: ChildProcess): () => string {
  let text = '';
  p.stderr?.on('data', (d: Buffer) => {
    text += d.toString('utf8');
    if (text.length > 16384) text = text.slice(-8192);
  });
  return () => text;
}

export function exited(p: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (p.exitCode !== null || p.signalCode !== null) resolve(p.exitCode);
    else p.once('close', (code) => resolve(code));
  });
}

/** Runs git to completion and returns its stdout; throws GitError on a non-zero exit. */
export async function git(repo: RepoHandle | undefined, args: string[], opts: GitRunOptions & { input?: string } = {}): Promise<Buffer> {
  const p = spawnGit(repo, args, opts);
  const err = collectStderr(p);
  const chunks: Buffer[] = [];
  p.stdout!.on('data', (d: Buffer) => chunks.push(d));
  p.on('error', () => {});
  p.stdin!.on('error', () => {});
  p.stdin!.end(opts.input ?? '');
  const code = await exited(p);
  if (code !== 0) throw new GitError(args, code, err() || (p.signalCode ? `killed by ${p.signalCode}` : ''));
  return Buffer.concat(chunks);
}

/** Like git(), but returns undefined instead of throwing. */
export async function gitMaybe(repo: RepoHandle | undefined, args: string[], opts: GitRunOptions & { input?: string } = {}): Promise<Buffer | undefined> {
  try {
    return await git(repo, args, opts);
  } catch {
    return undefined;
  }
}

/** Lines for a child's stdin: one at a time, or in batches. */
export type LineSource = AsyncIterable<string | string[]> | Iterable<string>;

export interface RecordStreamOptions extends GitRunOptions {
  /** Record separator: 0 (NUL, for -z output) or 10 (newline). */
  separator: 0 | 10;
  /** Lines written to git's stdin (for --stdin). */
  input?: LineSource;
}

/**
 * Streams git's output as records (NUL- or newline-separated), a batch per chunk read, reading only
 * as fast as the consumer takes them. Throws GitError at the end if git failed; stops git if the
 * consumer stops early. Batches keep the per-record cost low on outputs of millions of lines.
 */
export async function* gitRecordBatches(repo: RepoHandle | undefined, args: string[], opts: RecordStreamOptions): AsyncGenerator<string[]> {
  const p = spawnGit(repo, args, opts);
  const err = collectStderr(p);
  p.on('error', () => {});
  p.stdin!.on('error', () => {});
  let done = false;
  if (opts.input) void feed(p, opts.input, () => done);
  else p.stdin!.end();
  const sep = opts.separator;
  let rest: Buffer | undefined;
  try {
    for await (const chunk of p.stdout! as AsyncIterable<Buffer>) {
      const buf = rest ? Buffer.concat([rest, chunk]) : chunk;
      const batch: string[] = [];
      let at = 0;
      for (;;) {
        const i = buf.indexOf(sep, at);
        if (i < 0) break;
        batch.push(buf.toString('utf8', at, i));
        at = i + 1;
      }
      rest = at < buf.length ? Buffer.from(buf.subarray(at)) : undefined;
      if (batch.length) yield batch;
    }
    if (rest && rest.length) yield [rest.toString('utf8')];
    const code = await exited(p);
    if (code !== 0) throw new GitError(args, code, err());
  } finally {
    done = true;
    if (p.exitCode === null && p.signalCode === null) p.kill();
  }
}

/** gitRecordBatches, one record at a time (for short outputs). */
export async function* gitRecords(repo: RepoHandle | undefined, args: string[], opts: RecordStreamOptions): AsyncGenerator<string> {
  for await (const batch of gitRecordBatches(repo, args, opts)) yield* batch;
}

/** Writes lines to a child's stdin with backpressure, then closes it. */
async function feed(p: ChildProcess, lines: LineSource, stop: () => boolean): Promise<void> {
  const stdin = p.stdin!;
  let closed = false;
  stdin.once('close', () => (closed = true));
  try {
    for await (const line of lines) {
      if (closed || stdin.destroyed || stop()) return;
      const text = typeof line === 'string' ? line + '\n' : line.length ? line.join('\n') + '\n' : '';
      if (text && !stdin.write(text)) await waitDrain(stdin);
    }
  } finally {
    if (!closed) stdin.end();
  }
}

/** Waits until a writable can take more, or is gone (a child that died never drains). */
export function waitDrain(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || stream.writableEnded || !stream.writableNeedDrain) {
      resolve();
      return;
    }
    const done = (): void => {
      stream.off('drain', done);
      stream.off('close', done);
      stream.off('error', done);
      resolve();
    };
    stream.once('drain', done);
    stream.once('close', done);
    stream.once('error', done);
  });
}
