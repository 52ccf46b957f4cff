// Groups matches into findings: one finding per (rule, secret), with every location it was seen at.
import { findingId } from '../core/hash.js';
import { redact } from '../core/redact.js';
import type { Finding, Inner, Match, Provenance } from '../core/types.js';
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
    const placed = placeWithin(provenance, m.inner);
    f.locations.push({
      provenance: placed,
      line: m.line,
      column: m.column,
      start: m.start,
      end: m.end,
      context: m.context,
      ...(m.encoding ? { encoding: m.encoding } : {}),
      ...(m.inner && placed === provenance ? { inner: m.inner } : {}),
      ...(m.detail ? { detail: m.detail } : {}),
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

/**
 * The provenance of a match an analyzer found inside a blob: a file or stdin becomes an archive member
 * (`outer.zip!inner/path`) or a Jira issue field; any other provenance (git) is kept and the inner
 * place rides on the location.
 */
export function placeWithin(p: Provenance, inner: Inner | undefined): Provenance {
  if (!inner || (p.kind !== 'file' && p.kind !== 'stdin')) return p;
  return { ...inner, path: p.path };
}
