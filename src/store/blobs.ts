// Blobs: which were scanned under which rule-set version (one indexed lookup), and where each was seen.
import type Database from 'better-sqlite3';
import type { ScanLog } from './scans.js';
import type { BlobPlace, ScannedBlob } from './types.js';

/**
 * After this many lookups under one rule-set version, its scanned ids are loaded into memory: a query
 * costs a few µs (a WAL read transaction each), a Set lookup a tenth of one. A small scan (a pre-commit
 * hook) never pays for the load.
 */
export const PRELOAD_AFTER = 4096;
/** Above this many scanned blobs the ids stay on disk (about 80 bytes each in memory). */
const PRELOAD_MAX = 2_000_000;

export class BlobLog {
  private readonly scanned: Database.Statement<[string, string]>;
  private readonly countVersion: Database.Statement;
  private readonly idsOfVersion: Database.Statement;
  private readonly idsOfKind: Database.Statement;
  private cache: { version: string; ids: Set<string> | undefined; lookups: number } | undefined;
  private readonly upsertBlob: Database.Statement;
  private readonly insertBlob: Database.Statement;
  private readonly insertScanned: Database.Statement;
  private readonly upsertPlace: Database.Statement;
  private readonly markMany: Database.Transaction<(blobs: readonly ScannedBlob[], rulesVersion: string, scanId: number | null) => void>;
  private readonly placeMany: Database.Transaction<(scanId: number, places: readonly BlobPlace[]) => void>;

  constructor(db: Database.Database, scans: ScanLog) {
    this.scanned = db.prepare<[string, string]>('SELECT 1 FROM blob_scans WHERE rules_version = ? AND blob_id = ?').pluck();
    this.countVersion = db.prepare('SELECT count(*) FROM blob_scans WHERE rules_version = ?').pluck();
    this.idsOfVersion = db.prepare('SELECT blob_id FROM blob_scans WHERE rules_version = ?').pluck();
    this.idsOfKind = db
      .prepare('SELECT DISTINCT s.blob_id FROM blob_scans s JOIN blob_places p ON p.blob_id = s.blob_id WHERE s.rules_version = ? AND p.kind = ?')
      .pluck();
    this.upsertBlob = db.prepare(
      'INSERT INTO blobs (id, size) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET size = COALESCE(excluded.size, size)',
    );
    this.insertBlob = db.prepare('INSERT OR IGNORE INTO blobs (id) VALUES (?)');
    this.insertScanned = db.prepare('INSERT OR IGNORE INTO blob_scans (rules_version, blob_id, scan_id) VALUES (?, ?, ?)');
    this.upsertPlace = db.prepare(`
      INSERT INTO blob_places (blob_id, source_id, kind, repo, path, commit_id, member, first_scan_id, last_scan_id)
      VALUES (@blob, @source, @kind, @repo, @path, @commit, @member, @scan, @scan)
      ON CONFLICT (blob_id, source_id, repo, path, commit_id, member) DO UPDATE SET last_scan_id = excluded.last_scan_id`);
    const touchScan = db.prepare('UPDATE scans SET updated_at = ? WHERE id = ?');

    this.markMany = db.transaction((blobs: readonly ScannedBlob[], rulesVersion: string, scanId: number | null) => {
      for (const b of blobs) {
        const id = typeof b === 'string' ? b : b.id;
        if (typeof b === 'string' || b.size === undefined) this.insertBlob.run(id);
        else this.upsertBlob.run(id, b.size);
        this.insertScanned.run(rulesVersion, id, scanId);
      }
      if (scanId !== null) touchScan.run(new Date().toISOString(), scanId);
    });
    this.placeMany = db.transaction((scanId: number, places: readonly BlobPlace[]) => {
      for (const pl of places) {
        const p = pl.provenance;
        this.upsertBlob.run(pl.blobId, pl.size ?? null);
        this.upsertPlace.run({
          blob: pl.blobId,
          source: scans.sourceNamed(scanId, pl.source, p.kind),
          kind: p.kind,
          repo: p.kind === 'git' ? p.repo : '',
          path: p.path,
          commit: p.kind === 'git' ? (p.commit?.id ?? '') : '',
          member: p.kind === 'archive' ? p.member : '',
          scan: scanId,
        });
      }
      touchScan.run(new Date().toISOString(), scanId);
    });
  }

  /** True when blob `blobId` was scanned with rule-set `rulesVersion`: the pipeline asks for every blob. */
  hasScanned(blobId: string, rulesVersion: string): boolean {
    let c = this.cache;
    if (c === undefined || c.version !== rulesVersion) c = this.cache = { version: rulesVersion, ids: undefined, lookups: 0 };
    if (c.ids) return c.ids.has(blobId);
    if (++c.lookups === PRELOAD_AFTER && (this.countVersion.get(rulesVersion) as number) <= PRELOAD_MAX) {
      c.ids = new Set(this.idsOfVersion.all(rulesVersion) as string[]);
      return c.ids.has(blobId);
    }
    return this.scanned.get(rulesVersion, blobId) !== undefined;
  }

  /**
   * Records blobs as scanned under `rulesVersion`, in one transaction. Call it only once the blobs'
   * findings are saved (or in the same batch), so an interruption never leaves a blob marked scanned
   * whose findings were lost.
   */
  markScanned(blobs: readonly ScannedBlob[], rulesVersion: string, scanId?: number): void {
    if (blobs.length === 0 && scanId === undefined) return;
    this.markMany.immediate(blobs, rulesVersion, scanId ?? null);
    const ids = this.cache?.version === rulesVersion ? this.cache.ids : undefined;
    if (ids) for (const b of blobs) ids.add(typeof b === 'string' ? b : b.id);
  }

  /** Ids of the blobs scanned under `rulesVersion`; with `kind`, only those seen at a place of that kind. */
  scannedIds(rulesVersion: string, kind?: string): string[] {
    if (kind === undefined) return this.idsOfVersion.all(rulesVersion) as string[];
    return this.idsOfKind.all(rulesVersion, kind) as string[];
  }

  /** Records where blobs were seen during scan `scanId`, in one transaction; a place seen again is updated. */
  recordPlaces(scanId: number, places: readonly BlobPlace[]): void {
    if (places.length > 0) this.placeMany.immediate(scanId, places);
  }
}
