// OpenSSH private keys (openssh-key-v1): parses the binary container for the key type and whether it is encrypted.
import type { ValidationResult } from '../core/types.js';
import { WireError, WireReader, describeSshPublicKey } from './ssh-wire.js';

const MAGIC = 'openssh-key-v1\0';

/** Checks the decoded body of an OPENSSH PRIVATE KEY block. */
export function checkOpenSshKey(raw: Uint8Array): ValidationResult {
  if (Buffer.from(raw.subarray(0, MAGIC.length)).toString('latin1') !== MAGIC) {
    return { status: 'invalid', reason: 'body does not start with "openssh-key-v1"' };
  }
  try {
    const r = new WireReader(raw);
    r.bytes(MAGIC.length);
    const cipher = r.text();
    const kdf = r.text();
    r.string(); // kdf options
    const count = r.uint32();
    if (count < 1 || count > 16) return { status: 'invalid', reason: `implausible key count ${count}` };
    const publicKeys: Uint8Array[] = [];
    for (let i = 0; i < count; i++) publicKeys.push(r.string());
    const priv = r.string();
    if (r.remaining !== 0) return { status: 'invalid', reason: `${r.remaining} stray bytes after the private section` };
    const first = publicKeys[0];
    if (first === undefined) return { status: 'invalid', reason: 'no public key' };
    const details: Record<string, string | number | boolean> = { format: 'openssh', ...describeSshPublicKey(first) };
    const encrypted = cipher !== 'none';
    details['encrypted'] = encrypted;
    if (encrypted) {
      details['cipher'] = cipher;
      details['kdf'] = kdf;
      if (priv.length === 0 || priv.length % 8 !== 0) return { status: 'invalid', reason: 'encrypted private section is not whole cipher blocks', details };
      return { status: 'valid', details };
    }
    const p = new WireReader(priv);
    const check1 = p.uint32();
    const check2 = p.uint32();
    if (check1 !== check2) return { status: 'invalid', reason: 'check integers differ: the private section is corrupt', details };
    const innerType = p.text();
    if (innerType !== details['keyType']) return { status: 'invalid', reason: `private key type ${innerType} differs from public ${String(details['keyType'])}`, details };
    return { status: 'valid', details };
  } catch (err) {
    if (err instanceof WireError) return { status: 'invalid', reason: `openssh-key-v1 structure: ${err.message}` };
    throw err;
  }
}
