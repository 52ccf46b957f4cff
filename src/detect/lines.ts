// Byte offset -> line/column, and the bounded context line around a match.
import { countByteNative } from '../native/kernels.js';

/**
 * Line numbers and line bounds of offsets in a buffer, for blobs with a match. Newlines are counted
 * (by the SIMD kernel where it runs) only from one asked-about offset to the next, and a line's bounds
 * come from two native searches, so a large blob with a few matches costs little.
 */
export class LineIndex {
  private readonly buf: Buffer;
  /** Newlines before `countedTo`. */
  private counted = 0;
  private countedTo = 0;
  constructor(private readonly bytes: Uint8Array) {
    this.buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private newlinesBefore(offset: number): number {
    if (offset < this.countedTo) {
      this.counted = 0;
      this.countedTo = 0;
    }
    this.counted += countNewlines(this.bytes, this.countedTo, offset);
    this.countedTo = offset;
    return this.counted;
  }

  /** The last line asked about: matches come in order, often many on one long (minified) line. */
  private line: [number, number] = [1, 0];

  /** 0-based offsets where the line holding `offset` starts and ends (at its newline, or the end). */
  private bounds(offset: number): [number, number] {
    if (this.line[0] <= offset && offset <= this.line[1]) return this.line;
    const start = offset === 0 ? 0 : this.buf.lastIndexOf(10, offset - 1) + 1;
    const end = this.buf.indexOf(10, offset);
    return (this.line = [start, end < 0 ? this.bytes.length : end]);
  }

  /** 1-based line and 1-based byte column of a 0-based offset. */
  position(offset: number): { line: number; column: number } {
    const o = Math.min(Math.max(offset, 0), this.bytes.length);
    return { line: this.newlinesBefore(o) + 1, column: o - this.bounds(o)[0] + 1 };
  }

  /** The line holding `start`, at most `width` bytes around the span, decoded as UTF-8, CR stripped. */
  context(start: number, end: number, width = 240): string {
    const [ls, le] = this.bounds(Math.min(Math.max(start, 0), this.bytes.length));
    let from = ls;
    let to = Math.min(le, Math.max(end, start + 1));
    if (to - from > width) from = Math.max(ls, start - Math.floor(width / 3));
    to = Math.min(le, Math.max(to, from + width));
    const text = Buffer.from(this.bytes.buffer, this.bytes.byteOffset + from, to - from).toString('utf8');
    return (from > ls ? '…' : '') + text.replace(/\r$/, '') + (to < le ? '…' : '');
  }
}

function countNewlines(bytes: Uint8Array, from: number, to: number): number {
  if (to <= from) return 0;
  const native = to - from >= 256 ? countByteNative(bytes, from, to, 10) : undefined;
  if (native !== undefined) return native;
  let n = 0;
  for (let i = from; i < to; i++) if (bytes[i] === 10) n++;
  return n;
}
