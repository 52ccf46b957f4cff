// The keyed secret hash: HMAC-SHA256 under a 32-byte key kept owner-only beside the database.
import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { KeyholeError } from '../core/errors.js';
import { normalizeSecret } from '../core/hash.js';
import { OWNER_ONLY, looseBits, octal, tighten } from './file-modes.js';

export const KEY_BYTES = 32;

export interface SecretHasher {
  /** HMAC-SHA256(key, normalized secret), hex: identifies a secret without storing it. */
  secretHash(secret: string): string;
  /** Where the key lives; undefined for an in-memory store's throw-away key. */
  readonly keyPath: string | undefined;
  /** True when the key was made just now (a new store, or a lost key: older hashes no longer match). */
  readonly created: boolean;
}

/** The key file for a database: `<db>.key`. */
export function keyPathFor(dbPath: string): string {
  return `${dbPath}.key`;
}

export function hasherFromKey(key: Buffer, keyPath?: string, created = false): SecretHasher {
  if (key.length !== KEY_BYTES) throw new KeyholeError('INTERNAL', `a store key is ${KEY_BYTES} bytes, not ${key.length}`);
  const k = Buffer.from(key);
  return {
    keyPath,
    created,
    secretHash: (secret) => createHmac('sha256', k).update(normalizeSecret(secret), 'utf8').digest('hex'),
  };
}

/** A fresh random key that lives only as long as the process (for `:memory:` stores). */
export function ephemeralHasher(): SecretHasher {
  return hasherFromKey(randomBytes(KEY_BYTES), undefined, true);
}

/**
 * Reads the key at `keyPath`, creating it (32 random bytes, mode 0600, exclusively) if absent.
 * A key file that group or others can access is made owner-only and `warn` is told; one that
 * cannot be repaired, or has the wrong size, is refused.
 */
export function loadOrCreateKey(keyPath: string, warn: (message: string) => void): { key: Buffer; created: boolean } {
  if (looseBits(keyPath) === undefined) {
    const key = createKeyFile(keyPath);
    if (key) return { key, created: true };
  }
  const loose = looseBits(keyPath) ?? 0;
  if (loose !== 0) {
    const mode = fs.statSync(keyPath).mode;
    try {
      tighten(keyPath);
    } catch (err) {
      throw new KeyholeError(
        'CONFIG_INVALID',
        `store key ${keyPath} is readable by others (mode ${octal(mode)}) and could not be made owner-only: ${(err as Error).message}`,
        { cause: err },
      );
    }
    warn(`store key ${keyPath} had mode ${octal(mode)}; changed it to ${octal(fs.statSync(keyPath).mode)} (owner only)`);
  }
  const key = fs.readFileSync(keyPath);
  if (key.length !== KEY_BYTES) {
    throw new KeyholeError(
      'CONFIG_INVALID',
      `store key ${keyPath} holds ${key.length} bytes, not ${KEY_BYTES}: it is damaged; restore it, or remove it and the database together`,
    );
  }
  return { key, created: false };
}

/** Writes a new key file; returns undefined when another process created it first. */
function createKeyFile(keyPath: string): Buffer | undefined {
  const key = randomBytes(KEY_BYTES);
  let fd: number;
  try {
    fd = fs.openSync(keyPath, 'wx', OWNER_ONLY);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw err;
  }
  try {
    fs.writeSync(fd, key);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return key;
}

/** The hasher for the database at `dbPath`, its key loaded or created beside it. */
export function openHasher(dbPath: string, warn: (message: string) => void): SecretHasher {
  const keyPath = keyPathFor(dbPath);
  const { key, created } = loadOrCreateKey(keyPath, warn);
  return hasherFromKey(key, keyPath, created);
}
