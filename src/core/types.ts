// Domain types shared by every layer: blobs, provenance, rules at run time, matches and findings.

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** Where a blob was seen. One blob can have many provenances. */
export type Provenance =
  | { kind: 'file'; path: string }
  | { kind: 'stdin'; path: '-' }
  | {
      kind: 'git';
      repo: string;
      path: string;
      blob: string;
      commit?: CommitInfo;
      refs?: string[];
      atHead?: boolean;
      unreachable?: boolean;
    }
  | { kind: 'archive'; path: string; member: string }
  | { kind: 'jira'; path: string; issue: string; field: string; author?: string; date?: string };

/**
 * Where inside a scanned blob a match sits, when an analyzer looked inside it: an archive member
 * (`inner.jar!x.properties` when nested) or a Jira issue field. The aggregator combines it with the
 * blob's provenance (a file becomes an `archive` or `jira` provenance; a git location keeps it beside).
 */
export type Inner =
  | { kind: 'archive'; member: string }
  | { kind: 'jira'; issue: string; field: string; author?: string; date?: string };

export interface CommitInfo {
  id: string;
  author: string;
  email: string;
  date: string;
  summary: string;
}

/** A piece of content to scan, with the place it came from. */
export interface Blob {
  /** git-style sha1 of the content ("blob <len>\0" + bytes); stable identity across sources. */
  id?: string;
  bytes: Uint8Array;
  provenance: Provenance;
}

/** How a secret was encoded where it was found, outermost first. */
export type Encoding = 'base64' | 'hex' | 'percent' | 'escape';

export interface ValidationResult {
  /** valid: structure checks out; invalid: structure is wrong (not a real credential); unknown: nothing to check. */
  status: 'valid' | 'invalid' | 'unknown';
  validator?: string;
  /** Facts learned offline, e.g. { account: "123456789012" } or { alg: "HS256", exp: "..." }. */
  details?: Record<string, string | number | boolean>;
  reason?: string;
}

export interface Rotation {
  steps: string;
  docs?: string;
}

/** One occurrence of a secret inside one blob. */
export interface Match {
  ruleId: string;
  /** The secret as it appeared (decoded where it was encoded). */
  secret: string;
  /** Byte span in the blob, 0-based, half-open. For a decoded secret, the span of the encoded text. */
  start: number;
  end: number;
  /** 1-based line and column (column counted in bytes) of `start`. */
  line: number;
  column: number;
  /** The full line around the match, trimmed to a bounded width (unredacted; redact before output). */
  context: string;
  encoding?: Encoding[];
  entropy: number;
  validation: ValidationResult;
  /** Set by analyzers: the place inside the blob (archive member, Jira field). Line and column count within it. */
  inner?: Inner;
  /** Set by analyzers: a fact about the place, e.g. the Terraform resource address `aws_db_instance.telemetry`. */
  detail?: string;
}

export interface Location {
  provenance: Provenance;
  line: number;
  column: number;
  start: number;
  end: number;
  context: string;
  encoding?: Encoding[];
  /** The place inside the blob, kept here when the provenance cannot hold it (an archive member of a git blob). */
  inner?: Inner;
  /** A fact about the place from an analyzer (a Terraform resource address, a document marking). */
  detail?: string;
  /**
   * The git-style id of the file content the match is in, when the scan computed one (incremental
   * rescans with a store): lets a later scan find the findings of content it does not scan again.
   * Git locations have theirs in the provenance.
   */
  blob?: string;
}

/** One secret, with every place it was seen. */
export interface Finding {
  /** hash(rule id, normalized secret): stable across scans and moves. */
  id: string;
  ruleId: string;
  ruleName: string;
  severity: Severity;
  category: string;
  provider: string;
  secret: string;
  redacted: string;
  entropy: number;
  validation: ValidationResult;
  rotation?: Rotation;
  locations: Location[];
  /** Set when a breach window was given (--exposed-between): could an attacker in it have taken this? */
  window?: WindowExposure;
}

export interface WindowExposure {
  /** The window as given, e.g. `2025-01-01..2025-03-31`. */
  range: string;
  exposed: boolean;
  /** Why: introduced on or before the window's end (date), introduced after it, or no date known. */
  reason: string;
}

/** A problem with one input that did not stop the scan. */
export interface ScanIssue {
  input: string;
  code: string;
  message: string;
  /** `note`: something the user should know that is not a failure (a shallow clone, an LFS pointer). Default: error. */
  level?: 'error' | 'note';
}

export interface ScanStats {
  files: number;
  bytes: number;
  binarySkipped: number;
  tooLargeSkipped: number;
  errors: number;
  seconds: number;
  /** Blobs not scanned again: the store already held them, scanned with the same rules (incremental rescans). */
  blobsSkipped?: number;
  /** Git repositories unchanged since an earlier scan: their findings recalled from the store, their history not read. */
  reposUnchanged?: number;
}
