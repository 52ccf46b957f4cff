// The store's public types: scans, sources, blob places, triage states, finding filters and stored findings.
import type { Finding, Provenance, ScanStats, Severity } from '../core/types.js';

export type ScanStatus = 'running' | 'completed' | 'interrupted';
export type TriageStatus = 'open' | 'false-positive' | 'revoked' | 'accepted-risk';
export const TRIAGE_STATUSES: readonly TriageStatus[] = ['open', 'false-positive', 'revoked', 'accepted-risk'];

/** What the user asked to scan: a repository, a directory of repositories, a file, an export. */
export type SourceKind = 'file' | 'directory' | 'stdin' | 'git' | 'archive' | 'jira';
export interface SourceRef {
  kind: SourceKind;
  /** As the user named it (a path, or a clone URL with any credentials already removed). */
  name: string;
}

export interface StoreOptions {
  /** Keep raw secrets (for later live verification); the database is then owner-only. Default false. */
  storeSecrets?: boolean;
  /** Told about repaired permissions, recovered scans, a replaced key. Default: a line on stderr. */
  warn?: (message: string) => void;
}

export interface ScanRecord {
  id: number;
  startedAt: string;
  /** When it completed, was interrupted, or (after a crash) last wrote anything. */
  finishedAt?: string;
  status: ScanStatus;
  rulesVersion: string;
  stats?: ScanStats & Record<string, unknown>;
  sources: SourceRef[];
}

/** Where a blob was seen during a scan (recorded whether or not it had to be scanned again). */
export interface BlobPlace {
  blobId: string;
  size?: number;
  /** The name of a source given to beginScan; an unknown name is registered with the provenance's kind. */
  source: string;
  provenance: Provenance;
}

/** A blob to mark as scanned: its id, and its size when known. */
export type ScannedBlob = string | { id: string; size?: number };

/**
 * Which findings to return. Every field narrows. `source`, `sourceKind`, `since` and `until` are about
 * locations: a finding is returned with only its matching locations, and only if it has one.
 */
export interface FindingFilter {
  ids?: string[];
  /** A repository (exact), or a path: the file itself or anything under the directory. */
  source?: string;
  sourceKind?: Provenance['kind'] | Provenance['kind'][];
  severity?: Severity | Severity[];
  status?: TriageStatus | TriageStatus[];
  category?: string | string[];
  provider?: string | string[];
  ruleId?: string | string[];
  /**
   * Exposure date bounds: the commit date (git) or issue date (jira), else the start of the scan that
   * first saw the location. ISO dates; a date-only `until` includes that whole day (UTC).
   */
  since?: string | Date;
  until?: string | Date;
}

/** A finding as the store holds it: the scan's Finding plus triage state and history. */
export interface StoredFinding extends Finding {
  /**
   * False when raw secrets were not stored: `secret` then holds the redacted form (so redaction
   * helpers leave it as it is) and cannot be verified live.
   */
  secretStored: boolean;
  /** HMAC-SHA256 of the normalized secret under the store's key. */
  secretHash: string;
  status: TriageStatus;
  note?: string;
  statusChangedAt?: string;
  firstSeenScan: number;
  lastSeenScan: number;
}

export interface TriageEntry {
  at: string;
  status: TriageStatus;
  previous: TriageStatus;
  note?: string;
}

/** What one saveFindings call changed. */
export interface SaveResult {
  /** Ids of findings the store had never seen before. */
  newFindings: string[];
  /** Locations not seen before (of new or known findings). */
  newLocations: number;
}
