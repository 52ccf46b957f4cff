// Where a scan keeps its store by default (no SQLite needed to say so: the CLI asks before loading it).
import path from 'node:path';

/** The folder a scan keeps its store in, under the current directory (and never scans). */
export const STORE_DIR = '.keyhole';

/** Where a scan keeps its store unless told otherwise: `.keyhole/keyhole.db` under `cwd`. */
export function defaultStorePath(cwd: string): string {
  return path.join(cwd, STORE_DIR, 'keyhole.db');
}
