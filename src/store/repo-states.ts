// Repository states: a fingerprint of each git repository a completed scan read whole (refs, packs,
// loose objects), so that a rescan of an unchanged repository recalls its findings without reading it.
import type Database from 'better-sqlite3';
import type { ScanIssue } from '../core/types.js';

/** A note or skipped blob a scan reported about a repository (the pipeline's SourceItem of that kind). */
export type RepoNote =
  | { kind: 'issue'; issue: ScanIssue }
  | { kind: 'skipped'; reason: 'binary' | 'too-large'; input: string; bytes: number; message?: string };

export interface RepoState {
  /** The repository's git directory (absolute): the key. */
  gitDir: string;
  /** Its id in reports (the `repo` of its locations). */
  repo: string;
  fingerprint: string;
  rulesVersion: string;
  /** The completed scan that last read it (or recalled it) whole. */
  scanId: number;
  /** Objects (blobs, commits, tags) it held: counted as skipped when it is recalled. */
  objects: number;
  /** The notes that scan reported about it (shallow clone, submodules, LFS pointers). */
  notes: RepoNote[];
}

interface Row {
  git_dir: string;
  repo: string;
  fingerprint: string;
  rules_version: string;
  scan_id: number;
  objects: number;
  notes: string;
}

export class RepoStates {
  private readonly get: Database.Statement<[string]>;
  private readonly put: Database.Statement;
  private readonly drop: Database.Statement<[string]>;

  constructor(db: Database.Database) {
    this.get = db.prepare<[string]>('SELECT * FROM repo_states WHERE git_dir = ?');
    this.put = db.prepare(`
      INSERT INTO repo_states (git_dir, repo, fingerprint, rules_version, scan_id, objects, notes)
      VALUES (@gitDir, @repo, @fingerprint, @rulesVersion, @scanId, @objects, @notes)
      ON CONFLICT (git_dir) DO UPDATE SET repo = excluded.repo, fingerprint = excluded.fingerprint,
        rules_version = excluded.rules_version, scan_id = excluded.scan_id, objects = excluded.objects, notes = excluded.notes`);
    this.drop = db.prepare<[string]>('DELETE FROM repo_states WHERE git_dir = ?');
  }

  state(gitDir: string): RepoState | undefined {
    const r = this.get.get(gitDir) as Row | undefined;
    if (!r) return undefined;
    return {
      gitDir: r.git_dir,
      repo: r.repo,
      fingerprint: r.fingerprint,
      rulesVersion: r.rules_version,
      scanId: r.scan_id,
      objects: r.objects,
      notes: JSON.parse(r.notes) as RepoNote[],
    };
  }

  save(s: RepoState): void {
    this.put.run({ ...s, notes: JSON.stringify(s.notes) });
  }

  forget(gitDir: string): void {
    this.drop.run(gitDir);
  }
}
