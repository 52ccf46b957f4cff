// Groups matches into findings: one finding per (rule, secret), with every location it was seen at.
import { findingId, normalizeSecret } from '../core/hash.js';
import { redact } from '../core/redact.js';
import type { Finding, Inner, Location, Match, Provenance } from '../core/types.js';
import type { CompiledRule } from '../rules/compile.js';
import { placeKey } from '../store/rows.js';

export class FindingSet {
  private readonly byId = new Map<string, Finding>();
  private readonly rules: Map<string, CompiledRule>;

  constructor(rules: CompiledRule[]) {
    this.rules = new Map(rules.map((r) => [r.id, r]));
  }

  /** Adds a match found in a blob; `blob` is the content's git-style id for a file (kept on the location). */
  add(m: Match, provenance: Provenance, blob?: string): Finding {
    const id = findingId(m.ruleId, m.secret);
    let f = this.byId.get(id);
    if (f && RECALLED in f) {
      // Known from the store, now seen afresh: it gets the raw secret, and every location is treated as fresh.
      const stored = f as Finding & Record<string, unknown>;
      for (const k of ['secretStored', 'secretHash', 'status', 'note', 'statusChangedAt', 'firstSeenScan', 'lastSeenScan', RECALLED]) delete stored[k];
      f.secret = m.secret;
      f.redacted = redact(m.secret);
    }
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
      ...(blob !== undefined && provenance.kind !== 'git' ? { blob } : {}),
    });
    return f;
  }

  /**
   * Adds a location the store already holds (content an incremental rescan did not scan again).
   * `finding` is the stored finding (its locations are ignored); `at` places the location where the
   * content is now (kept as stored without one).
   */
  addRecalled(finding: Finding, loc: Location, at: Provenance | undefined): Finding {
    let f = this.byId.get(finding.id);
    if (!f) {
      f = { ...finding, locations: [], [RECALLED]: true } as Finding;
      this.byId.set(finding.id, f);
    }
    f.locations.push(at ? replace(loc, at) : loc);
    return f;
  }

  get size(): number {
    return this.byId.size;
  }

  /**
   * Findings ordered by severity, then rule, then first location. A secret that a specific rule names
   * (a Terraform state attribute, a provider token) and a generic rule also caught elsewhere (the same
   * password in a tfvars file) is one finding: the generic places join the specific finding.
   */
  list(): Finding[] {
    const order = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };
    const bySecret = new Map<string, Finding[]>();
    for (const f of this.byId.values()) {
      // A finding recalled without its raw secret holds only the redacted form: its keyed hash names the secret.
      const hash = RECALLED in f ? (f as { secretHash?: string; secretStored?: boolean }) : undefined;
      const k = hash?.secretStored === false && hash.secretHash ? `#${hash.secretHash}` : normalizeSecret(f.secret);
      bySecret.set(k, [...(bySecret.get(k) ?? []), f]);
    }
    for (const group of bySecret.values()) {
      const specific = group.filter((f) => !this.rules.get(f.ruleId)?.generic);
      if (specific.length !== 1 || group.length === 1) continue;
      const keep = specific[0]!;
      for (const f of group) {
        if (f === keep) continue;
        // A rescan recalls both: the generic finding's saved places and the specific one's copies of them.
        for (const l of f.locations) if (!keep.locations.some((k) => placeKey(k) === placeKey(l))) keep.locations.push(l);
        this.byId.delete(f.id);
      }
    }
    // One collator for every comparison: what localeCompare does, without setting one up per call.
    const text = new Intl.Collator().compare;
    const out = [...this.byId.values()].sort((a, b) => order[a.severity] - order[b.severity] || text(a.ruleId, b.ruleId) || text(a.id, b.id));
    // Places in a fixed order (workers finish in any order): by place, then position. Each location's
    // place is worked out once (a comparison building both places made this ~4x slower).
    for (const f of out) {
      if (f.locations.length < 2) continue;
      const keyed = f.locations.map((l) => ({ l, place: placeOf(l) }));
      keyed.sort((a, b) => (a.place !== b.place ? (a.place < b.place ? -1 : 1) : byPosition(a.l, b.l)));
      for (let i = 0; i < keyed.length; i++) f.locations[i] = keyed[i]!.l;
    }
    return out;
  }
}

function placeOf(l: Location): string {
  const p = l.provenance;
  return p.kind === 'git' ? `git\0${p.repo}\0${p.path}` : `${p.kind}\0${'path' in p ? p.path : ''}`;
}

/** Two locations in one place: by line, column, then the whole place key. */
function byPosition(a: Location, b: Location): number {
  if (a.line !== b.line) return a.line - b.line;
  if (a.column !== b.column) return a.column - b.column;
  const ka = placeKey(a);
  const kb = placeKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
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

/** Marks a finding built from the store (its secret may be only the redacted form). */
const RECALLED = 'recalledFromStore';

/** A stored location moved to where its content is now: an archive member or Jira field stays inside it. */
function replace(loc: Location, at: Provenance): Location {
  const p = loc.provenance;
  const inner: Inner | undefined =
    loc.inner ??
    (p.kind === 'archive'
      ? { kind: 'archive', member: p.member }
      : p.kind === 'jira'
        ? { kind: 'jira', issue: p.issue, field: p.field, ...(p.author !== undefined ? { author: p.author } : {}), ...(p.date !== undefined ? { date: p.date } : {}) }
        : undefined);
  const placed = placeWithin(at, inner);
  const { inner: _old, blob, ...rest } = loc;
  void _old;
  return {
    ...rest,
    provenance: placed,
    ...(inner && placed === at ? { inner } : {}),
    ...(blob !== undefined && at.kind !== 'git' ? { blob } : {}),
  };
}
