// The Source contract: anything that yields content to scan (files, git blobs, archive members, issues).
import type { Finding, Provenance, ScanIssue } from '../core/types.js';

export type SourceItem =
  /** A file the scanner reads itself (in a worker, so reading overlaps scanning). */
  | { kind: 'file'; path: string; size: number; provenance: Provenance }
  /**
   * Bytes already read. `id` (a git blob id) lets the pipeline scan identical content once:
   * a later item with the same id gets the earlier matches with its own provenance.
   */
  | { kind: 'blob'; id?: string; bytes: Uint8Array; provenance: Provenance }
  /**
   * A blob the scan already knows (an incremental rescan: scanned before with the same rules), not read.
   * Its earlier findings are placed at `provenance`; without one they keep the places stored with them.
   */
  | { kind: 'known'; id: string; size?: number; provenance?: Provenance }
  /** Content skipped without scanning, counted in the stats (binary, too large, LFS pointer...). */
  | { kind: 'skipped'; reason: 'binary' | 'too-large'; input: string; bytes: number; message?: string }
  /**
   * A git repository's state, before the source reads it (incremental rescans). The scan answers in
   * `reply` before the source goes on: `unchanged` when a completed scan with the same rules read
   * exactly this state, whose findings it has then recalled; the source then leaves its history alone.
   */
  | { kind: 'repo-state'; gitDir: string; repo: string; fingerprint: string; reply: { unchanged: boolean } }
  /** A git repository read whole (every object scanned or known): what a later scan's fast path needs. */
  | { kind: 'repo-read'; gitDir: string; repo: string; fingerprint: string; objects: number; notes: RepoNote[] }
  /** A problem with one input; the scan goes on. */
  | { kind: 'issue'; issue: ScanIssue };

/** What a scan of a git repository reported besides findings (notes, skipped blobs): replayed when it is recalled. */
export type RepoNote = Extract<SourceItem, { kind: 'issue' | 'skipped' }>;

export interface Source {
  /** The input as the user named it, for messages. */
  readonly name: string;
  items(signal?: AbortSignal): AsyncIterable<SourceItem>;
  /**
   * Called once after scanning with every finding: a source may complete the locations it produced
   * (a git source turns a blob id into every path and introducing commit). It must leave other
   * sources' locations alone.
   */
  resolve?(findings: Finding[], signal?: AbortSignal): Promise<ScanIssue[]>;
}
