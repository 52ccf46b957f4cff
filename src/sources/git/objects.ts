// Lists a repository's objects (all of them, or those refs reach) and parses commit and tag objects.
import type { CommitInfo } from '../../core/types.js';
import { gitRecordBatches, type RepoHandle } from './run.js';

export interface ObjectInfo {
  id: string;
  /** blob, tree, commit, tag; `missing` when the object database could not read it. */
  type: string;
  size: number;
  /** A path the object has in history, when the listing knows one. */
  name?: string;
}

const CHECK_FORMAT = '--batch-check=%(objectname) %(objecttype) %(objectsize)';
const CHECK_NAMED = '--batch-check=%(objectname) %(objecttype) %(objectsize) %(rest)';

function parseCheck(line: string, named = false): ObjectInfo | undefined {
  if (!line) return undefined;
  const a = line.indexOf(' ');
  const b = a < 0 ? -1 : line.indexOf(' ', a + 1);
  const c = b < 0 ? -1 : line.indexOf(' ', b + 1);
  const id = a < 0 ? line : line.slice(0, a);
  if (!id) return undefined;
  if (b < 0) return { id, type: 'missing', size: 0 };
  const type = line.slice(a + 1, b);
  const size = Number(named && c >= 0 ? line.slice(b + 1, c) : line.slice(b + 1));
  const name = named && c >= 0 ? line.slice(c + 1) : '';
  return { id, type, size, ...(name ? { name } : {}) };
}

function parseBatch(lines: string[], named = false): ObjectInfo[] {
  const out: ObjectInfo[] = [];
  for (const line of lines) {
    const o = parseCheck(line, named);
    if (o) out.push(o);
  }
  return out;
}

/**
 * Every object in the object database, packed or loose, reachable or not, each once, in an order
 * that is cheap to read back (pack order), in batches. Reads only object headers.
 */
export async function* listAllObjects(repo: RepoHandle, signal?: AbortSignal): AsyncGenerator<ObjectInfo[]> {
  const args = ['cat-file', '--batch-all-objects', '--unordered', CHECK_FORMAT];
  for await (const lines of gitRecordBatches(repo, args, { separator: 10, ...(signal ? { signal } : {}) })) yield parseBatch(lines);
}

/** `rev-list --objects` for `revs` (with `stdin` revisions), each object's type, size and path looked up. */
async function* listRevObjects(repo: RepoHandle, revs: string[], stdin: Iterable<string> | undefined, signal?: AbortSignal): AsyncGenerator<ObjectInfo[]> {
  const opt = signal ? { signal } : {};
  const lines = gitRecordBatches(repo, ['rev-list', '--objects', ...revs], { separator: 10, ...(stdin ? { input: stdin } : {}), ...opt });
  for await (const batch of gitRecordBatches(repo, ['cat-file', CHECK_NAMED], { separator: 10, input: lines, ...opt })) yield parseBatch(batch, true);
}

/** The objects that refs reach (commits, trees, blobs, tags), each once, blobs with a path they have. */
export function listReachableObjects(repo: RepoHandle, signal?: AbortSignal): AsyncGenerator<ObjectInfo[]> {
  return listRevObjects(repo, ['--all'], undefined, signal);
}

/**
 * Blob id -> a path the blob has in history (the newest that rev-list meets): the analyzers choose by
 * file name, and in a full scan the real paths are only worked out after scanning, for blobs with
 * findings. Covers what refs reach, and what the given unreachable commits reach.
 */
export async function blobNames(repo: RepoHandle, unreachable: string[], signal?: AbortSignal): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const pool = new Map<string, string>();
  const add = (id: string, path: string): void => {
    if (names.has(id)) return;
    let name = pool.get(path);
    if (name === undefined) pool.set(path, (name = path));
    names.set(id, name);
  };
  const opt = signal ? { signal } : {};
  // Blobs only (git 2.32+): a line with a path is a blob; commits come without one.
  const blobsOnly = async (revs: string[], stdin?: string[]): Promise<void> => {
    const args = ['rev-list', '--objects', '--filter=object:type=blob', ...revs];
    for await (const lines of gitRecordBatches(repo, args, { separator: 10, ...(stdin ? { input: stdin } : {}), ...opt })) {
      for (const line of lines) {
        const sp = line.indexOf(' ');
        if (sp > 0 && sp < line.length - 1) add(line.slice(0, sp), line.slice(sp + 1));
      }
    }
  };
  // An older git without object:type filters: look each object's type up instead.
  const typed = async (revs: string[], stdin?: string[]): Promise<void> => {
    for await (const batch of listRevObjects(repo, revs, stdin, signal)) for (const o of batch) if (o.type === 'blob' && o.name) add(o.id, o.name);
  };
  try {
    await blobsOnly(['--all']);
    if (unreachable.length) await blobsOnly(['--stdin', '--not', '--all'], unreachable);
  } catch {
    names.clear();
    await typed(['--all']);
    if (unreachable.length) await typed(['--stdin', '--not', '--all'], unreachable);
  }
  return names;
}

/** Commit ids in the object database that no ref reaches (deleted branches, rewritten history). */
export async function unreachableCommits(repo: RepoHandle, signal?: AbortSignal): Promise<string[]> {
  const opt = signal ? { signal } : {};
  const all = new Set<string>();
  for await (const batch of listAllObjects(repo, signal)) for (const o of batch) if (o.type === 'commit') all.add(o.id);
  if (all.size === 0) return [];
  for await (const ids of gitRecordBatches(repo, ['rev-list', '--all'], { separator: 10, ...opt })) for (const id of ids) all.delete(id);
  return [...all];
}

// ---------------------------------------------------------------- parsing objects

const utf8 = new TextDecoder('utf-8');

/** "Name <email> 1700000000 +0100" -> parts, with the date as ISO 8601 in the author's offset. */
export function parseIdent(text: string): { name: string; email: string; date: string; time: number } | undefined {
  const m = /^(.*?) ?<([^>]*)> (\d+) ([+-])(\d\d)(\d\d)$/.exec(text);
  if (!m) return undefined;
  const time = Number(m[3]);
  return { name: m[1]!, email: m[2]!, date: isoDate(time, `${m[4]}${m[5]}${m[6]}`), time };
}

/** Seconds since the epoch and a git offset (+0130) -> 2024-01-09T10:00:00+01:30, as `git log %aI` prints it. */
export function isoDate(time: number, offset: string): string {
  const m = /^([+-])(\d\d)(\d\d)$/.exec(offset);
  const sign = m?.[1] === '-' ? -1 : 1;
  const minutes = m ? sign * (Number(m[2]) * 60 + Number(m[3])) : 0;
  const local = new Date((time + minutes * 60) * 1000).toISOString().slice(0, 19);
  const off = m ? `${m[1]}${m[2]}:${m[3]}` : '+00:00';
  return `${local}${off}`;
}

/** A commit's subject as `git log %s` prints it: the first paragraph, lines joined by spaces. */
export function subjectOf(message: string): string {
  const lines: string[] = [];
  for (const line of message.split('\n')) {
    if (line.trim() === '') {
      if (lines.length) break;
      continue;
    }
    lines.push(line.trim());
  }
  return lines.join(' ');
}

export interface ParsedCommit {
  info: CommitInfo;
  time: number;
  parents: string[];
  /** The message bytes (a view into the object). */
  message: Uint8Array;
}

function headerEnd(bytes: Uint8Array): number {
  for (let i = 0; i + 1 < bytes.length; i++) if (bytes[i] === 10 && bytes[i + 1] === 10) return i;
  return -1;
}

/** Parses a raw commit object. */
export function parseCommit(id: string, bytes: Uint8Array): ParsedCommit {
  const end = headerEnd(bytes);
  const head = utf8.decode(end < 0 ? bytes : bytes.subarray(0, end));
  const message = end < 0 ? new Uint8Array(0) : bytes.subarray(end + 2);
  const parents: string[] = [];
  let who: ReturnType<typeof parseIdent>;
  for (const line of head.split('\n')) {
    if (line.startsWith('parent ')) parents.push(line.slice(7));
    else if (line.startsWith('author ') && !who) who = parseIdent(line.slice(7));
  }
  const text = utf8.decode(message.subarray(0, Math.min(message.length, 4096)));
  return {
    info: { id, author: who?.name ?? '', email: who?.email ?? '', date: who?.date ?? '', summary: subjectOf(text) },
    time: who?.time ?? 0,
    parents,
    message,
  };
}

export interface ParsedTag {
  name: string;
  target: string;
  tagger?: { name: string; email: string; date: string };
  /** The message without a trailing PGP or SSH signature. */
  message: Uint8Array;
}

const SIGNATURE = /\n?-----BEGIN (?:PGP|SSH) SIGNATURE-----/;

/** Parses a raw annotated tag object. */
export function parseTag(bytes: Uint8Array): ParsedTag {
  const end = headerEnd(bytes);
  const head = utf8.decode(end < 0 ? bytes : bytes.subarray(0, end));
  let message = end < 0 ? new Uint8Array(0) : bytes.subarray(end + 2);
  let name = '';
  let target = '';
  let tagger: ParsedTag['tagger'];
  for (const line of head.split('\n')) {
    if (line.startsWith('object ')) target = line.slice(7);
    else if (line.startsWith('tag ')) name = line.slice(4);
    else if (line.startsWith('tagger ')) {
      const t = parseIdent(line.slice(7));
      if (t) tagger = { name: t.name, email: t.email, date: t.date };
    }
  }
  const text = Buffer.from(message.buffer, message.byteOffset, message.byteLength).toString('latin1');
  const sig = SIGNATURE.exec(text);
  if (sig) message = message.subarray(0, sig.index);
  return { name, target, ...(tagger ? { tagger } : {}), message };
}
