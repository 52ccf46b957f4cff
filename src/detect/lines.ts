// Byte offset -> line/column, and the bounded context line around a match.

/** Newline offsets of a buffer, computed once per blob and only when it has a match. */
export class LineIndex {
  private readonly nl: number[] = [];
  constructor(private readonly bytes: Uint8Array) {
    let i = -1;
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    while ((i = buf.indexOf(10, i + 1)) !== -1) this.nl.push(i);
  }

  /** 1-based line and 1-based byte column of a 0-based offset. */
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.nl.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.nl[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    const lineStart = lo === 0 ? 0 : this.nl[lo - 1]! + 1;
    return { line: lo + 1, column: offset - lineStart + 1 };
  }

  /** The line holding `start`, at most `width` bytes around the span, decoded as UTF-8, CR stripped. */
  context(start: number, end: number, width = 240): string {
    const { line } = this.position(start);
    const ls = line === 1 ? 0 : this.nl[line - 2]! + 1;
    const le = line - 1 < this.nl.length ? this.nl[line - 1]! : this.bytes.length;
    let from = ls;
    let to = Math.min(le, Math.max(end, start + 1));
    if (to - from > width) from = Math.max(ls, start - Math.floor(width / 3));
    to = Math.min(le, Math.max(to, from + width));
    const text = Buffer.from(this.bytes.buffer, this.bytes.byteOffset + from, to - from).toString('utf8');
    return (from > ls ? '…' : '') + text.replace(/\r$/, '') + (to < le ? '…' : '');
  }
}
