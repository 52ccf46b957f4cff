// The input every report formatter takes, and the formatter contract: a pure function to a string.
import type { Finding, ScanIssue, ScanStats, Severity } from '../core/types.js';

/** What a report needs to know about a rule (a subset of the loaded rule). */
export interface RuleMeta {
  id: string;
  name: string;
  description: string;
  severity: Severity;
  category: string;
  provider: string;
  /** Where to read about the credential and how to rotate it. */
  docs?: string;
}

export interface ReportInput {
  findings: Finding[];
  issues: ScanIssue[];
  stats: ScanStats;
  /** Print raw secrets (and unredacted context lines). Off by default everywhere. */
  showSecrets: boolean;
  /** `informationUri`: the project's home page, for SARIF's tool.driver (omitted when not given). */
  tool: { name: 'keyhole'; version: string; informationUri?: string };
  /** Metadata for the loaded rules; formatters fall back to the finding's own fields for rules not listed. */
  rules: RuleMeta[];
  /** ANSI colors in the text report; ignored by machine formats. */
  color?: boolean;
}

export type Formatter = (input: ReportInput) => string;
