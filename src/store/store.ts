// The embedded store: opens (and migrates) the database and gathers scans, blobs, findings and triage.
import type Database from 'better-sqlite3';
import { lazyPackage } from '../core/lazy.js';
import { KeyholeError } from '../core/errors.js';
import type { Finding, Location, ScanStats } from '../core/types.js';
import { BlobLog } from './blobs.js';
import { createOwnerOnly, databaseFiles, ensureStoreDir, looseBits, octal, tighten, withOwnerOnlyUmask } from './file-modes.js';
import { ephemeralHasher, openHasher, type SecretHasher } from './keyed-hash.js';
import { locationsInBlob, locationsInRepo, queryFindings } from './query.js';
import { RepoStates, type RepoState } from './repo-states.js';
import { FindingWriter } from './save.js';
import { ScanLog } from './scans.js';
import { migrate } from './schema.js';
import { Triage } from './triage.js';
import type {
  BlobPlace, FindingFilter, SaveResult, ScanRecord, ScannedBlob, SourceRef, StoredFinding, StoreOptions, TriageEntry, TriageStatus,
} from './types.js';

export { defaultStorePath } from './paths.js';

/** One open store. Use it from one thread (the main one): SQLite serializes writers, this object assumes one. */
export interface Store {
  readonly path: string;
  readonly storeSecrets: boolean;
  /** Scans this open found left running by a crashed process, now marked interrupted. */
  readonly recoveredScans: readonly number[];
  beginScan(rulesVersion: string, sources: readonly SourceRef[]): number;
  hasScanned(blobId: string, rulesVersion: string): boolean;
  /** Ids of blobs scanned under `rulesVersion`; with `kind` (file, git...), only those seen at such a place. */
  scannedBlobIds(rulesVersion: string, kind?: string): string[];
  markScanned(blobs: readonly ScannedBlob[], rulesVersion: string, scanId?: number): void;
  recordBlobPlace(scanId: number, place: BlobPlace): void;
  recordBlobPlaces(scanId: number, places: readonly BlobPlace[]): void;
  saveFindings(scanId: number, findings: readonly Finding[]): SaveResult;
  finishScan(scanId: number, status: 'completed' | 'interrupted', stats?: ScanStats | Record<string, unknown>): void;
  findings(filter?: FindingFilter): StoredFinding[];
  locationsInBlob(blobId: string): { findingId: string; location: Location }[];
  /** The git locations in repository `repo` that scan `scanId` saved or saw again, in the order first saved. */
  locationsInRepo(repo: string, scanId: number): { findingId: string; location: Location }[];
  /** What a completed scan recorded about a git repository (by its absolute git directory). */
  repoState(gitDir: string): RepoState | undefined;
  saveRepoState(state: RepoState): void;
  forgetRepoState(gitDir: string): void;
  setStatus(findingId: string, status: TriageStatus, note?: string): { id: string; previous: TriageStatus };
  triageLog(findingId: string): TriageEntry[];
  resolveId(idOrPrefix: string): string;
  scan(scanId: number): ScanRecord | undefined;
  scans(): ScanRecord[];
  close(): void;
}

const defaultWarn = (message: string): void => {
  process.stderr.write(`keyhole: warning: ${message}\n`);
};

// Loaded when a store is first opened (a native addon: ~10 ms a start, which `--no-store` need not pay).
const sqlite = lazyPackage<typeof Database>('better-sqlite3');

function openDatabase(file: string, storeSecrets: boolean): Database.Database {
  const Database = sqlite();
  try {
    if (file === ':memory:') return new Database(file);
    ensureStoreDir(file);
    if (!storeSecrets) return new Database(file);
    createOwnerOnly(file);
    return withOwnerOnlyUmask(() => new Database(file));
  } catch (err) {
    throw new KeyholeError('INPUT_UNREADABLE', `cannot open store ${file}: ${(err as Error).message}`, { cause: err });
  }
}

function configure(db: Database.Database, file: string): void {
  try {
    if (file !== ':memory:') db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    // Overwrite deleted and replaced content (where that costs no extra I/O), so text scrubbed after
    // the fact leaves no copy behind in the pages that held it.
    db.pragma('secure_delete = FAST');
    // hasScanned runs once per blob: keep the blob index in memory (64 MB page cache, memory-mapped reads).
    db.pragma('cache_size = -65536');
    if (file !== ':memory:') db.pragma('mmap_size = 268435456');
    migrate(db);
  } catch (err) {
    db.close();
    if (err instanceof KeyholeError) throw err;
    throw new KeyholeError('INPUT_UNREADABLE', `${file} is not a usable keyhole store: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Keeps the database owner-only when it holds raw secrets: always with storeSecrets, and whenever an
 * earlier run stored some.
 */
function protect(db: Database.Database, file: string, storeSecrets: boolean, warn: (m: string) => void): void {
  if (file === ':memory:') return;
  if (!storeSecrets) {
    if (!looseBits(file)) return;
    if (db.prepare('SELECT 1 FROM findings WHERE secret IS NOT NULL LIMIT 1').get() === undefined) return;
    warn(`store ${file} holds raw secrets but had mode ${octal(looseBits(file) ?? 0)} for group/other; making it owner-only`);
  }
  for (const f of databaseFiles(file)) tighten(f);
}

export function openStore(file: string, options: StoreOptions = {}): Store {
  const storeSecrets = options.storeSecrets ?? false;
  const warn = options.warn ?? defaultWarn;
  const db = openDatabase(file, storeSecrets);
  configure(db, file);
  let hasher: SecretHasher;
  try {
    protect(db, file, storeSecrets, warn);
    hasher = file === ':memory:' ? ephemeralHasher() : openHasher(file, warn);
  } catch (err) {
    db.close();
    throw err;
  }
  if (hasher.created && file !== ':memory:' && db.prepare('SELECT 1 FROM findings LIMIT 1').get() !== undefined) {
    warn(`store key ${hasher.keyPath} was missing and has been recreated: secret hashes of earlier findings no longer match new ones`);
  }
  return new SqliteStore(db, file, storeSecrets, hasher, warn);
}

class SqliteStore implements Store {
  readonly recoveredScans: readonly number[];
  private readonly scanLog: ScanLog;
  private readonly blobs: BlobLog;
  private readonly writer: FindingWriter;
  private readonly triage: Triage;
  private readonly repoStates: RepoStates;
  private closed = false;

  constructor(
    private readonly db: Database.Database,
    readonly path: string,
    readonly storeSecrets: boolean,
    hasher: SecretHasher,
    private readonly warn: (m: string) => void,
  ) {
    this.scanLog = new ScanLog(db);
    this.blobs = new BlobLog(db, this.scanLog);
    this.writer = new FindingWriter(db, hasher, storeSecrets);
    this.triage = new Triage(db);
    this.repoStates = new RepoStates(db);
    this.recoveredScans = this.scanLog.recover();
    if (this.recoveredScans.length > 0) {
      warn(`scan${this.recoveredScans.length > 1 ? 's' : ''} ${this.recoveredScans.join(', ')} ended without finishing; marked interrupted (their findings are kept)`);
    }
  }

  beginScan(rulesVersion: string, sources: readonly SourceRef[]): number {
    return this.scanLog.begin(rulesVersion, sources);
  }
  hasScanned(blobId: string, rulesVersion: string): boolean {
    return this.blobs.hasScanned(blobId, rulesVersion);
  }
  scannedBlobIds(rulesVersion: string, kind?: string): string[] {
    return this.blobs.scannedIds(rulesVersion, kind);
  }
  markScanned(blobs: readonly ScannedBlob[], rulesVersion: string, scanId?: number): void {
    this.blobs.markScanned(blobs, rulesVersion, scanId);
  }
  recordBlobPlace(scanId: number, place: BlobPlace): void {
    this.blobs.recordPlaces(scanId, [place]);
  }
  recordBlobPlaces(scanId: number, places: readonly BlobPlace[]): void {
    this.blobs.recordPlaces(scanId, places);
  }
  saveFindings(scanId: number, findings: readonly Finding[]): SaveResult {
    return this.writer.save(scanId, findings);
  }
  finishScan(scanId: number, status: 'completed' | 'interrupted', stats?: ScanStats | Record<string, unknown>): void {
    this.scanLog.finish(scanId, status, stats);
  }
  findings(filter: FindingFilter = {}): StoredFinding[] {
    return queryFindings(this.db, filter);
  }
  locationsInBlob(blobId: string): { findingId: string; location: Location }[] {
    return locationsInBlob(this.db, blobId);
  }
  locationsInRepo(repo: string, scanId: number): { findingId: string; location: Location }[] {
    return locationsInRepo(this.db, repo, scanId);
  }
  repoState(gitDir: string): RepoState | undefined {
    return this.repoStates.state(gitDir);
  }
  saveRepoState(state: RepoState): void {
    this.repoStates.save(state);
  }
  forgetRepoState(gitDir: string): void {
    this.repoStates.forget(gitDir);
  }
  setStatus(findingId: string, status: TriageStatus, note?: string): { id: string; previous: TriageStatus } {
    return this.triage.setStatus(findingId, status, note);
  }
  triageLog(findingId: string): TriageEntry[] {
    return this.triage.history(findingId);
  }
  resolveId(idOrPrefix: string): string {
    return this.triage.resolveId(idOrPrefix);
  }
  scan(scanId: number): ScanRecord | undefined {
    return this.scanLog.get(scanId);
  }
  scans(): ScanRecord[] {
    return this.scanLog.list();
  }

  /** Marks this store's unfinished scans interrupted and closes the database (checkpointing the WAL). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.scanLog.interruptOpen();
    } catch (err) {
      this.warn(`could not mark unfinished scans interrupted: ${(err as Error).message}`);
    }
    this.db.close();
  }
}
