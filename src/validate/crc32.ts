// CRC-32 (IEEE 802.3, the zlib one) over bytes or a string's UTF-8 bytes: the checksum in GitHub, npm and Atlassian tokens.

const TABLE: Uint32Array = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 of `data` as an unsigned 32-bit integer. */
export function crc32(data: string | Uint8Array): number {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let crc = 0xffffffff;
  for (const b of bytes) crc = (TABLE[(crc ^ b) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** CRC-32 of `data` as 8 upper-case hex digits. */
export function crc32Hex(data: string | Uint8Array): string {
  return crc32(data).toString(16).toUpperCase().padStart(8, '0');
}
