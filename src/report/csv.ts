// The CSV report (RFC 4180): a header row, then one row per location; safe to open in a spreadsheet.
import type { Finding, Location } from '../core/types.js';
import { bySeverity } from './findings.js';
import { machinePath } from './location.js';
import { secretText } from './redaction.js';
import type { Formatter } from './types.js';

const COLUMNS = [
  'finding', 'rule', 'severity', 'category', 'provider', 'path', 'line', 'column',
  'commit', 'author', 'date', 'at_head', 'validation', 'secret_redacted',
] as const;

/** Cells a spreadsheet would read as a formula (or, for tab and CR, could be made to). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One cell: text that a spreadsheet would evaluate gets a leading `'` (OWASP "CSV injection"),
 * then the cell is quoted when it holds a quote, comma or line break, with quotes doubled.
 */
export function csvCell(value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  let s = String(value);
  // A lone `-` (stdin's path) is no formula, and a prefix would make it unreadable as that path.
  if (typeof value === 'string' && s !== '-' && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function row(f: Finding, loc: Location, showSecrets: boolean): Array<string | number | boolean | undefined> {
  const p = loc.provenance;
  const git = p.kind === 'git' ? p : undefined;
  const jira = p.kind === 'jira' ? p : undefined;
  const validation = f.validation.validator ? `${f.validation.status} (${f.validation.validator})` : f.validation.status;
  const cells: Array<string | number | boolean | undefined> = [
    f.id,
    f.ruleId,
    f.severity,
    f.category,
    f.provider,
    jira ? `${jira.path}#${jira.issue}/${jira.field}` : machinePath(p, loc.inner),
    loc.line,
    loc.column,
    git?.commit?.id,
    git?.commit?.author ?? jira?.author,
    git?.commit?.date ?? jira?.date,
    git?.atHead,
    validation,
    secretText(f, false),
  ];
  if (showSecrets) cells.push(f.secret);
  return cells;
}

export const formatCsv: Formatter = (input) => {
  const header: string[] = [...COLUMNS];
  if (input.showSecrets) header.push('secret');
  const lines = [header.map(csvCell).join(',')];
  for (const f of bySeverity(input.findings)) {
    for (const loc of f.locations) lines.push(row(f, loc, input.showSecrets).map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
};
