// The SARIF 2.1.0 report: one run, one result per finding, every location of it; for code scanning UIs.
// Checked against the official SARIF 2.1.0 schema in sarif.test.ts. No raw secret unless showSecrets.
import type { Finding, Inner, Location, Provenance, Severity } from '../core/types.js';
import { bySeverity, ruleOf } from './findings.js';
import { compact, provenanceRecord } from './location.js';
import { contextText, secretText } from './redaction.js';
import type { Formatter, RuleMeta } from './types.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export type SarifLevel = 'error' | 'warning' | 'note';

export function sarifLevel(s: Severity): SarifLevel {
  return s === 'critical' || s === 'high' ? 'error' : s === 'medium' ? 'warning' : 'note';
}

/** GitHub code scanning reads `security-severity` (0.0-10.0) to rank security results. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0',
};

/** A path as a URI reference: forward slashes, each segment percent-encoded; absolute paths as file: URIs. */
export function pathToUri(path: string): string {
  let p = path.replace(/\\/g, '/');
  const drive = /^[A-Za-z]:\//.test(p);
  const absolute = drive || p.startsWith('/');
  if (!absolute) p = p.replace(/^(\.\/)+/, '');
  const encoded = p.split('/').map((seg, i) => (drive && i === 0 ? seg : encodeURIComponent(seg))).join('/');
  if (!absolute) return encoded;
  return drive ? `file:///${encoded}` : `file://${encoded}`;
}

/** The artifact a location points at: a file, a git path, an archive member (`outer.zip!inner`) or a jira export. */
function artifactUri(p: Provenance, inner?: Inner): string {
  if (inner?.kind === 'archive') return `${artifactUri(p)}!${pathToUri(inner.member).replace(/^file:\/\//, '')}`;
  if (p.kind === 'archive') return `${pathToUri(p.path)}!${pathToUri(p.member).replace(/^file:\/\//, '')}`;
  return pathToUri(p.path !== '' ? p.path : p.kind === 'git' ? p.blob : '-');
}

/** The secret's region. Columns count bytes (keyhole's unit); SARIF's default is UTF-16 units, equal for ASCII lines. */
function region(f: Finding, loc: Location): Record<string, unknown> {
  const lines = f.secret.split('\n').length - 1;
  const plain = !loc.encoding || loc.encoding.length === 0;
  return compact({
    startLine: loc.line,
    startColumn: loc.column,
    endLine: plain && lines > 0 ? loc.line + lines : undefined,
    byteOffset: loc.start,
    byteLength: loc.end - loc.start,
  });
}

function sarifLocation(f: Finding, loc: Location, showSecrets: boolean): Record<string, unknown> {
  const p = loc.provenance;
  const context = contextText(f, loc, showSecrets);
  const artifactLocation = { uri: artifactUri(p, loc.inner) };
  // A jira field's line and column count within the field, not within the export file: keep them as facts.
  const physicalLocation = p.kind === 'jira'
    ? { artifactLocation }
    : compact({
      artifactLocation,
      region: region(f, loc),
      contextRegion: context !== '' ? { startLine: loc.line, snippet: { text: context } } : undefined,
    });
  const extra = p.kind === 'jira' ? { line: loc.line, column: loc.column, context } : {};
  return {
    physicalLocation,
    properties: compact({ ...provenanceRecord(p, loc.inner), path: undefined, ...extra, encoding: loc.encoding }),
  };
}

function sarifRule(r: RuleMeta): Record<string, unknown> {
  return compact({
    id: r.id,
    name: r.name,
    shortDescription: { text: r.name },
    fullDescription: { text: r.description },
    helpUri: r.docs && /^https?:\/\/\S+$/.test(r.docs) ? r.docs : undefined,
    defaultConfiguration: { level: sarifLevel(r.severity) },
    properties: {
      // SARIF requires unique tags; category and provider can coincide (generic/generic).
      tags: [...new Set(['security', 'secret', r.category, r.provider])],
      'security-severity': SECURITY_SEVERITY[r.severity],
    },
  });
}

export const formatSarif: Formatter = (input) => {
  const findings = bySeverity(input.findings);
  // Only the rules that have results: keeps the log small and ruleIndex dense.
  const rules: RuleMeta[] = [];
  const index = new Map<string, number>();
  for (const f of findings) {
    if (index.has(f.ruleId)) continue;
    index.set(f.ruleId, rules.length);
    rules.push(ruleOf(f, input.rules));
  }
  const results = findings.map((f) => {
    const n = f.locations.length;
    return {
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId) ?? 0,
      level: sarifLevel(f.severity),
      message: { text: `${f.ruleName}: ${secretText(f, input.showSecrets)} (${n} location${n === 1 ? '' : 's'})` },
      locations: f.locations.map((l) => sarifLocation(f, l, input.showSecrets)),
      partialFingerprints: { 'keyhole/v1': f.id },
      properties: compact({
        severity: f.severity,
        validation: f.validation,
        category: f.category,
        provider: f.provider,
        redacted: secretText(f, false),
        rotation: f.rotation?.steps,
      }),
    };
  });
  const notifications = input.issues.map((i) => ({
    level: 'error' as const,
    message: { text: `${i.input}: ${i.message}` },
    descriptor: { id: i.code },
  }));
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: compact({
          name: input.tool.name,
          version: input.tool.version,
          informationUri: input.tool.informationUri,
          rules: rules.map(sarifRule),
        }),
      },
      invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
      results,
    }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};
