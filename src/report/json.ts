// The JSON report: one document shaped by JsonReport (see ./json-schema.ts, the documented schema).
import type { Finding, Location } from '../core/types.js';
import type { JsonFinding, JsonLocation, JsonReport } from './json-schema.js';
import { compact, provenanceRecord } from './location.js';
import { contextText, secretText } from './redaction.js';
import { bySeverity } from './findings.js';
import type { Formatter } from './types.js';

function jsonLocation(f: Finding, loc: Location, showSecrets: boolean): JsonLocation {
  const p = loc.provenance;
  // Files and stdin, nearly every location of a directory scan: the record made directly, in the same
  // key order (spreading and compacting a record per location was most of a large report's time).
  if ((p.kind === 'file' || p.kind === 'stdin') && !loc.inner) {
    const context = contextText(f, loc, showSecrets);
    return loc.encoding && loc.encoding.length > 0
      ? { source: p.kind, path: p.path, line: loc.line, column: loc.column, start: loc.start, end: loc.end, encoding: loc.encoding, context }
      : { source: p.kind, path: p.path, line: loc.line, column: loc.column, start: loc.start, end: loc.end, context };
  }
  return compact({
    ...provenanceRecord(loc.provenance, loc.inner),
    line: loc.line,
    column: loc.column,
    start: loc.start,
    end: loc.end,
    encoding: loc.encoding && loc.encoding.length > 0 ? loc.encoding : undefined,
    context: contextText(f, loc, showSecrets),
  });
}

export function jsonFinding(f: Finding, showSecrets: boolean): JsonFinding {
  return compact({
    id: f.id,
    rule: f.ruleId,
    name: f.ruleName,
    severity: f.severity,
    category: f.category,
    provider: f.provider,
    secret: showSecrets ? f.secret : undefined,
    redacted: secretText(f, false),
    entropy: Math.round(f.entropy * 1000) / 1000,
    validation: f.validation,
    rotation: f.rotation,
    window: f.window,
    locations: f.locations.map((l) => jsonLocation(f, l, showSecrets)),
  });
}

export const formatJson: Formatter = (input) => {
  const doc: JsonReport = {
    version: 1,
    tool: input.tool,
    stats: input.stats,
    findings: bySeverity(input.findings).map((f) => jsonFinding(f, input.showSecrets)),
    issues: input.issues,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
};
