// The human report: one block per finding (most severe first), each location under it, then a summary.
import type { Finding, Location, Severity, ValidationResult } from '../core/types.js';
import { bySeverity, ruleOf, severityCounts } from './findings.js';
import { describeLocation } from './location.js';
import { contextText, secretText } from './redaction.js';
import type { Formatter, ReportInput } from './types.js';

type Paint = (code: string, s: string) => string;
const ANSI: Record<Severity, string> = { critical: '1;31', high: '31', medium: '33', low: '36', info: '2' };

function painter(on: boolean): Paint {
  return on ? (code, s) => `\u001b[${code}m${s}\u001b[0m` : (_code, s) => s;
}

/** `structure valid (aws) · account 123456789012`, `structure invalid: bad checksum`, or '' when unknown. */
export function describeValidation(v: ValidationResult): string {
  if (v.status === 'unknown' && !v.details) return '';
  let s = v.status === 'unknown' ? 'not checked' : `structure ${v.status}`;
  if (v.validator) s += ` (${v.validator})`;
  if (v.reason) s += `: ${v.reason}`;
  const details = Object.entries(v.details ?? {}).map(([k, val]) => `${k} ${String(val)}`);
  return [s, ...details].join(' · ');
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Indents every line after the first, so a multi-line secret or rotation text stays inside its block. */
const indentRest = (s: string, pad: string): string => s.replace(/\r?\n/g, `\n${pad}`);

function locationLines(f: Finding, loc: Location, input: ReportInput, paint: Paint): string[] {
  const ctx = contextText(f, loc, input.showSecrets).trim();
  const enc = loc.encoding && loc.encoding.length > 0 ? ` (${loc.encoding.join('+')})` : '';
  const lines = [`  ${describeLocation(loc)}${enc}${ctx !== '' ? `  ${paint('2', ctx)}` : ''}`];
  const p = loc.provenance;
  // The HEAD state is already in describeLocation's brackets; this line adds who and when.
  if (p.kind === 'git' && p.commit) {
    const c = p.commit;
    lines.push(`      commit ${c.id.slice(0, 7)} by ${c.author} <${c.email}> on ${c.date}${c.summary ? `: ${c.summary}` : ''}`);
  } else if (p.kind === 'jira' && (p.author || p.date)) {
    lines.push(`      by ${p.author ?? 'unknown'}${p.date ? ` on ${p.date}` : ''} in ${p.path}`);
  }
  return lines;
}

function findingBlock(f: Finding, input: ReportInput, paint: Paint): string[] {
  const secret = secretText(f, input.showSecrets);
  const multi = secret.includes('\n');
  const validation = describeValidation(f.validation);
  const header = `${paint('1', '●')} ${paint('1', f.ruleName)} ${paint(ANSI[f.severity], `[${f.severity}]`)} ` +
    `${multi ? '' : `${secret} `}(${plural(f.locations.length, 'location')})` +
    (validation !== '' ? ` — ${validation}` : '');
  // A finding read from the store carries its triage status: shown unless still open.
  const status = (f as { status?: string }).status;
  const out = [status !== undefined && status !== 'open' ? `${header} ${paint('2', `(${status})`)}` : header];
  if (multi) out.push(`  ${indentRest(secret, '  ')}`);
  if (f.window) out.push(`  ${f.window.exposed ? paint('31', 'exposed') : paint('2', 'not exposed')} in ${f.window.range}: ${f.window.reason}`);
  for (const loc of f.locations) out.push(...locationLines(f, loc, input, paint));
  const docs = f.rotation?.docs ?? ruleOf(f, input.rules).docs;
  if (f.rotation) out.push(`  rotate: ${indentRest(f.rotation.steps.trim(), '          ')}`);
  if (docs) out.push(`  docs: ${docs}`);
  return out;
}

function summary(input: ReportInput, paint: Paint): string[] {
  const { stats, findings, issues } = input;
  const mb = (stats.bytes / (1024 * 1024)).toFixed(1);
  const skipped = stats.binarySkipped + stats.tooLargeSkipped;
  const scanned = `Scanned ${plural(stats.files, 'file')} (${mb} MB) in ${stats.seconds.toFixed(1)}s` +
    (skipped > 0 ? `, skipped ${stats.binarySkipped} binary and ${stats.tooLargeSkipped} too large` : '') +
    (stats.blobsSkipped ? `, ${plural(stats.blobsSkipped, 'blob')} unchanged since an earlier scan` : '');
  const counts = severityCounts(findings)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => paint(ANSI[s], `${n} ${s}`));
  const found = findings.length === 0 ? 'no secrets found' : `${plural(findings.length, 'finding')}: ${counts.join(', ')}`;
  const errors = Math.max(stats.errors, issues.filter((i) => i.level !== 'note').length);
  const notes = issues.length - errors;
  return [`${scanned}; ${found}${errors > 0 ? `; ${plural(errors, 'error')}` : ''}${notes > 0 ? `; ${plural(notes, 'note')}` : ''}.`];
}

export const formatText: Formatter = (input) => {
  const paint = painter(input.color === true);
  const blocks = bySeverity(input.findings).map((f) => findingBlock(f, input, paint).join('\n'));
  const lines: string[] = [];
  if (blocks.length > 0) lines.push(blocks.join('\n\n'), '');
  lines.push(...summary(input, paint));
  for (const i of input.issues) lines.push(i.level === 'note' ? `note: ${i.input}: ${i.message}` : paint('31', `error: ${i.input}: ${i.message}`));
  return `${lines.join('\n')}\n`;
};
