// What a scan remembers between runs (the store): which blobs it has scanned, their findings, and saving as it goes.
import type { Finding, Location } from '../core/types.js';
import type { BlobPlace, RepoState, ScannedBlob, SourceRef, Store } from '../store/index.js';

/** A finding's location the store holds for a blob, and the finding (its own locations are not used). */
export interface Recalled {
  finding: Finding;
  location: Location;
}

/** What runScan saves at a checkpoint: what came in since the previous one. */
export interface Checkpoint {
  /** Findings with only their locations not saved before (all of them in the final checkpoint). */
  findings: Finding[];
  /** Blobs (and commit or tag messages) scanned whose findings are in `findings` or saved before. */
  scanned: ScannedBlob[];
  places: BlobPlace[];
}

/**
 * Incremental scanning for runScan. `begin` is called once, with the rule-set version, before any
 * source is read; `isKnown` may be called before that (it is then false).
 */
export interface ScanMemory {
  begin(rulesVersion: string): void;
  isKnown(id: string): boolean;
  /** Ids of file contents already scanned (workers skip files read whole with one of these ids). */
  knownFileIds(): ReadonlySet<string>;
  recall(id: string): Recalled[];
  save(c: Checkpoint): void;
  /** What the last completed scan that read git repository `gitDir` whole recorded about it. */
  repoState?(gitDir: string): RepoState | undefined;
  /** The findings at the locations in repository `repo` that scan `scanId` reported. */
  recallRepo?(repo: string, scanId: number): Recalled[];
  /** Records a repository this scan read (or recalled) whole; call once the scan completed and is saved. */
  saveRepoState?(state: Omit<RepoState, 'scanId' | 'rulesVersion'>): void;
  forgetRepoState?(gitDir: string): void;
}

/** A store-backed memory for one scan: `scanId` is set once runScan has begun. */
export class StoreMemory implements ScanMemory {
  scanId: number | undefined;
  private rulesVersion: string | undefined;
  private fileIds: Set<string> | undefined;
  /** Blob ids with at least one stored location (loaded at begin: one query instead of one per blob). */
  private withFindings = new Set<string>();
  private readonly metas = new Map<string, Finding>();

  constructor(
    private readonly store: Store,
    private readonly sources: readonly SourceRef[],
  ) {}

  begin(rulesVersion: string): void {
    this.rulesVersion = rulesVersion;
    this.scanId = this.store.beginScan(rulesVersion, this.sources);
    for (const f of this.store.findings()) {
      const { locations, ...meta } = f;
      this.metas.set(f.id, { ...meta, locations: [] });
      for (const l of locations) {
        const id = l.provenance.kind === 'git' ? l.provenance.blob : l.blob;
        if (id) this.withFindings.add(id);
      }
    }
  }

  isKnown(id: string): boolean {
    return this.rulesVersion !== undefined && this.store.hasScanned(id, this.rulesVersion);
  }

  knownFileIds(): ReadonlySet<string> {
    if (this.rulesVersion === undefined) return new Set();
    this.fileIds ??= new Set(this.store.scannedBlobIds(this.rulesVersion, 'file'));
    return this.fileIds;
  }

  recall(id: string): Recalled[] {
    if (!this.withFindings.has(id)) return [];
    const out: Recalled[] = [];
    for (const { findingId, location } of this.store.locationsInBlob(id)) {
      const finding = this.meta(findingId);
      if (finding) out.push({ finding, location });
    }
    return out;
  }

  repoState(gitDir: string): RepoState | undefined {
    return this.store.repoState(gitDir);
  }

  recallRepo(repo: string, scanId: number): Recalled[] {
    const out: Recalled[] = [];
    for (const { findingId, location } of this.store.locationsInRepo(repo, scanId)) {
      const finding = this.meta(findingId);
      if (finding) out.push({ finding, location });
    }
    return out;
  }

  saveRepoState(state: Omit<RepoState, 'scanId' | 'rulesVersion'>): void {
    if (this.scanId === undefined || this.rulesVersion === undefined) return;
    this.store.saveRepoState({ ...state, scanId: this.scanId, rulesVersion: this.rulesVersion });
  }

  forgetRepoState(gitDir: string): void {
    this.store.forgetRepoState(gitDir);
  }

  private meta(findingId: string): Finding | undefined {
    let finding = this.metas.get(findingId);
    if (!finding) {
      const f = this.store.findings({ ids: [findingId] })[0];
      if (!f) return undefined;
      finding = { ...f, locations: [] };
      this.metas.set(findingId, finding);
    }
    return finding;
  }

  save(c: Checkpoint): void {
    if (this.scanId === undefined || this.rulesVersion === undefined) return;
    if (c.findings.length) this.store.saveFindings(this.scanId, c.findings);
    for (const f of c.findings) {
      for (const l of f.locations) {
        const id = l.provenance.kind === 'git' ? l.provenance.blob : l.blob;
        if (id) this.withFindings.add(id);
      }
    }
    if (c.places.length) this.store.recordBlobPlaces(this.scanId, c.places);
    // Only once their findings are saved: an interruption never leaves a blob marked whose findings were lost.
    if (c.scanned.length) this.store.markScanned(c.scanned, this.rulesVersion, this.scanId);
  }
}
