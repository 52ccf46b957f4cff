// The store side of `keyhole scan`: which store (--store, --no-store, --store-secrets), the scan's memory, finishing.
import fs from 'node:fs';
import path from 'node:path';
import type { ScanOutcome } from '../pipeline/scan.js';
import { StoreMemory } from '../pipeline/memory.js';
import { isCloneUrl } from '../sources/git/clone.js';
import { defaultStorePath, openStore, type SourceKind, type SourceRef, type Store } from '../store/index.js';

/** keyhole's own folder beside a store (and in every scanned tree): never scanned. */
export { STORE_DIR } from '../store/paths.js';

export interface StoreFlags {
  /** A store file; false with --no-store; default .keyhole/keyhole.db in the current directory. */
  store?: string | boolean;
  storeSecrets?: boolean;
}

/** The store file a command uses: --store FILE, else the default under the current directory. */
export function storePathFor(flags: StoreFlags): string | undefined {
  if (flags.store === false) return undefined;
  return path.resolve(typeof flags.store === 'string' ? flags.store : defaultStorePath(process.cwd()));
}

function kindOf(input: string): SourceKind {
  if (input === '-') return 'stdin';
  if (isCloneUrl(input) && !fs.existsSync(input)) return 'git';
  try {
    const st = fs.statSync(input);
    if (!st.isDirectory()) return 'file';
    return fs.existsSync(path.join(input, '.git')) || fs.existsSync(path.join(input, 'HEAD')) ? 'git' : 'directory';
  } catch {
    return 'file';
  }
}

/** One scan's store: its memory for runScan, and finishing the scan. */
export class ScanStore {
  readonly memory: StoreMemory;
  private constructor(
    readonly store: Store,
    inputs: string[],
  ) {
    this.memory = new StoreMemory(store, inputs.map((i): SourceRef => ({ kind: kindOf(i), name: i })));
  }

  static open(flags: StoreFlags, inputs: string[]): ScanStore | undefined {
    const file = storePathFor(flags);
    if (file === undefined) return undefined;
    return new ScanStore(openStore(file, { storeSecrets: !!flags.storeSecrets }), inputs);
  }

  /** For the git sources: objects already scanned with these rules are not read. */
  readonly skipBlob = (id: string): boolean => this.memory.isKnown(id);

  finish(outcome: ScanOutcome): void {
    if (this.memory.scanId !== undefined) this.store.finishScan(this.memory.scanId, outcome.interrupted ? 'interrupted' : 'completed', outcome.stats);
  }

  /** Closes the store; a scan not finished (an error) is marked interrupted, keeping what it saved. */
  close(): void {
    this.store.close();
  }
}

