// Base62 (alphabet 0-9A-Za-z) encoding of non-negative integers, for token checksums.

export const BASE62_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `n` in base62, left-padded with '0' to `width` characters. */
export function base62Encode(n: number, width = 0): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`base62Encode: not a non-negative safe integer: ${n}`);
  let out = '';
  let v = n;
  do {
    out = BASE62_ALPHABET.charAt(v % 62) + out;
    v = Math.floor(v / 62);
  } while (v > 0);
  return out.padStart(width, '0');
}

/** True when every character of `s` is in the base62 alphabet. */
export function isBase62(s: string): boolean {
  return /^[0-9A-Za-z]*$/.test(s);
}
