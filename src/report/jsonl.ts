// The JSON Lines report: one self-contained object per location, for grep, jq and log pipelines.
import type { Encoding, Severity } from '../core/types.js';
import { compact, machinePath } from './location.js';
import { secretText } from './redaction.js';
import { bySeverity } from './findings.js';
import type { Formatter } from './types.js';

/** One line of `--format jsonl`. */
export interface JsonlRecord {
  /** Finding id: the lines of one finding share it. */
  finding: string;
  rule: string;
  severity: Severity;
  /** file path, `-`, path in the git repo, `outer.zip!inner/path`, or the jira export file. */
  path: string;
  line: number;
  column: number;
  source: 'file' | 'stdin' | 'git' | 'archive' | 'jira';
  repo?: string;
  commit?: string;
  issue?: string;
  field?: string;
  encoding?: Encoding[];
  redacted: string;
  /** Only with --show-secrets. */
  secret?: string;
}

export const formatJsonl: Formatter = (input) => {
  const lines: string[] = [];
  for (const f of bySeverity(input.findings)) {
    for (const loc of f.locations) {
      const p = loc.provenance;
      const rec: JsonlRecord = compact({
        finding: f.id,
        rule: f.ruleId,
        severity: f.severity,
        path: machinePath(p, loc.inner),
        line: loc.line,
        column: loc.column,
        source: p.kind,
        repo: p.kind === 'git' ? p.repo : undefined,
        commit: p.kind === 'git' ? p.commit?.id : undefined,
        issue: p.kind === 'jira' ? p.issue : undefined,
        field: p.kind === 'jira' ? p.field : undefined,
        encoding: loc.encoding && loc.encoding.length > 0 ? loc.encoding : undefined,
        redacted: secretText(f, false),
        secret: input.showSecrets ? f.secret : undefined,
      });
      lines.push(JSON.stringify(rec));
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
};
