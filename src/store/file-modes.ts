// Owner-only files for the store: create with mode 0600, find and repair group/other access.
import fs from 'node:fs';
import path from 'node:path';

/** POSIX permission bits do not exist on Windows; there every check here passes. */
const POSIX = process.platform !== 'win32';

export const OWNER_ONLY = 0o600;
export const OWNER_ONLY_DIR = 0o700;

/** The files SQLite keeps for a database: the database itself, its WAL, shared memory and rollback journal. */
export function databaseFiles(dbPath: string): string[] {
  return [dbPath, `${dbPath}-wal`, `${dbPath}-shm`, `${dbPath}-journal`];
}

/** The permission bits that let group or others read or write `file`, or 0; undefined if it does not exist. */
export function looseBits(file: string): number | undefined {
  try {
    const st = fs.statSync(file);
    return POSIX ? st.mode & 0o077 : 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Makes `file` owner-only if it exists and is not; returns true when its mode was changed. */
export function tighten(file: string): boolean {
  const loose = looseBits(file);
  if (!loose) return false;
  fs.chmodSync(file, fs.statSync(file).mode & 0o700);
  return true;
}

/** Creates `file` empty with mode 0600 if it does not exist, and makes it owner-only if it does. */
export function createOwnerOnly(file: string): void {
  fs.closeSync(fs.openSync(file, 'a', OWNER_ONLY));
  tighten(file);
}

/**
 * Creates the directory a store lives in. A directory keyhole creates is owner-only (it holds the
 * key) and ignores itself in git, so the store is never committed to the repository it scanned;
 * an existing directory is left as it is.
 */
export function ensureStoreDir(dbPath: string): void {
  const dir = path.dirname(path.resolve(dbPath));
  if (fs.existsSync(dir)) return;
  fs.mkdirSync(dir, { recursive: true, mode: OWNER_ONLY_DIR });
  fs.writeFileSync(path.join(dir, '.gitignore'), '*\n');
}

/** Octal for messages: 0644. */
export function octal(mode: number): string {
  return `0${(mode & 0o777).toString(8).padStart(3, '0')}`;
}

/**
 * Sets the process umask to 077 while `fn` runs, so every file created meanwhile (SQLite's WAL and
 * shared-memory files included) is owner-only.
 */
export function withOwnerOnlyUmask<T>(fn: () => T): T {
  if (!POSIX) return fn();
  const old = process.umask(0o077);
  try {
    return fn();
  } finally {
    process.umask(old);
  }
}
