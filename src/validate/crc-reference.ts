// Test support: a reference CRC-32 independent of crc32.ts (node:zlib where present, else a bitwise loop).
import * as zlib from 'node:zlib';

export function zlibCrc32(s: string): number {
  const fn = (zlib as unknown as { crc32?: (d: string | Uint8Array) => number }).crc32;
  if (typeof fn === 'function') return fn(Buffer.from(s, 'utf8')) >>> 0;
  let c = ~0 >>> 0;
  for (const b of Buffer.from(s, 'utf8')) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return (~c) >>> 0;
}

export function zlibCrc32Hex(s: string): string {
  return zlibCrc32(s).toString(16).toUpperCase().padStart(8, '0');
}
