// Merging analyzer matches with rule matches: one place per secret, the richer report wins, duplicates dropped.
import type { Match } from '../../core/types.js';
import type { RuleSet } from '../../rules/compile.js';
import { normalizeSecret } from '../../core/hash.js';
import { ruleOf } from './match.js';
import type { Analyzer } from './types.js';

const exclusive = new WeakSet<Match>();
const fallback = new WeakSet<Match>();

/** Notes which kind of analyzer produced a match (see Analyzer.exclusive and Analyzer.fallback). */
export function mark(m: Match, a: Pick<Analyzer, 'exclusive' | 'fallback'>): Match {
  if (a.exclusive) exclusive.add(m);
  if (a.fallback) fallback.add(m);
  return m;
}

const overlaps = (a: Match, b: Match): boolean => a.start < Math.max(b.end, b.start + 1) && b.start < Math.max(a.end, a.start + 1);
const norm = (s: string): string => normalizeSecret(s).replace(/\s+/g, '');
const related = (a: string, b: string): boolean => {
  const x = norm(a);
  const y = norm(b);
  return x.includes(y) || y.includes(x);
};
const innerKey = (m: Match): string => (m.inner ? JSON.stringify(m.inner) : '');

/**
 * - a rule match is dropped when an analyzer reports the same rule and secret (its place is better),
 *   when an exclusive analyzer reports a related secret, or when it is generic and an analyzer match
 *   (in the blob itself) overlaps it;
 * - a rule match overlapped by an analyzer match of the same rule with a related secret is dropped;
 * - an analyzer match in the blob itself is dropped when another specific rule's match overlaps it with a related
 *   secret (the rule's validator and rotation guidance are better); its detail moves to that match;
 * - rule matches inside suppressed spans (encrypted blobs) are dropped;
 * - fallback matches are dropped when anything else was found; duplicates (rule, span, place) go.
 */
export function mergeMatches(rs: RuleSet, raw: Match[], an: Match[], suppressed: [number, number][] = []): Match[] {
  if (suppressed.length) raw = raw.filter((m) => !suppressed.some(([s, e]) => m.start < e && s < Math.max(m.end, m.start + 1)));
  if (an.length === 0) return raw;
  const generic = (m: Match): boolean => ruleOf(rs, m.ruleId)?.generic ?? false;
  const keptRaw = raw.map((m) => ({ ...m }));
  const dropRaw = new Set<Match>();
  const dropAn = new Set<Match>();
  for (const a of an) {
    for (const r of keptRaw) {
      if (dropRaw.has(r)) continue;
      if (r.ruleId === a.ruleId && r.secret === a.secret) { dropRaw.add(r); continue; }
      if (exclusive.has(a) && related(r.secret, a.secret)) { dropRaw.add(r); continue; }
      if (a.inner || !overlaps(r, a) || fallback.has(a)) continue;
      if (generic(r) && !generic(a)) { dropRaw.add(r); continue; }
      // Same rule on the same text: the analyzer decoded it properly (JSON escapes) and knows the place.
      if (r.ruleId === a.ruleId && related(r.secret, a.secret)) { dropRaw.add(r); continue; }
      if (related(r.secret, a.secret) && !dropAn.has(a)) {
        dropAn.add(a);
        if (a.detail && !r.detail) r.detail = a.detail;
      }
    }
  }
  const out = keptRaw.filter((m) => !dropRaw.has(m));
  const seen = new Set(out.map((m) => `${m.ruleId}\0${m.start}\0${m.end}\0${m.secret}\0`));
  const anyOther = out.length > 0 || an.some((m) => !fallback.has(m) && !dropAn.has(m));
  for (const a of an) {
    if (dropAn.has(a) || (fallback.has(a) && anyOther)) continue;
    const k = `${a.ruleId}\0${a.start}\0${a.end}\0${a.secret}\0${innerKey(a)}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(a);
  }
  return out;
}
