// PuTTY private key files (PPK v2 and v3): checks the layout, the key blobs and, when unencrypted, the Private-MAC.
import { createHash, createHmac } from 'node:crypto';
import type { ValidationResult } from '../core/types.js';
import { decodeBase64 } from './encoding.js';
import { WireError, describeSshPublicKey } from './ssh-wire.js';

function sshString(bytes: Uint8Array): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(bytes.length);
  return Buffer.concat([len, bytes]);
}

/** The Private-MAC an unencrypted PPK file must carry. */
export function ppkMac(version: 2 | 3, algorithm: string, encryption: string, comment: string, pub: Uint8Array, priv: Uint8Array): string {
  const data = Buffer.concat([
    sshString(Buffer.from(algorithm, 'latin1')),
    sshString(Buffer.from(encryption, 'latin1')),
    sshString(Buffer.from(comment, 'utf8')),
    sshString(pub),
    sshString(priv),
  ]);
  if (version === 2) {
    const key = createHash('sha1').update('putty-private-key-file-mac-key').digest();
    return createHmac('sha1', key).update(data).digest('hex');
  }
  return createHmac('sha256', Buffer.alloc(0)).update(data).digest('hex');
}

/** Checks the text of a PuTTY-User-Key-File (lines already normalized). */
export function checkPpk(text: string): ValidationResult {
  const lines = text.split('\n').map((l) => l.trim());
  let i = 0;
  const header = (name: string): string | null => {
    const line = lines[i];
    if (line === undefined || !line.startsWith(`${name}: `)) return null;
    i++;
    return line.slice(name.length + 2);
  };
  const first = /^PuTTY-User-Key-File-(\d+): (\S+)$/.exec(lines[0] ?? '');
  if (!first?.[1] || !first[2]) return { status: 'invalid', reason: 'no "PuTTY-User-Key-File-N: algorithm" line' };
  const version = Number(first[1]);
  const algorithm = first[2];
  if (version !== 2 && version !== 3) return { status: 'invalid', reason: `unsupported PPK version ${version}` };
  i = 1;
  const encryption = header('Encryption');
  const comment = header('Comment');
  if (encryption === null || comment === null) return { status: 'invalid', reason: 'missing Encryption or Comment header' };
  const readBlob = (name: string): Buffer | null => {
    const n = Number(header(name));
    if (!Number.isInteger(n) || n < 1 || n > 1024) return null;
    const body = lines.slice(i, i + n);
    if (body.length !== n) return null;
    i += n;
    return decodeBase64(body.join(''));
  };
  const pub = readBlob('Public-Lines');
  if (pub === null) return { status: 'invalid', reason: 'public key lines missing or not base64' };
  if (version === 3) {
    while (/^(Key-Derivation|Argon2-[A-Za-z]+): /.test(lines[i] ?? '')) i++;
  }
  const priv = readBlob('Private-Lines');
  if (priv === null) return { status: 'invalid', reason: 'private key lines missing or not base64' };
  const mac = header('Private-MAC');
  if (mac === null || !/^[0-9a-fA-F]+$/.test(mac)) return { status: 'invalid', reason: 'missing Private-MAC' };
  const encrypted = encryption !== 'none';
  let described: Record<string, string | number>;
  try {
    described = describeSshPublicKey(pub);
  } catch (err) {
    if (err instanceof WireError) return { status: 'invalid', reason: `public key blob: ${err.message}` };
    throw err;
  }
  const details: Record<string, string | number | boolean> = { format: `ppk-v${version}`, ...described, encrypted };
  if (described['keyType'] !== algorithm) return { status: 'invalid', reason: `public blob is ${String(described['keyType'])}, header says ${algorithm}`, details };
  if (encrypted) {
    details['cipher'] = encryption;
    if (priv.length % 16 !== 0) return { status: 'invalid', reason: 'encrypted private blob is not whole cipher blocks', details };
    return { status: 'valid', details };
  }
  const expected = ppkMac(version, algorithm, encryption, comment, pub, priv);
  if (expected !== mac.toLowerCase()) return { status: 'invalid', reason: 'Private-MAC does not match the file contents', details };
  return { status: 'valid', details: { ...details, mac: true } };
}
