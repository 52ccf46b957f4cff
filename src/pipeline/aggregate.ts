// Groups matches into findings: one finding per (rule, secret), with every location it was seen at.
import { findingId } from '../core/hash.js';
import { redact } from '../core/redact.js';
import type { Finding, Match, Provenance } from '../core/types.js';
import type { CompiledRule } from '../rules/compile.js';

export class FindingSet {
  private readonly byId = new Map<string, Finding>();
  private readonly rules: Map<string, CompiledRule>;

  constructor(rules: CompiledRule[]) {
    this.rules = new Map(rules.map((r) => [r.id, r]));
  }

  add(m: Match, provenance: Provenance): Finding {
    const id = findingId(m.ruleId, m.secret);
    let f = this.byId.get(id);
    if (!f) {
      const rule = this.rules.get(m.ruleId)!;
      f = {
        id,
        ruleId: rule.id,
        ruleName: rule.name,
        severity: rule.severity,
        category: rule.category,
        provider: rule.provider,
        secret: m.secret,
        redacted: redact(m.secret),
        entropy: m.entropy,
        validation: m.validation,
        rotation: rule.rotation,
        locations: [],
      };
      this.byId.set(id, f);
    }
    f.locations.push({
      provenance,
      line: m.line,
      column: m.column,
      start: m.start,
      end: m.end,
      context: m.context,
      ...(m.encoding ? { encoding: m.encoding } : {}),
    });
    return f;
  }

  get size(): number {
    return this.byId.size;
  }

  /** Findings ordered by severity, then rule, then first location. */
  list(): Finding[] {
    const order = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };
    return [...this.byId.values()].sort((a, b) => order[a.severity] - order[b.severity] || a.ruleId.localeCompare(b.ruleId) || a.id.localeCompare(b.id));
  }
}
