// ASCII-armored OpenPGP private key blocks: checks the armor CRC-24 and that the packets fill the body, starting with a secret key.
import type { ValidationResult } from '../core/types.js';
import { decodeBase64 } from './encoding.js';

/** OpenPGP's CRC-24 (RFC 4880 section 6.1). */
export function crc24(data: Uint8Array): number {
  let crc = 0xb704ce;
  for (const b of data) {
    crc ^= b << 16;
    for (let i = 0; i < 8; i++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864cfb;
    }
  }
  return crc & 0xffffff;
}

const ALGORITHMS: Readonly<Record<number, string>> = {
  1: 'rsa', 2: 'rsa', 3: 'rsa', 16: 'elgamal', 17: 'dsa', 18: 'ecdh', 19: 'ecdsa', 22: 'eddsa', 25: 'x25519', 26: 'x448', 27: 'ed25519', 28: 'ed448',
};

/** Facts from a v4/v5/v6 secret key packet body; null when it does not parse. */
function describeSecretKeyPacket(body: Uint8Array): Record<string, string | number | boolean> | null {
  let pos = 0;
  const need = (n: number): boolean => pos + n <= body.length;
  const byte = (): number => body[pos++] ?? 0;
  const mpi = (): number | null => {
    if (!need(2)) return null;
    const bits = (byte() << 8) | byte();
    const len = Math.ceil(bits / 8);
    if (!need(len)) return null;
    pos += len;
    return bits;
  };
  const oid = (): boolean => {
    if (!need(1)) return false;
    const len = byte();
    if (len === 0 || len === 255 || !need(len)) return false;
    pos += len;
    return true;
  };
  if (!need(6)) return null;
  const version = byte();
  pos += 4; // creation time
  const algo = byte();
  const type = ALGORITHMS[algo] ?? `algorithm-${algo}`;
  const out: Record<string, string | number | boolean> = { type, pgpVersion: version };
  if (version === 5 || version === 6) {
    if (!need(4)) return null;
    const len = ((byte() << 24) | (byte() << 16) | (byte() << 8) | byte()) >>> 0;
    if (!need(len)) return null;
    pos += len;
  } else if (version === 4) {
    if (algo >= 1 && algo <= 3) {
      const n = mpi();
      if (n === null || mpi() === null) return null;
      out['bits'] = n;
    } else if (algo === 16 || algo === 17) {
      const p = mpi();
      const count = algo === 17 ? 3 : 2;
      for (let k = 0; k < count; k++) if (mpi() === null) return null;
      if (p === null) return null;
      out['bits'] = p;
    } else if (algo === 18 || algo === 19 || algo === 22) {
      if (!oid() || mpi() === null) return null;
      if (algo === 18) {
        if (!oid()) return null; // KDF parameters: length-prefixed like an OID
      }
    } else {
      return out;
    }
  } else {
    return null;
  }
  if (!need(1)) return null;
  out['encrypted'] = byte() !== 0;
  return out;
}

interface Packet {
  tag: number;
  /** The body, or null when it came in partial-length chunks (not reassembled). */
  body: Uint8Array | null;
}

/** Splits an OpenPGP message into packets; null unless the packets exactly fill `raw`. */
function splitPackets(raw: Uint8Array): Packet[] | null {
  const out: Packet[] = [];
  let pos = 0;
  const at = (k: number): number => raw[k] ?? 0;
  while (pos < raw.length) {
    const tagByte = at(pos);
    if ((tagByte & 0x80) === 0) return null;
    if (tagByte & 0x40) {
      const tag = tagByte & 0x3f;
      pos += 1;
      let partial = false;
      for (;;) {
        if (pos >= raw.length) return null;
        const l0 = at(pos);
        let len: number;
        if (l0 < 192) [len, pos] = [l0, pos + 1];
        else if (l0 < 224) [len, pos] = [((l0 - 192) << 8) + at(pos + 1) + 192, pos + 2];
        else if (l0 === 255) [len, pos] = [((at(pos + 1) << 24) | (at(pos + 2) << 16) | (at(pos + 3) << 8) | at(pos + 4)) >>> 0, pos + 5];
        else {
          [len, pos] = [1 << (l0 & 0x1f), pos + 1];
          partial = true;
          if (pos + len > raw.length) return null;
          pos += len;
          continue;
        }
        if (pos + len > raw.length) return null;
        out.push({ tag, body: partial ? null : raw.subarray(pos, pos + len) });
        pos += len;
        break;
      }
    } else {
      const tag = (tagByte >> 2) & 0x0f;
      const lt = tagByte & 3;
      let len: number;
      if (lt === 0) [len, pos] = [at(pos + 1), pos + 2];
      else if (lt === 1) [len, pos] = [(at(pos + 1) << 8) | at(pos + 2), pos + 3];
      else if (lt === 2) [len, pos] = [((at(pos + 1) << 24) | (at(pos + 2) << 16) | (at(pos + 3) << 8) | at(pos + 4)) >>> 0, pos + 5];
      else [len, pos] = [raw.length - pos - 1, pos + 1];
      if (pos + len > raw.length) return null;
      out.push({ tag, body: raw.subarray(pos, pos + len) });
      pos += len;
    }
  }
  return out;
}

/** Checks the lines of a PGP PRIVATE KEY BLOCK between its BEGIN and END lines. */
export function checkPgpArmor(inner: string): ValidationResult {
  const lines = inner.split('\n').map((l) => l.trim()).filter((l) => l.length > 0 && !/^[A-Za-z][A-Za-z0-9-]*: /.test(l));
  let checksum: string | undefined;
  const last = lines[lines.length - 1];
  if (last !== undefined && /^=[A-Za-z0-9+/]{4}$/.test(last)) {
    checksum = last.slice(1);
    lines.pop();
  }
  const raw = decodeBase64(lines.join(''));
  if (raw === null || raw.length < 8) return { status: 'invalid', reason: 'armored body is not base64' };
  const details: Record<string, string | number | boolean> = { format: 'openpgp' };
  if (checksum !== undefined) {
    const want = decodeBase64(checksum);
    const got = crc24(raw);
    if (want === null || want.length !== 3 || want.readUIntBE(0, 3) !== got) {
      return { status: 'invalid', reason: 'armor CRC-24 does not match the body', details };
    }
    details['armorChecksum'] = true;
  }
  const packets = splitPackets(raw);
  if (packets === null) return { status: 'invalid', reason: 'packet lengths do not add up to the body: truncated or corrupt', details };
  const first = packets[0];
  if (first === undefined || first.tag !== 5) {
    return { status: 'invalid', reason: `first packet is tag ${first?.tag ?? 'none'}, not a secret key (5)`, details };
  }
  details['packets'] = packets.length;
  const described = first.body === null ? null : describeSecretKeyPacket(first.body);
  return { status: 'valid', details: { ...details, ...(described ?? {}) } };
}
