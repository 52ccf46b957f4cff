// A push-fed tar reader (ustar, pax and GNU long names): fed chunk by chunk, it hands over each member it is told to keep.

export interface TarEntry {
  name: string;
  size: number;
  /** '0' file, '5' directory, '2' symlink, ... */
  type: string;
}

export class TarError extends Error {
  constructor(readonly code: 'TAR_CORRUPT' | 'TAR_TRUNCATED', message: string) {
    super(message);
  }
}

/** ustar magic at offset 257 of the first block. */
export function isTarHeader(head: Uint8Array): boolean {
  return head.length >= 263 && Buffer.from(head.buffer, head.byteOffset + 257, 5).toString('latin1') === 'ustar';
}

function octal(b: Buffer, off: number, len: number): number {
  if (b[off]! & 0x80) {
    let v = 0; // base-256 (GNU) for sizes of 8 GB and more
    for (let i = off + 1; i < off + len; i++) v = v * 256 + b[i]!;
    return v;
  }
  const s = b.toString('latin1', off, off + len).replace(/\0.*$/s, '').trim();
  return s ? parseInt(s, 8) : 0;
}

function cstr(b: Buffer, off: number, len: number): string {
  const end = b.indexOf(0, off);
  return b.toString('utf8', off, end < 0 || end > off + len ? off + len : end);
}

function checksumOk(h: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
  return sum === octal(h, 148, 8);
}

/** Path from a pax record list ("len key=value\n"...). */
function paxPath(data: Buffer): string | undefined {
  const m = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(data.toString('utf8'));
  return m?.[1];
}

export class TarReader {
  private header = Buffer.alloc(0);
  private entry: TarEntry | undefined;
  private keep = false;
  private parts: Buffer[] = [];
  private remaining = 0;
  private padding = 0;
  private longName: string | undefined;
  private meta: 'L' | 'x' | 'g' | undefined;
  /** The end-of-archive block was seen. */
  done = false;

  constructor(
    /** Called for each file; return true to receive its bytes. */
    private readonly want: (e: TarEntry) => boolean,
    private readonly onMember: (e: TarEntry, bytes: Uint8Array) => void,
  ) {}

  push(chunk: Uint8Array): void {
    let c = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    while (c.length && !this.done) {
      if (this.remaining > 0) {
        const n = Math.min(this.remaining, c.length);
        if (this.keep || this.meta) this.parts.push(Buffer.from(c.subarray(0, n)));
        this.remaining -= n;
        c = c.subarray(n);
        if (this.remaining === 0) this.finishEntry();
        continue;
      }
      if (this.padding > 0) {
        const n = Math.min(this.padding, c.length);
        this.padding -= n;
        c = c.subarray(n);
        continue;
      }
      const need = 512 - this.header.length;
      this.header = Buffer.concat([this.header, c.subarray(0, need)]);
      c = c.subarray(need);
      if (this.header.length === 512) this.readHeader();
    }
  }

  /** Bytes of the current member that may be skipped without reading them (a member not kept). */
  skippable(): number {
    return this.keep || this.meta ? 0 : this.remaining;
  }

  /** The caller skipped `n` (at most skippable()) bytes of input. */
  skip(n: number): void {
    this.remaining -= n;
    if (this.remaining === 0) this.finishEntry();
  }

  /** Call when the input has ended: a member cut short is an error. */
  end(): void {
    if (this.remaining > 0 || (this.header.length > 0 && this.header.length < 512)) {
      throw new TarError('TAR_TRUNCATED', `archive ends inside ${this.entry ? `member ${this.entry.name}` : 'a header'}`);
    }
  }

  private readHeader(): void {
    const h = this.header;
    this.header = Buffer.alloc(0);
    if (h.every((b) => b === 0)) {
      this.done = true;
      return;
    }
    if (!checksumOk(h)) throw new TarError('TAR_CORRUPT', 'bad header checksum');
    const type = String.fromCharCode(h[156]!) === '\0' ? '0' : String.fromCharCode(h[156]!);
    const prefix = isTarHeader(h) ? cstr(h, 345, 155) : '';
    const name = this.longName ?? (prefix ? `${prefix}/${cstr(h, 0, 100)}` : cstr(h, 0, 100));
    const size = octal(h, 124, 12);
    this.entry = { name, size, type };
    this.meta = type === 'L' || type === 'x' || type === 'g' ? type : undefined;
    if (!this.meta) this.longName = undefined;
    const isFile = type === '0' || type === '7';
    this.keep = isFile && !this.meta && this.want(this.entry);
    this.parts = [];
    this.remaining = size;
    this.padding = (512 - (size % 512)) % 512;
    if (size === 0) this.finishEntry();
  }

  private finishEntry(): void {
    const e = this.entry!;
    const data = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
    this.parts = [];
    if (this.meta === 'L') this.longName = cstr(data, 0, data.length);
    else if (this.meta === 'x') this.longName = paxPath(data) ?? this.longName;
    else if (this.keep) this.onMember(e, data);
    this.meta = undefined;
    this.keep = false;
  }
}
