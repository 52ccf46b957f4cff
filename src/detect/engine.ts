// The detection engine: keyword prefilter -> windows -> rule regexes -> filters -> validation, plus decoding passes.
import { performance } from 'node:perf_hooks';
import type { Encoding, Match } from '../core/types.js';
import type { CompiledRule, RuleSet } from '../rules/compile.js';
import { shannonEntropy } from '../rules/entropy.js';
import { passes } from '../rules/gate.js';
import { runPrefilter } from '../rules/prefilter.js';
import { ALLOW_SIGNALS } from '../rules/signals.js';
import { runPrefilterNative } from '../native/kernels.js';
import { validate } from '../validate/registry.js';
import { inlineAllows, ruleIdsOf } from './allow-comments.js';
import { AROUND, findEncoded } from './decode.js';
import { isPlaceholder, keyIsNotSecret, looksLikeCredential, valueNamesKey } from './filters.js';
import { keywordChecks } from './kernel-checks.js';
import { LineIndex } from './lines.js';

export interface RuleProfile {
  ms: Float64Array;
  runs: Float64Array;
  matches: Float64Array;
  prefilterMs: number;
  decodeMs: number;
}

export function newProfile(rules: number): RuleProfile {
  return { ms: new Float64Array(rules), runs: new Float64Array(rules), matches: new Float64Array(rules), prefilterMs: 0, decodeMs: 0 };
}

export interface ScanOptions {
  /** Keep matches whose structure is invalid (a GitHub token with a wrong checksum, say). */
  includeInvalid?: boolean;
  /** How deep decoding passes may nest (base64 inside base64...). Default 2; 0 disables decoding. */
  decodeDepth?: number;
  profile?: RuleProfile;
}

/** A match before positions and validation are resolved. */
interface Raw {
  rule: number;
  secret: string;
  /** The whole regex match, for validators that need context. */
  whole: string;
  start: number;
  end: number;
  /** Always present (undefined for text as written): one object shape, so the code reading Raws stays optimized. */
  encoding: Encoding[] | undefined;
}

const MAX_SECRET = 32768;

function isAsciiText(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

/** The secret as text: the latin1 bytes re-read as UTF-8 where they are not plain ASCII. */
function asUtf8(latin1: string): string {
  return isAsciiText(latin1) ? latin1 : Buffer.from(latin1, 'latin1').toString('utf8');
}

/** The secret group, or the next group that took part when it did not (pattern alternatives); -1: none. */
function secretGroupOf(m: RegExpExecArray, group: number): number {
  if (group === 0) return m[0] !== undefined ? 0 : -1;
  for (let g = group; g < m.length; g++) if (m[g] !== undefined) return g;
  return -1;
}

function acceptable(rule: CompiledRule, secret: string, m: RegExpExecArray): boolean {
  if (secret.length === 0 || secret.length > MAX_SECRET) return false;
  // Generic rules first ask whether the value looks like a credential at all (which includes the
  // placeholder test): nine in ten of their matches in source code are identifiers, calls or types.
  if (rule.generic ? !looksLikeCredential(secret) : isPlaceholder(secret)) return false;
  if (rule.minEntropy > 0 && shannonEntropy(secret) < rule.minEntropy) return false;
  if (rule.stopwords.length) {
    const low = secret.toLowerCase();
    for (const w of rule.stopwords) if (low.includes(w)) return false;
  }
  for (const a of rule.allowRegexes) if (a.test(secret)) return false;
  if (rule.generic) {
    const key = m.groups?.['key'];
    if (key !== undefined && (keyIsNotSecret(key) || valueNamesKey(key, secret))) return false;
  }
  return true;
}

let openScratch = new Int32Array(16);

/**
 * Latin-1 text of bytes [from, to) of a Buffer, through the binding that Buffer#toString('latin1', …)
 * ends in: the hot loops call it hundreds of thousands of times, and toString's argument handling,
 * inlined into them, made their optimized code several times larger (and slower to compile).
 */
const latin1 = (buf: Buffer, from: number, to: number): string => (buf as unknown as { latin1Slice(s: number, e: number): string }).latin1Slice(from, to);

/**
 * How far back of a keyword hit its line's start is needed: the longest `before` of the keyword's rules,
 * and AROUND for the escape-decoding stretch. (One rule set reaches back 4096 bytes, almost no keyword
 * does: a line's start is looked for only as far as the hit at hand needs.)
 */
interface KeywordReach {
  /** How far back of a hit its line's start is needed. */
  before: Int32Array;
  /** How much text after a hit its rules' `after_keyword` hints read, at most (0: no hint). */
  hint: Int32Array;
  /** Each rule's `after_keyword` regex, by rule index (compiled here: a rule's is behind a getter). */
  hints: (RegExp | undefined)[];
}
const reachCache = new WeakMap<RuleSet, KeywordReach>();
function keywordReach(rs: RuleSet): KeywordReach {
  let r = reachCache.get(rs);
  if (!r) {
    const n = rs.keywordRules.length;
    r = { before: new Int32Array(n), hint: new Int32Array(n), hints: rs.rules.map((rule) => (rule.hasAfterKeyword ? rule.afterKeyword : undefined)) };
    for (let k = 0; k < n; k++) {
      let m = AROUND;
      let h = 0;
      for (const ri of rs.keywordRules[k]!) {
        const rule = rs.rules[ri]!;
        m = Math.max(m, rule.before);
        if (rule.hasAfterKeyword) h = Math.max(h, rule.afterKeywordSpan);
      }
      r.before[k] = m;
      r.hint[k] = h;
    }
    reachCache.set(rs, r);
  }
  return r;
}

/** Collects windows per rule from keyword hits: [start, end) pairs, merged where they overlap. */
function windowsFor(rs: RuleSet, bytes: Uint8Array, segs: number[], profile?: RuleProfile, seen?: Set<string>): Map<number, number[]> {
  const t0 = profile ? performance.now() : 0;
  const wins = new Map<number, number[]>();
  const kwLen = rs.prefilter.lengths;
  const n = bytes.length;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The line holding the current hit. Hits arrive in order: a hit past the current line finds its
  // line's end by looking ahead, and its start by looking back as far as the hit's rules reach
  // (`keywordReach`; a later hit on the same line that reaches further looks further), so lines
  // without hits cost nothing. `lineStart` is the line's start once `startFound`; until then the
  // furthest point looked back to (the line starts at or before it).
  const { before: reachOf, hint: hintOf, hints } = keywordReach(rs);
  let lineStart = 0;
  let lineEnd = -1;
  let startFound = true;
  let prevEnd = -1;
  const gates = rs.keywordGates;
  const signals = rs.signals;
  // The text after the current hit, for rules with an `after_keyword` hint: made when the first such rule
  // asks, as long as the hit's hints can read (a longer text cannot change a sticky match's result, so
  // every hint of the hit reads the one text).
  let tail: string | undefined;
  // Indexes (into the keyword's rules) of the rules a hit opens (scratch shared by every scan on this thread).
  if (openScratch.length < rs.maxRulesPerKeyword) openScratch = new Int32Array(rs.maxRulesPerKeyword);
  const open = openScratch;
  const onHit = (k: number, end: number): void => {
    const kwStart = end - kwLen[k]!;
    const rules = rs.keywordRules[k]!;
    if (signals[k] === 1) {
      seen?.add(rs.prefilter.keywords[k]!);
      if (rules.length === 0) return;
    }
    // The rules whose match can start at this hit (see rules/gate.ts); none: the hit opens nothing.
    const kg = gates[k];
    let count = 0;
    for (let j = 0; j < rules.length; j++) {
      const g = kg?.[j];
      if (g === undefined || passes(g, bytes, kwStart)) open[count++] = j;
    }
    if (count === 0) return;
    if (kwStart > lineEnd) {
      prevEnd = lineEnd;
      lineStart = kwStart;
      startFound = false;
      // Most lines are short: a loop finds their end sooner than a native call; long ones get the call.
      const near = Math.min(n, kwStart + 256);
      let e = kwStart;
      while (e < near && bytes[e] !== 10) e++;
      if (e === near && near < n) {
        e = bytes.indexOf(10, near); // the typed array's builtin (Buffer#indexOf's argument handling is large JavaScript)
        if (e < 0) e = n;
      }
      lineEnd = e;
    }
    if (!startFound) {
      const floor = Math.max(prevEnd + 1, kwStart - reachOf[k]!);
      let s = lineStart;
      while (s > floor && bytes[s - 1] !== 10) s--;
      lineStart = s;
      startFound = s === prevEnd + 1 || (s > 0 && bytes[s - 1] === 10);
    }
    // The stretch of the line around the hit where escapes are decoded (merged with the last one).
    const ss = Math.max(lineStart, kwStart - AROUND);
    const se = Math.min(lineEnd, end + AROUND);
    if (segs.length && ss <= segs[segs.length - 1]!) {
      if (se > segs[segs.length - 1]!) segs[segs.length - 1] = se;
    } else segs.push(ss, se);
    tail = undefined;
    for (let o = 0; o < count; o++) {
      const j = open[o]!;
      const ri = rules[j]!;
      const rule = rs.rules[ri]!;
      const gated = kg?.[j] !== undefined;
      const ak = hints[ri];
      if (ak !== undefined) {
        const tailEnd = Math.min(lineEnd, end + rule.afterKeywordSpan);
        if (tail === undefined || tail.length < tailEnd - end) tail = latin1(buf, end, Math.max(tailEnd, Math.min(lineEnd, end + hintOf[k]!)));
        ak.lastIndex = 0;
        if (!ak.test(tail)) continue;
      }
      // A gated rule's match starts at the hit: its window needs nothing before it.
      const before = gated ? 0 : rule.before;
      const ws = rule.multiline ? Math.max(0, kwStart - before) : Math.max(lineStart, kwStart - before);
      const we = rule.multiline ? Math.min(n, end + rule.after) : Math.min(lineEnd, end + rule.after);
      let list = wins.get(ri);
      if (list && ws <= list[list.length - 1]!) {
        if (we > list[list.length - 1]!) list[list.length - 1] = we;
        continue;
      }
      if (!list) wins.set(ri, (list = []));
      list.push(ws, we);
    }
  };
  if (!runPrefilterNative(rs.prefilter, bytes, onHit, keywordChecks(rs))) runPrefilter(rs.prefilter, bytes, onHit);
  if (profile) profile.prefilterMs += performance.now() - t0;
  return wins;
}

function collect(rs: RuleSet, bytes: Uint8Array, opts: ScanOptions, depth: number, seen?: Set<string>): Raw[] {
  const profile = opts.profile;
  const segs: number[] = [];
  const wins = windowsFor(rs, bytes, segs, profile, seen);
  const out: Raw[] = [];
  // Regexes read latin1 text. Where the windows cover little of the buffer (the usual case) each window
  // is converted on its own; where they cover much, the whole buffer once. (Converting every buffer
  // whole cost a tenth of a scan, most of it in garbage collection.)
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let covered = 0;
  for (const list of wins.values()) for (let w = 0; w < list.length; w += 2) covered += list[w + 1]! - list[w]!;
  let text: string | undefined;
  const textOf = covered * 2 > bytes.length
    ? (from: number, to: number): string => (text ??= latin1(buf, 0, buf.length)).slice(from, to)
    : (from: number, to: number): string => latin1(buf, from, to);
  for (const [ri, list] of wins) {
    const rule = rs.rules[ri]!;
    const t0 = profile ? performance.now() : 0;
    const re = rule.re;
    for (let w = 0; w < list.length; w += 2) {
      const ws = list[w]!;
      const sub = textOf(ws, list[w + 1]!);
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(sub)) !== null) {
        if (m[0].length === 0) re.lastIndex++;
        const g = secretGroupOf(m, rule.secretGroup);
        if (g < 0) continue;
        let secret = m[g]!;
        if (rule.generic) secret = secret.replace(/[.,;:]+$/, '');
        if (!acceptable(rule, secret, m)) continue;
        // Where the secret starts: the same match again, with indices (see CompiledRule.at).
        const at = rule.at;
        at.lastIndex = m.index;
        const span = at.exec(sub)?.indices?.[g];
        if (!span) continue;
        out.push({ rule: ri, secret, whole: m[0], start: ws + span[0], end: ws + span[0] + secret.length, encoding: undefined });
      }
    }
    if (profile) {
      profile.ms[ri]! += performance.now() - t0;
      profile.runs[ri]! += list.length / 2;
    }
  }
  if (depth < (opts.decodeDepth ?? 2)) {
    const t0 = profile ? performance.now() : 0;
    const encoded = findEncoded(bytes, textOf, segs, rs.prefilter);
    if (profile) profile.decodeMs += performance.now() - t0;
    for (const enc of encoded) {
      for (const inner of collect(rs, enc.bytes, opts, depth + 1, seen)) {
        out.push({ rule: inner.rule, secret: inner.secret, whole: inner.whole, start: enc.start, end: enc.end, encoding: [enc.encoding, ...(inner.encoding ?? [])] });
      }
    }
  }
  return out;
}

/**
 * Drops overlapping duplicates: a specific rule wins over a generic one; of two generic rules, or two
 * specific rules where one span holds the other, the rule loaded first wins.
 */
function dedupe(rs: RuleSet, raws: Raw[]): Raw[] {
  raws.sort((a, b) => a.start - b.start || a.rule - b.rule);
  const keep: Raw[] = [];
  for (const r of raws) {
    const rule = rs.rules[r.rule]!;
    let drop = false;
    for (let i = keep.length - 1; i >= 0; i--) {
      const k = keep[i]!;
      if (k.start + MAX_SECRET < r.start) break;
      const overlaps = k.start < r.end && r.start < k.end;
      if (!overlaps) continue;
      if (k.rule === r.rule && k.start === r.start && k.secret === r.secret) { drop = true; break; }
      const kr = rs.rules[k.rule]!;
      if (rule.generic && !kr.generic) { drop = true; break; }
      if (!rule.generic && kr.generic) { keep.splice(i, 1); continue; }
      const nested = (k.start <= r.start && r.end <= k.end) || (r.start <= k.start && k.end <= r.end);
      if ((rule.generic && kr.generic) || nested) {
        // One credential claimed twice (a private key inside a service-account file): the text as written
        // wins over a decoding of it, then the rule loaded first wins.
        const kFirst = !k.encoding !== !r.encoding ? !k.encoding : k.rule <= r.rule;
        if (kFirst) { drop = true; break; }
        keep.splice(i, 1);
        continue;
      }
    }
    if (!drop) keep.push(r);
  }
  return keep;
}

/**
 * Scans one buffer with a rule set. Offsets are relative to `bytes`. `seen`, when given, receives the
 * signal keywords (rules/signals.ts) that occur in the buffer or in what decodes from it.
 */
export function scanBytes(rs: RuleSet, bytes: Uint8Array, opts: ScanOptions = {}, seen: Set<string> = new Set()): Match[] {
  const raws = dedupe(rs, collect(rs, bytes, opts, 0, seen));
  if (raws.length === 0) return [];
  const lines = new LineIndex(bytes);
  const allowed = inlineAllows(bytes, ruleIdsOf(rs), ALLOW_SIGNALS.some((m) => seen.has(m)));
  const out: Match[] = [];
  for (const r of raws) {
    const rule = rs.rules[r.rule]!;
    if (allowed(r.start, r.end, rule.id)) continue;
    const secret = asUtf8(r.secret);
    const validation = rule.validator ? validate(rule.validator, { secret, match: asUtf8(r.whole) }) : { status: 'unknown' as const };
    if (validation.status === 'invalid' && !opts.includeInvalid) continue;
    if (opts.profile) opts.profile.matches[r.rule]! += 1;
    const { line, column } = lines.position(r.start);
    out.push({
      ruleId: rule.id,
      secret,
      start: r.start,
      end: r.end,
      line,
      column,
      context: lines.context(r.start, r.end),
      ...(r.encoding ? { encoding: r.encoding } : {}),
      entropy: +shannonEntropy(secret).toFixed(3),
      validation,
    });
  }
  return out;
}
