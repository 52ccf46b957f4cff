// Building analyzer matches: rule lookup, validation, and positions (line, column, context) in the blob.
import type { Encoding, Inner, Match } from '../../core/types.js';
import type { CompiledRule, RuleSet } from '../../rules/compile.js';
import { shannonEntropy } from '../../rules/entropy.js';
import { validate } from '../../validate/registry.js';
import { inlineAllowsCached, ruleIdsOf } from '../allow-comments.js';
import { LineIndex } from '../lines.js';
import type { AnalyzerContext } from './types.js';

const byId = new WeakMap<RuleSet, Map<string, CompiledRule>>();

export function ruleOf(rs: RuleSet, id: string): CompiledRule | undefined {
  let m = byId.get(rs);
  if (!m) byId.set(rs, (m = new Map(rs.rules.map((r) => [r.id, r]))));
  return m.get(id);
}

/** Line lookups over one blob, built once per analyzer run. */
const lineIndexes = new WeakMap<Uint8Array, LineIndex>();
export function linesOf(bytes: Uint8Array): LineIndex {
  let li = lineIndexes.get(bytes);
  if (!li) lineIndexes.set(bytes, (li = new LineIndex(bytes)));
  return li;
}

export interface Extra {
  detail?: string;
  inner?: Inner;
  encoding?: Encoding[];
}

/** Where a match sits, computed by the caller (a streaming analyzer that never holds the whole blob). */
export interface Place {
  start: number;
  end: number;
  line: number;
  column: number;
  context: string;
}

/** A match of `ruleId` for `secret` at a given place. Undefined when the rule is not loaded, or its validator says invalid. */
export function makeMatchAt(ctx: Pick<AnalyzerContext, 'ruleSet' | 'scanOptions'>, ruleId: string, secret: string, place: Place, extra: Extra = {}): Match | undefined {
  const rule = ruleOf(ctx.ruleSet, ruleId);
  if (!rule || secret.length === 0) return undefined;
  const validation = rule.validator ? validate(rule.validator, { secret, match: secret }) : { status: 'unknown' as const };
  if (validation.status === 'invalid' && !ctx.scanOptions.includeInvalid) return undefined;
  return {
    ruleId,
    secret,
    ...place,
    ...(extra.encoding ? { encoding: extra.encoding } : {}),
    entropy: +shannonEntropy(secret).toFixed(3),
    validation,
    ...(extra.inner ? { inner: extra.inner } : {}),
    ...(extra.detail ? { detail: extra.detail } : {}),
  };
}

/** A match of `ruleId` for `secret` at byte span [start, end) of `bytes` (the blob, or the text an `inner` place holds). */
export function makeMatch(ctx: Pick<AnalyzerContext, 'ruleSet' | 'scanOptions'>, ruleId: string, secret: string, bytes: Uint8Array, start: number, end: number, extra: Extra = {}): Match | undefined {
  if (!ruleOf(ctx.ruleSet, ruleId)) return undefined;
  const lines = linesOf(bytes);
  const s = Math.max(0, Math.min(start, bytes.length));
  const e = Math.max(s, Math.min(end, bytes.length));
  if (inlineAllowsCached(bytes, ruleIdsOf(ctx.ruleSet))(s, e, ruleId)) return undefined;
  return makeMatchAt(ctx, ruleId, secret, { start: s, end: e, ...lines.position(s), context: lines.context(s, e) }, extra);
}

/**
 * Moves matches found in a piece of text to where that text sits in the blob, [start, end). `verbatim`:
 * the text is the blob's bytes there (offsets carry over); otherwise (a decoded JSON or base64 value)
 * every match points at the whole span.
 */
export function relocate(matches: Match[], bytes: Uint8Array, start: number, end: number, extra: Extra = {}, verbatim = true): Match[] {
  const lines = linesOf(bytes);
  return matches.map((m) => {
    const s = verbatim ? Math.min(start + m.start, end) : start;
    const e = verbatim ? Math.min(start + m.end, end) : end;
    const { line, column } = lines.position(s);
    return {
      ...m,
      start: s,
      end: Math.max(s, e),
      line,
      column,
      context: lines.context(s, Math.max(s, e)),
      ...(extra.detail ? { detail: extra.detail } : {}),
      ...(extra.encoding ? { encoding: [...extra.encoding, ...(m.encoding ?? [])] } : {}),
      ...(extra.inner ? { inner: extra.inner } : {}),
    };
  });
}

/** Byte offset of the first `needle` (UTF-8) in `bytes` at or after `from`, or -1. */
export function indexOfText(bytes: Uint8Array, needle: string, from = 0): number {
  if (!needle) return -1;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(needle, from, 'utf8');
}

/** Where a decoded JSON string value sits in the raw JSON text: its escaped form, searched from `from`. */
export function indexOfJsonString(bytes: Uint8Array, value: string, from = 0): { start: number; end: number } | undefined {
  const escaped = JSON.stringify(value).slice(1, -1);
  let at = indexOfText(bytes, escaped, from);
  if (at < 0 && from > 0) at = indexOfText(bytes, escaped, 0);
  if (at < 0) return undefined;
  return { start: at, end: at + Buffer.byteLength(escaped) };
}
