// Scans one file or buffer: binary detection, size limit, and chunked reading with overlap for large files.
import fs from 'node:fs';
import type { Match } from '../core/types.js';
import { scanBytes, type ScanOptions } from '../detect/engine.js';
import type { RuleSet } from '../rules/compile.js';

export interface FileScanOptions extends ScanOptions {
  /** Files larger than this are skipped (counted). */
  maxFileSize: number;
  /** Files larger than this are read in chunks of this size. */
  chunkSize?: number;
  /** Bytes shared by neighbouring chunks: no secret up to this long is lost on a boundary. */
  overlap?: number;
}

export type ScanStatus = 'ok' | 'binary' | 'too-large' | 'error';

export interface FileResult {
  status: ScanStatus;
  bytes: number;
  matches: Match[];
  error?: { code: string; message: string };
}

const SNIFF = 8000;

/** Git's rule: a NUL byte in the first 8000 bytes makes a file binary. */
export function isBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, SNIFF);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

export function scanBuffer(rs: RuleSet, bytes: Uint8Array, opts: FileScanOptions): FileResult {
  if (bytes.length > opts.maxFileSize) return { status: 'too-large', bytes: bytes.length, matches: [] };
  if (isBinary(bytes)) return { status: 'binary', bytes: bytes.length, matches: [] };
  return { status: 'ok', bytes: bytes.length, matches: scanBytes(rs, bytes, opts) };
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

export function scanFile(rs: RuleSet, file: string, opts: FileScanOptions): FileResult {
  try {
    const size = fs.statSync(file).size;
    if (size > opts.maxFileSize) return { status: 'too-large', bytes: size, matches: [] };
    if (size > (opts.chunkSize ?? 16 << 20)) return scanChunked(rs, file, size, opts);
    return scanBuffer(rs, fs.readFileSync(file), opts);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const message = e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied' : e.code === 'EISDIR' ? 'is a directory' : e.message;
    return { status: 'error', bytes: 0, matches: [], error: { code: e.code ?? 'UNREADABLE', message } };
  }
}
