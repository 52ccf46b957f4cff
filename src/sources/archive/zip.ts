// Zip container reading over random access: the central directory (zip64 too), or local headers when it is missing (truncated).
import zlib from 'node:zlib';
import type { RandomAccess } from '../../detect/analyzers/types.js';

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  /** Offset of the local file header. */
  offset: number;
}

export class ZipError extends Error {
  constructor(readonly code: 'ZIP_CORRUPT' | 'ZIP_TRUNCATED' | 'ZIP_UNSUPPORTED' | 'ZIP_SIZE_MISMATCH', message: string) {
    super(message);
  }
}

const EOCD = 0x06054b50;
const CEN = 0x02014b50;
const LOC = 0x04034b50;

const u16 = (b: Buffer, o: number): number => b.readUInt16LE(o);
const u32 = (b: Buffer, o: number): number => b.readUInt32LE(o);
const u64 = (b: Buffer, o: number): number => Number(b.readBigUInt64LE(o));
const buf = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

/** Zip64 extended information: replaces the 32-bit fields that are 0xffffffff, in order. */
function zip64(extra: Buffer, e: ZipEntry): void {
  for (let p = 0; p + 4 <= extra.length;) {
    const id = u16(extra, p);
    const len = u16(extra, p + 2);
    if (id === 0x0001) {
      let q = p + 4;
      const take = (): number => { const v = q + 8 <= p + 4 + len ? u64(extra, q) : 0; q += 8; return v; };
      if (e.size === 0xffffffff) e.size = take();
      if (e.compressedSize === 0xffffffff) e.compressedSize = take();
      if (e.offset === 0xffffffff) e.offset = take();
      return;
    }
    p += 4 + len;
  }
}

/** The entries of the central directory; throws ZipError when there is none (see localEntries). */
export function centralEntries(input: RandomAccess): ZipEntry[] {
  const tailLen = Math.min(input.size, 22 + 0xffff);
  const tail = buf(input.read(input.size - tailLen, tailLen));
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) if (u32(tail, i) === EOCD) { at = i; break; }
  if (at < 0) throw new ZipError('ZIP_TRUNCATED', 'no end-of-central-directory record (truncated or not a zip)');
  let count = u16(tail, at + 10);
  let cdSize = u32(tail, at + 12);
  let cdOffset = u32(tail, at + 16);
  if ((cdOffset === 0xffffffff || count === 0xffff) && at >= 20 && u32(tail, at - 20) === 0x07064b50) {
    const loc = buf(input.read(u64(tail, at - 20 + 8), 56));
    if (loc.length >= 56 && u32(loc, 0) === 0x06064b50) {
      count = u64(loc, 32);
      cdSize = u64(loc, 40);
      cdOffset = u64(loc, 48);
    }
  }
  if (cdOffset + cdSize > input.size) throw new ZipError('ZIP_TRUNCATED', `central directory at ${cdOffset} runs past the end (${input.size} bytes)`);
  const cd = buf(input.read(cdOffset, cdSize));
  const out: ZipEntry[] = [];
  for (let p = 0; p + 46 <= cd.length && out.length < count;) {
    if (u32(cd, p) !== CEN) throw new ZipError('ZIP_CORRUPT', `bad central directory entry at ${cdOffset + p}`);
    const nameLen = u16(cd, p + 28);
    const extraLen = u16(cd, p + 30);
    const commentLen = u16(cd, p + 32);
    const e: ZipEntry = {
      name: cd.toString('utf8', p + 46, p + 46 + nameLen),
      flags: u16(cd, p + 8), method: u16(cd, p + 10),
      compressedSize: u32(cd, p + 20), size: u32(cd, p + 24), offset: u32(cd, p + 42),
    };
    zip64(cd.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen), e);
    out.push(e);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** Entries found by walking local headers from the start: what a truncated zip still holds. */
export function localEntries(input: RandomAccess, maxEntries: number): ZipEntry[] {
  const out: ZipEntry[] = [];
  for (let p = 0; p + 30 <= input.size && out.length < maxEntries;) {
    const h = buf(input.read(p, 30));
    if (h.length < 30 || u32(h, 0) !== LOC) break;
    const e: ZipEntry = { name: '', flags: u16(h, 6), method: u16(h, 8), compressedSize: u32(h, 18), size: u32(h, 22), offset: p };
    const nameLen = u16(h, 26);
    const extraLen = u16(h, 28);
    e.name = buf(input.read(p + 30, nameLen)).toString('utf8');
    zip64(buf(input.read(p + 30 + nameLen, extraLen)), e);
    if (e.flags & 8 && e.compressedSize === 0) break; // sizes only after the data: cannot walk on
    if (p + 30 + nameLen + extraLen + e.compressedSize > input.size) break; // the member the archive was cut in
    out.push(e);
    p += 30 + nameLen + extraLen + e.compressedSize;
  }
  return out;
}

/** The member's bytes, inflated; never more than `limit` bytes of output are produced. */
export function readEntry(input: RandomAccess, e: ZipEntry, limit: number): Uint8Array {
  if (e.flags & 1) throw new ZipError('ZIP_UNSUPPORTED', 'encrypted member');
  const h = buf(input.read(e.offset, 30));
  if (h.length < 30 || u32(h, 0) !== LOC) throw new ZipError('ZIP_CORRUPT', `no local header at ${e.offset}`);
  const start = e.offset + 30 + u16(h, 26) + u16(h, 28);
  if (start + e.compressedSize > input.size) throw new ZipError('ZIP_TRUNCATED', `member data runs past the end of the archive`);
  const data = input.read(start, e.compressedSize);
  if (e.method === 0) return data.subarray(0, Math.min(data.length, limit));
  if (e.method !== 8) throw new ZipError('ZIP_UNSUPPORTED', `compression method ${e.method}`);
  try {
    return zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, limit) });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) throw new ZipError('ZIP_SIZE_MISMATCH', `inflates past ${limit} bytes (its declared size is ${e.size}): corrupt or a bomb`);
    throw new ZipError('ZIP_CORRUPT', `cannot inflate: ${(err as Error).message}`);
  }
}
