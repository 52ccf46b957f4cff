// Helpers every format shares about findings: their order, and the rule metadata behind each.
import { SEVERITIES, type Finding } from '../core/types.js';
import type { RuleMeta } from './types.js';

/** Findings ordered critical → info; the engine's order is kept within a severity. */
export function bySeverity(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
}

/** The rule behind a finding: from the loaded rules, else made from the finding's own fields. */
export function ruleOf(f: Finding, rules: readonly RuleMeta[]): RuleMeta {
  const known = rules.find((r) => r.id === f.ruleId);
  if (known) return known;
  return {
    id: f.ruleId,
    name: f.ruleName,
    description: f.ruleName,
    severity: f.severity,
    category: f.category,
    provider: f.provider,
    docs: f.rotation?.docs,
  };
}

/** Counts per severity, in severity order, zeros included. */
export function severityCounts(findings: readonly Finding[]): Array<[Finding['severity'], number]> {
  return SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length]);
}
