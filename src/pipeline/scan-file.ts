// Scans one file or buffer: binary detection, size limit, chunked reading with overlap for large files, then analyzers.
import fs from 'node:fs';
import { blobId } from '../core/hash.js';
import type { Match } from '../core/types.js';
import { mergeMatches } from '../detect/analyzers/merge.js';
import { applicable, isBinaryHead, runAnalyzers, scanDeep, type DeepOptions } from '../detect/analyzers/run.js';
import type { AnalyzerIssue, RandomAccess } from '../detect/analyzers/types.js';
import { scanBytes } from '../detect/engine.js';
import { inputBuffer, releaseInput, useInput } from '../native/kernels.js';
import type { RuleSet } from '../rules/compile.js';

export interface FileScanOptions extends DeepOptions {
  /** Files larger than this are skipped (counted). */
  maxFileSize: number;
  /** Files larger than this are read in chunks of this size. */
  chunkSize?: number;
  /** Bytes shared by neighbouring chunks: no secret up to this long is lost on a boundary. */
  overlap?: number;
  /**
   * Incremental rescans: give each file read whole its git-style blob id, and do not scan a file whose
   * id is in `known` (scanned before with the same rules).
   */
  blobIds?: { known: ReadonlySet<string> };
}

export type ScanStatus = 'ok' | 'binary' | 'too-large' | 'error';

export interface FileResult {
  status: ScanStatus;
  bytes: number;
  matches: Match[];
  error?: { code: string; message: string };
  /** Problems the analyzers met (a zip bomb, a truncated archive); `member` names where inside the input. */
  issues?: AnalyzerIssue[];
  /** The file's git-style blob id (with FileScanOptions.blobIds, for files read whole). */
  blobId?: string;
  /** Not scanned: its blob id was known (the result has no matches; the store has them). */
  known?: boolean;
}

/** A result that says only "read, nothing found": `{ status: 'ok', bytes, matches: [] }` and nothing else. */
export function isPlain(r: FileResult): boolean {
  return r.status === 'ok' && r.matches.length === 0 && r.issues === undefined && r.blobId === undefined && r.known === undefined && r.error === undefined;
}

const SNIFF = 8000;

/** Git's rule: a NUL byte in the first 8000 bytes makes a file binary. */
export function isBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, SNIFF);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

/** Scans bytes already read; `name` (a path) lets the analyzers recognize the format. */
export function scanBuffer(rs: RuleSet, bytes: Uint8Array, opts: FileScanOptions, name = ''): FileResult {
  if (bytes.length > opts.maxFileSize) return { status: 'too-large', bytes: bytes.length, matches: [] };
  const r = scanDeep(rs, name, bytes, opts);
  return { status: r.status, bytes: bytes.length, matches: r.matches, ...(r.issues.length ? { issues: r.issues } : {}) };
}

function fileInput(fd: number, size: number): RandomAccess {
  return {
    size,
    read(offset, length) {
      const n = Math.max(0, Math.min(length, size - offset));
      const buf = Buffer.allocUnsafe(n);
      const got = n ? fs.readSync(fd, buf, 0, n, offset) : 0;
      return buf.subarray(0, got);
    },
  };
}

/** The analyzers that read files of any size (archives, SQL dumps) on a file too large to hold. */
function analyzeLarge(rs: RuleSet, file: string, size: number, raw: FileResult, opts: FileScanOptions): FileResult {
  const fd = fs.openSync(file, 'r');
  try {
    const input = fileInput(fd, size);
    const head = input.read(0, 8000);
    const binary = isBinaryHead(head);
    const list = applicable(file, head, size, false, opts).filter((a) => !binary || a.binary);
    if (list.length === 0) return raw;
    const an = runAnalyzers(rs, file, input, undefined, list, opts);
    return { status: 'ok', bytes: size, matches: mergeMatches(rs, raw.matches, an.matches, an.suppressed), ...(an.issues.length ? { issues: an.issues } : {}) };
  } finally {
    fs.closeSync(fd);
  }
}

function countNewlines(b: Uint8Array, from: number, to: number): number {
  let n = 0;
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  let i = buf.indexOf(10, from);
  while (i !== -1 && i < to) {
    n++;
    i = buf.indexOf(10, i + 1);
  }
  return n;
}

/** Reads a large file chunk by chunk; a match belongs to the chunk where it starts outside the trailing overlap. */
function scanChunked(rs: RuleSet, file: string, size: number, opts: FileScanOptions): FileResult {
  const chunk = opts.chunkSize ?? 16 << 20;
  const overlap = Math.min(opts.overlap ?? 64 << 10, chunk >> 1);
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(chunk);
    const matches: Match[] = [];
    let start = 0;
    let linesBefore = 0;
    for (;;) {
      const n = fs.readSync(fd, buf, 0, Math.min(chunk, size - start), start);
      if (n <= 0) break;
      const view = buf.subarray(0, n);
      if (start === 0 && isBinary(view)) return { status: 'binary', bytes: size, matches: [] };
      const last = start + n >= size;
      const keepBelow = last ? n : n - overlap;
      for (const m of scanBytes(rs, view, opts)) {
        if (m.start >= keepBelow) continue;
        if (start > 0 && m.start < 0) continue;
        matches.push({ ...m, start: m.start + start, end: m.end + start, line: m.line + linesBefore });
      }
      if (last) break;
      linesBefore += countNewlines(view, 0, keepBelow);
      start += keepBelow;
    }
    return { status: 'ok', bytes: size, matches };
  } finally {
    fs.closeSync(fd);
  }
}

/** How much of a file the first read asks for: most files are smaller, and need no fstat. */
const READ_FIRST = 1 << 20;

// Where the kernels cannot run, files are read into one buffer per thread, grown as needed: scanning
// keeps no reference to the bytes (matches hold strings), so reusing it spares an allocation and its
// garbage per file. (Where they run, into their input region: native/kernels.ts, `inputBuffer`.)
let shared = Buffer.alloc(0);
/** The thread's buffer with room for `size` bytes, and `keep` (bytes read so far) at its start. */
function sharedBuffer(size: number, keep?: Uint8Array): Buffer {
  if (size > shared.length) {
    const grown = Buffer.allocUnsafe(Math.max(size, shared.length * 2));
    if (keep) grown.set(keep);
    shared = grown;
  } else if (keep && keep.buffer !== shared.buffer) shared.set(keep);
  return shared;
}

export function scanFile(rs: RuleSet, file: string, opts: FileScanOptions): FileResult;
/** With `deferAbove`: undefined, having read nothing, for a file larger than that (left to a worker thread). */
export function scanFile(rs: RuleSet, file: string, opts: FileScanOptions, deferAbove: number): FileResult | undefined;
export function scanFile(rs: RuleSet, file: string, opts: FileScanOptions, deferAbove = Infinity): FileResult | undefined {
  try {
    // One open per file, and for most files one read: a read into the thread's buffer that comes back
    // short has reached the end of the file (a regular file reads short only there), so its size needs
    // no fstat. A read that fills the buffer asks for the size (the walk does not stat).
    const fd = fs.openSync(file, 'r');
    let bytes: Buffer;
    try {
      const first = Math.min(READ_FIRST, opts.maxFileSize + 1, deferAbove + 1);
      // Read straight into the kernels' input region where they run (no copy of the file for them), else
      // into this thread's buffer.
      let buf = inputBuffer(rs.prefilter, first) ?? sharedBuffer(first);
      const n = fs.readSync(fd, buf, 0, first, 0);
      if (n < first) {
        bytes = buf.subarray(0, n);
      } else {
        const size = fs.fstatSync(fd).size;
        if (size > deferAbove) return undefined;
        if (size > opts.maxFileSize) return { status: 'too-large', bytes: size, matches: [] };
        if (size > (opts.chunkSize ?? 16 << 20)) return analyzeLarge(rs, file, size, scanChunked(rs, file, size, opts), opts);
        // The bytes read so far stay at the start of the (maybe grown) buffer.
        const want = Math.max(size, n);
        if (want > buf.length) buf = inputBuffer(rs.prefilter, want) ?? sharedBuffer(want, buf.subarray(0, n));
        bytes = buf.subarray(0, want);
        let got = n;
        while (got < bytes.length) {
          const r = fs.readSync(fd, bytes, got, bytes.length - got, got);
          if (r <= 0) break;
          got += r;
        }
        if (got < bytes.length) bytes = bytes.subarray(0, got);
      }
    } finally {
      fs.closeSync(fd);
    }
    useInput(bytes);
    try {
      if (!opts.blobIds) return scanBuffer(rs, bytes, opts, file);
      const id = blobId(bytes);
      if (opts.blobIds.known.has(id)) return { status: 'ok', bytes: bytes.length, matches: [], blobId: id, known: true };
      return { ...scanBuffer(rs, bytes, opts, file), blobId: id };
    } finally {
      releaseInput();
    }
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const message = e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied' : e.code === 'EISDIR' ? 'is a directory' : e.message;
    return { status: 'error', bytes: 0, matches: [], error: { code: e.code ?? 'UNREADABLE', message } };
  }
}
