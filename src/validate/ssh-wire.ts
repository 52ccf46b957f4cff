// A bounds-checked reader for the SSH wire encoding (uint32, length-prefixed strings, mpints) used by OpenSSH and PuTTY key files.

export class WireError extends Error {}

export class WireReader {
  private pos = 0;
  constructor(private readonly buf: Uint8Array) {}

  get offset(): number {
    return this.pos;
  }

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  bytes(n: number): Uint8Array {
    if (n < 0 || this.pos + n > this.buf.length) throw new WireError(`truncated: wanted ${n} bytes at offset ${this.pos}`);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  uint32(): number {
    const b = this.bytes(4);
    return (((b[0] ?? 0) << 24) | ((b[1] ?? 0) << 16) | ((b[2] ?? 0) << 8) | (b[3] ?? 0)) >>> 0;
  }

  /** A length-prefixed byte string. */
  string(): Uint8Array {
    return this.bytes(this.uint32());
  }

  /** A length-prefixed string that must be printable ASCII (names, key types). */
  text(): string {
    const s = Buffer.from(this.string()).toString('latin1');
    if (!/^[\x20-\x7e]*$/.test(s)) throw new WireError('expected a printable name');
    return s;
  }
}

/** Bit length of an unsigned big-endian integer (leading zero bytes ignored). */
export function bitLength(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  const top = bytes[i];
  if (top === undefined) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(top));
}

const SSH_CURVES: Readonly<Record<string, string>> = { nistp256: 'P-256', nistp384: 'P-384', nistp521: 'P-521' };

/** Key facts from an SSH public key blob (string type, then type-specific fields). */
export function describeSshPublicKey(blob: Uint8Array): Record<string, string | number> {
  const r = new WireReader(blob);
  const keyType = r.text();
  const out: Record<string, string | number> = { keyType };
  if (keyType === 'ssh-rsa') {
    r.string(); // e
    out['type'] = 'rsa';
    out['bits'] = bitLength(r.string());
  } else if (keyType === 'ssh-dss') {
    out['type'] = 'dsa';
    out['bits'] = bitLength(r.string());
  } else if (keyType === 'ssh-ed25519') {
    out['type'] = 'ed25519';
  } else if (keyType === 'ssh-ed448') {
    out['type'] = 'ed448';
  } else if (keyType.startsWith('ecdsa-sha2-')) {
    out['type'] = 'ec';
    const curve = r.text();
    out['curve'] = SSH_CURVES[curve] ?? curve;
  } else if (keyType.startsWith('sk-ssh-ed25519')) {
    out['type'] = 'ed25519-sk';
  } else if (keyType.startsWith('sk-ecdsa-sha2-')) {
    out['type'] = 'ecdsa-sk';
  } else {
    out['type'] = keyType;
  }
  return out;
}
