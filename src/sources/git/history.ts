// Walks history with `git log --raw`: each commit with the blobs it put at each path.
import type { CommitInfo } from '../../core/types.js';
import { gitRecordBatches, type RepoHandle } from './run.js';

export interface CommitMeta extends CommitInfo {
  /** Author time, seconds since the epoch (for "earliest"). */
  time: number;
  parents: string[];
  /** The full message, when asked for. */
  body?: string;
}

export interface Change {
  path: string;
  blob: string;
  /** 100644, 100755, 120000 (symlink) or 160000 (gitlink: a submodule's commit). */
  mode: string;
}

export interface LogEntry {
  commit: CommitMeta;
  changes: Change[];
}

const ZERO = /^0+$/;
// Fields: id, parents, author, email, ISO date, epoch, subject[, body]. \x01 marks a commit; -z ends each field with NUL.
const FIELDS = ['%H', '%P', '%an', '%ae', '%aI', '%at', '%s'];

export interface LogOptions {
  /** Revisions and options: ['--all'], ['A..B'], ['--no-walk=unsorted', '--stdin']. */
  revs: string[];
  /** Lines for --stdin (commit ids). */
  stdin?: Iterable<string> | AsyncIterable<string>;
  /** Also read each commit's full message. */
  body?: boolean;
  /** Read the changes (default true); without, only the commits. */
  raw?: boolean;
  /** Keep only changes whose new blob passes (saves memory on a full-history pass). */
  want?: (blob: string, path: string) => boolean;
  signal?: AbortSignal;
}

/**
 * Yields commits (newest first, or in the order of --stdin with --no-walk=unsorted) with the paths
 * each one adds or modifies and the blob now there. Merges are diffed against every parent (-c), so
 * a blob that first appears in a merge's conflict resolution is attributed to the merge; deletions
 * are left out.
 */
export async function* logRaw(repo: RepoHandle, opts: LogOptions): AsyncGenerator<LogEntry> {
  const fields = opts.body ? [...FIELDS, '%B'] : FIELDS;
  const diff = opts.raw === false ? [] : ['--raw', '-c', '--no-renames', '--no-abbrev', '--root'];
  const args = ['log', ...diff, '-z', '--no-color', `--format=%x01${fields.join('%x00')}%x00`, ...opts.revs];
  let current: LogEntry | undefined;
  let header: string[] | undefined;
  let status: string | undefined;
  const batches = gitRecordBatches(repo, args, { separator: 0, ...(opts.stdin ? { input: opts.stdin } : {}), ...(opts.signal ? { signal: opts.signal } : {}) });
  for await (const tokens of batches) {
    const done: LogEntry[] = [];
    for (let tok of tokens) {
      if (header) {
        header.push(tok);
        if (header.length === fields.length) {
          const [id, parents, author, email, date, at, subject, body] = header as [string, string, string, string, string, string, string, string?];
          const commit: CommitMeta = { id, author, email, date, time: Number(at), summary: subject, parents: parents ? parents.split(' ') : [] };
          if (body !== undefined) commit.body = body;
          current = { commit, changes: [] };
          header = undefined;
        }
        continue;
      }
      if (status !== undefined) {
        const change = parseStatus(status, tok);
        status = undefined;
        if (change && current && (!opts.want || opts.want(change.blob, change.path))) current.changes.push(change);
        continue;
      }
      if (tok.charCodeAt(0) === 10) tok = tok.slice(1);
      if (tok.charCodeAt(0) === 1) {
        if (current) done.push(current);
        current = undefined;
        header = [tok.slice(1)];
      } else if (tok.charCodeAt(0) === 58 /* : */) {
        status = tok;
      }
    }
    yield* done;
  }
  if (current) yield current;
}

/** `:100644 100644 <old> <new> M` (or `::` with one more parent per colon) + path -> the new blob there. */
function parseStatus(status: string, path: string): Change | undefined {
  let colons = 0;
  while (status.charCodeAt(colons) === 58) colons++;
  const f = status.slice(colons).split(' ');
  const mode = f[colons];
  const blob = f[2 * colons + 1];
  if (!mode || !blob || ZERO.test(blob) || mode === '000000') return undefined;
  return { path, blob, mode };
}

/** True for file modes whose object is a blob (regular, executable, symlink). */
export function isBlobMode(mode: string): boolean {
  return mode.startsWith('100') || mode === '120000';
}
