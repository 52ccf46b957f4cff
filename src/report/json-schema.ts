// The schema of `keyhole --format json`, as TypeScript: the contract the JSON report keeps.
// Version 1; a field may be added within a version, never removed or retyped.
import type { Encoding, ScanIssue, ScanStats, Severity, ValidationResult } from '../core/types.js';

/** The whole document: one JSON object. */
export interface JsonReport {
  /** Schema version of this document; bumps only on a breaking change. */
  version: 1;
  tool: { name: 'keyhole'; version: string; informationUri?: string };
  stats: ScanStats;
  /** Most severe first. */
  findings: JsonFinding[];
  /** Inputs that could not be (fully) read; the scan went on without them. */
  issues: ScanIssue[];
}

/** One secret under one rule, with every place it was seen. */
export interface JsonFinding {
  /** Stable id: hash of rule id and normalized secret. Same secret, same rule → same id across scans. */
  id: string;
  /** Rule id (kebab-case). */
  rule: string;
  /** Rule name, for people. */
  name: string;
  severity: Severity;
  category: string;
  provider: string;
  /** The raw secret: present only when the scan ran with --show-secrets. */
  secret?: string;
  /** Always present: a short prefix and the last four characters, e.g. `ghp_…Ab12`. */
  redacted: string;
  /** Shannon entropy of the secret, bits per character. */
  entropy: number;
  /** Offline structural check: valid / invalid / unknown, with facts learned (account, alg, ...). */
  validation: ValidationResult;
  /** How to rotate this credential; absent when the rule says nothing. */
  rotation?: { steps: string; docs?: string };
  /** With --exposed-between: whether an attacker with access in that window could have taken it, and why. */
  window?: { range: string; exposed: boolean; reason: string };
  locations: JsonLocation[];
}

/** Where a secret was seen: the provenance flattened. Absent facts are omitted. */
export interface JsonPlace {
  /** Where the content came from. */
  source: 'file' | 'stdin' | 'git' | 'archive' | 'jira';
  /** file: the path; stdin: `-`; git: path inside the repo; archive: the archive file; jira: the export file. */
  path: string;
  /** git: the repository. */
  repo?: string;
  /** git: blob id of the content. */
  blob?: string;
  /** git: full id of the commit that brought this content in. */
  commit?: string;
  /** git: commit author; jira: author of the issue or comment. */
  author?: string;
  /** git: author e-mail. */
  email?: string;
  /** git: commit date; jira: date of the issue or comment (ISO 8601). */
  date?: string;
  /** git: commit summary line. */
  summary?: string;
  /** git: refs (branches, tags) whose history holds the content. */
  refs?: string[];
  /** git: true when the content is still in HEAD's tree, false when only in history. */
  atHead?: boolean;
  /** git: true for an object no ref reaches (dangling, or only in reflog/packs). */
  unreachable?: boolean;
  /** archive: path of the member inside the archive. */
  member?: string;
  /** jira: issue key, e.g. `PROJ-1`. */
  issue?: string;
  /** jira: `summary`, `description`, `comment:<id>`, ... */
  field?: string;
}

/** One place a secret was seen: the place, then the position. Absent facts are omitted. */
export interface JsonLocation extends JsonPlace {
  /** 1-based line and column (column in bytes) within the content scanned. */
  line: number;
  column: number;
  /** 0-based, half-open byte span within the content scanned. */
  start: number;
  end: number;
  /** Encodings the secret was wrapped in here, outermost first. */
  encoding?: Encoding[];
  /** The line around the secret; redacted unless --show-secrets. */
  context: string;
}
