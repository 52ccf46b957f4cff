// Test support: builds OpenSSH and PuTTY key files around freshly generated keys, so tests need no external tools.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { ppkMac } from './ppk-key.js';

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

function str(data: string | Uint8Array): Buffer {
  const b = typeof data === 'string' ? Buffer.from(data, 'latin1') : Buffer.from(data);
  return Buffer.concat([u32(b.length), b]);
}

function wrap(b64: string, width: number): string {
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += width) lines.push(b64.slice(i, i + width));
  return lines.join('\n');
}

/** A fresh Ed25519 key: 32-byte seed and public key. */
export function ed25519Raw(): { seed: Buffer; pub: Buffer } {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  return { seed: Buffer.from(jwk.d ?? '', 'base64url'), pub: Buffer.from(jwk.x ?? '', 'base64url') };
}

/** An openssh-key-v1 file holding a fresh Ed25519 key; `encrypted` fills the private section with cipher-like bytes. */
export function openSshEd25519(opts: { comment?: string; encrypted?: boolean; check2Delta?: number } = {}): string {
  const { seed, pub } = ed25519Raw();
  const pubBlob = Buffer.concat([str('ssh-ed25519'), str(pub)]);
  const check = randomBytes(4).readUInt32BE();
  let priv = Buffer.concat([
    u32(check),
    u32(check + (opts.check2Delta ?? 0)),
    str('ssh-ed25519'),
    str(pub),
    str(Buffer.concat([seed, pub])),
    str(opts.comment ?? 'ci@build-host'),
  ]);
  const pad: number[] = [];
  for (let i = 1; (priv.length + pad.length) % 8 !== 0; i++) pad.push(i);
  priv = Buffer.concat([priv, Buffer.from(pad)]);
  const enc = opts.encrypted === true;
  if (enc) priv = randomBytes(Math.ceil(priv.length / 16) * 16);
  const body = Buffer.concat([
    Buffer.from('openssh-key-v1\0', 'latin1'),
    str(enc ? 'aes256-ctr' : 'none'),
    str(enc ? 'bcrypt' : 'none'),
    enc ? str(Buffer.concat([str(randomBytes(16)), u32(16)])) : str(''),
    u32(1),
    str(pubBlob),
    str(priv),
  ]);
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${wrap(body.toString('base64'), 70)}\n-----END OPENSSH PRIVATE KEY-----\n`;
}

/** An unencrypted PuTTY key file (v2 or v3) holding a fresh Ed25519 key, with a correct Private-MAC. */
export function ppkEd25519(version: 2 | 3, comment = 'ed25519-key-20250101'): string {
  const { seed, pub } = ed25519Raw();
  const pubBlob = Buffer.concat([str('ssh-ed25519'), str(pub)]);
  const privBlob = str(seed);
  const mac = ppkMac(version, 'ssh-ed25519', 'none', comment, pubBlob, privBlob);
  const pubLines = wrap(pubBlob.toString('base64'), 64).split('\n');
  const privLines = wrap(privBlob.toString('base64'), 64).split('\n');
  return [
    `PuTTY-User-Key-File-${version}: ssh-ed25519`,
    'Encryption: none',
    `Comment: ${comment}`,
    `Public-Lines: ${pubLines.length}`,
    ...pubLines,
    `Private-Lines: ${privLines.length}`,
    ...privLines,
    `Private-MAC: ${mac}`,
    '',
  ].join('\n');
}
