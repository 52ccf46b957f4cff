// Runs the analyzers that apply to a blob after the rules, and merges their matches with the rule matches.
import type { Match } from '../../core/types.js';
import type { RuleSet } from '../../rules/compile.js';
import { scanBytes, type ScanOptions } from '../engine.js';
import { ANALYZERS } from './index.js';
import { mark, mergeMatches } from './merge.js';
import { DEFAULT_ANALYZE, type Analyzer, type AnalyzeSettings, type AnalyzerContext, type AnalyzerIssue, type Budget, type RandomAccess } from './types.js';

export interface DeepOptions extends ScanOptions {
  /** Analyzer settings; `false` turns the analyzers off. */
  analyze?: Partial<AnalyzeSettings> | false;
}

export interface DeepResult {
  status: 'ok' | 'binary';
  matches: Match[];
  issues: AnalyzerIssue[];
}

const SNIFF = 8000;

export function settingsOf(opts: DeepOptions): AnalyzeSettings {
  return { ...DEFAULT_ANALYZE, ...(opts.analyze || {}) };
}

export function memoryInput(bytes: Uint8Array): RandomAccess {
  return { size: bytes.length, read: (o, l) => bytes.subarray(o, Math.min(bytes.length, o + l)) };
}

/** Git's rule: a NUL byte in the first 8000 bytes makes content binary. */
export function isBinaryHead(head: Uint8Array): boolean {
  return head.subarray(0, SNIFF).includes(0);
}

/** The analyzers that apply to this content. `whole`: the content is in memory (else only streaming ones). */
export function applicable(path: string, head: Uint8Array, size: number, whole: boolean, opts: DeepOptions): Analyzer[] {
  if (opts.analyze === false) return [];
  return ANALYZERS.filter((a) => (whole || a.streaming) && a.applies(path, head, size));
}

/** Runs the given analyzers; each failure becomes an issue and the others go on. */
export function runAnalyzers(
  rs: RuleSet, path: string, input: RandomAccess, bytes: Uint8Array | undefined, list: Analyzer[], opts: DeepOptions, depth = 0, budget: Budget = { bytes: 0, entries: 0 },
  seen?: ReadonlySet<string>,
): { matches: Match[]; issues: AnalyzerIssue[]; suppressed: [number, number][] } {
  const issues: AnalyzerIssue[] = [];
  const suppressed: [number, number][] = [];
  const matches: Match[] = [];
  const settings = settingsOf(opts);
  const ctx: AnalyzerContext = {
    path, input, ruleSet: rs, settings, scanOptions: opts, depth, budget,
    ...(bytes ? { bytes } : {}),
    ...(seen ? { seen } : {}),
    scan: (b, p) => scanDeep(rs, p, b, opts, depth + 1, budget),
    scanText: (t) => scanBytes(rs, Buffer.from(t, 'utf8'), opts),
    report: (code, message, member) => issues.push({ code, message, ...(member !== undefined ? { member } : {}) }),
    suppress: (start, end) => suppressed.push([start, end]),
  };
  for (const a of list) {
    try {
      for (const m of a.analyze(ctx)) matches.push(mark(m, a));
    } catch (err) {
      issues.push({ code: 'ANALYZER_FAILED', message: `${a.name}: ${(err as Error).message}` });
    }
  }
  return { matches, issues, suppressed };
}

/** Full scan of content held in memory: rules (unless it is binary), then the analyzers that apply, merged. */
export function scanDeep(rs: RuleSet, path: string, bytes: Uint8Array, opts: DeepOptions, depth = 0, budget?: Budget): DeepResult {
  const head = bytes.subarray(0, SNIFF);
  const list = applicable(path, head, bytes.length, true, opts);
  const binary = isBinaryHead(head);
  if (binary && !list.some((a) => a.binary)) return { status: 'binary', matches: [], issues: [] };
  const seen = binary ? undefined : new Set<string>();
  const raw = binary ? [] : scanBytes(rs, bytes, opts, seen);
  // Suppressors only take matches away: with nothing found (the common case) they need not read the blob.
  const finders = list.filter((a) => !a.suppressor);
  if (finders.length === 0 && raw.length === 0) return { status: 'ok', matches: raw, issues: [] };
  const an = runAnalyzers(rs, path, memoryInput(bytes), bytes, finders, opts, depth, budget);
  if (raw.length === 0 && an.matches.length === 0) return { status: 'ok', matches: [], issues: an.issues };
  const sup = runAnalyzers(rs, path, memoryInput(bytes), bytes, list.filter((a) => a.suppressor), opts, depth, budget, seen);
  const issues = [...an.issues, ...sup.issues];
  return { status: 'ok', matches: mergeMatches(rs, raw, an.matches, [...an.suppressed, ...sup.suppressed]), issues };
}

/** The analyzers' matches alone for one blob (no rule pass): the hook as a function. */
export function analyze(rs: RuleSet, path: string, bytes: Uint8Array, opts: DeepOptions = {}): Match[] {
  const list = applicable(path, bytes.subarray(0, SNIFF), bytes.length, true, opts);
  return mergeMatches(rs, [], runAnalyzers(rs, path, memoryInput(bytes), bytes, list, opts).matches);
}
