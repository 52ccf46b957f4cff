// Compiles validated rule specs into run-time rules and a rule set with one shared keyword prefilter.
import { createHash } from 'node:crypto';
import { KeyholeError } from '../core/errors.js';
import type { Rotation, Severity } from '../core/types.js';
import { gateFor, type Gate } from './gate.js';
import { buildPrefilter, type Prefilter } from './prefilter.js';
import { storedPrefilter } from './prefilter-cache.js';
import { gateKey, storedGates, type Gates } from './gate-cache.js';
import { SIGNALS } from './signals.js';
import type { RuleSpec } from './schema.js';
import { maxReach } from './regex-length.js';

export interface CompiledRule {
  id: string;
  name: string;
  description: string;
  severity: Severity;
  category: string;
  provider: string;
  keywords: string[];
  /** The pattern, global (flags g, plus i): finds matches in a window. */
  re: RegExp;
  /**
   * The same pattern, sticky and with match indices (flags yd, plus i): read again at a kept match's
   * start for its groups' offsets. (Indices for every match `re` finds cost an array per group per
   * match, and most matches are turned away by the filters.)
   */
  at: RegExp;
  secretGroup: number;
  minEntropy: number;
  before: number;
  after: number;
  multiline: boolean;
  allowRegexes: RegExp[];
  stopwords: string[];
  validator?: string;
  generic: boolean;
  rotation: Rotation;
  /** The analyzer that reports this rule, if any. */
  analyzer?: string;
  /** `after_keyword`, sticky: must match where a keyword hit ends for a window to open there. */
  afterKeyword?: RegExp;
  /**
   * How much text after a keyword hit `after_keyword` can match, at most (its longest match, capped at
   * AFTER_KEYWORD_SPAN); 0 without the hint.
   */
  afterKeywordSpan: number;
  /** Whether the rule has `after_keyword` (known without compiling it). */
  hasAfterKeyword: boolean;
  /** Where it came from, for error messages: file path or "config". */
  origin: string;
}

export interface RuleSet {
  rules: CompiledRule[];
  prefilter: Prefilter;
  /** The prefilter's keywords (rule keywords, then signal keywords), without building it. */
  keywords: readonly string[];
  /** keyword index -> indexes of the rules that keyword triggers. */
  keywordRules: Int32Array[];
  /**
   * keyword index -> the gate of each rule in `keywordRules` (what a hit must look like for that rule's
   * match to start there), or undefined for a keyword none of whose rules has one.
   */
  keywordGates: ((Gate | undefined)[] | undefined)[];
  /** keyword index -> 1 for a signal keyword (rules/signals.ts): a scan notes where it occurred. */
  signals: Uint8Array;
  /** Changes whenever any rule changes: used to decide whether a seen blob must be rescanned. */
  version: string;
  /** The most rules one keyword triggers. */
  maxRulesPerKeyword: number;
}

/** A rule spec with where it came from and the provider resolved. */
export interface LoadedRule {
  spec: RuleSpec;
  provider: string;
  origin: string;
}

function compileRegex(source: string, flags: string, where: string, field: string): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (err) {
    throw new KeyholeError('RULE_INVALID', `${where}: field ${field}: not a valid regular expression: ${(err as Error).message}`);
  }
}

/** How much of the line after a keyword an `after_keyword` hint sees, at most. */
export const AFTER_KEYWORD_SPAN = 512;

/** Each keyword's gates, one per rule of the keyword (rules/gate.ts); undefined where none has one. */
export function workOutGates(loaded: readonly LoadedRule[], rules: readonly CompiledRule[], lists: readonly number[][], keywords: readonly string[]): Gates {
  return lists.map((l, ki) => {
    const g = l.map((ri) => gateFor(loaded[ri]!.spec.pattern, loaded[ri]!.spec.ignore_case, keywords[ki]!, rules[ri]!.keywords));
    return g.some((x) => x !== undefined) ? g : undefined;
  });
}

/**
 * Compiles one rule. With `lazy`, its regular expressions are compiled on first use: a thread that
 * only needs the rules' metadata (the scan coordinator, when workers do the matching) skips the cost.
 */
export function compileRule(r: LoadedRule, lazy = false): CompiledRule {
  const s = r.spec;
  const where = `${r.origin}: rule ${s.id}`;
  const compiled = (): Pick<CompiledRule, 're' | 'secretGroup' | 'allowRegexes' | 'afterKeyword'> => {
    // An analyzer-only rule has no pattern: it never matches as a regex (and has no keywords to trigger it).
    const pattern = s.pattern ?? '(?!)';
    const re = compileRegex(pattern, `g${s.ignore_case ? 'i' : ''}`, where, 'pattern');
    const groups = (new RegExp(`${pattern}|`).exec('')?.length ?? 1) - 1;
    const secretGroup = s.secret_group ?? (groups > 0 ? 1 : 0);
    if (secretGroup > groups) {
      throw new KeyholeError('RULE_INVALID', `${where}: field secret_group: ${secretGroup} but the pattern has ${groups} groups`);
    }
    const allowRegexes = (s.allow?.regexes ?? []).map((a, i) => compileRegex(a, '', where, `allow.regexes[${i}]`));
    const afterKeyword = s.after_keyword !== undefined ? compileRegex(s.after_keyword, `y${s.ignore_case ? 'i' : ''}`, where, 'after_keyword') : undefined;
    return { re, secretGroup, allowRegexes, ...(afterKeyword ? { afterKeyword } : {}) };
  };
  // Made when a match of the rule is first kept (most rules that run keep none).
  let at: RegExp | undefined;
  let cache = lazy ? undefined : compiled();
  const get = (): Pick<CompiledRule, 're' | 'secretGroup' | 'allowRegexes' | 'afterKeyword'> => (cache ??= compiled());
  return {
    get re() {
      return get().re;
    },
    get at() {
      return (at ??= new RegExp(get().re.source, `yd${s.ignore_case ? 'i' : ''}`));
    },
    get secretGroup() {
      return get().secretGroup;
    },
    get allowRegexes() {
      return get().allowRegexes;
    },
    get afterKeyword() {
      return get().afterKeyword;
    },
    hasAfterKeyword: s.after_keyword !== undefined,
    afterKeywordSpan: s.after_keyword !== undefined ? Math.min(AFTER_KEYWORD_SPAN, maxReach(s.after_keyword)) : 0,
    id: s.id,
    name: s.name,
    description: s.description,
    severity: s.severity as Severity,
    category: s.category,
    provider: r.provider,
    keywords: (s.keywords ?? []).map((k) => k.toLowerCase()),
    minEntropy: s.min_entropy ?? 0,
    before: s.window?.before ?? 256,
    after: s.window?.after ?? 1024,
    multiline: s.window?.multiline ?? false,
    stopwords: (s.allow?.stopwords ?? []).map((w) => w.toLowerCase()),
    ...(s.validator ? { validator: s.validator } : {}),
    generic: s.generic,
    rotation: s.rotation,
    ...(s.analyzer ? { analyzer: s.analyzer } : {}),
    origin: r.origin,
  };
}

export function buildRuleSet(loaded: LoadedRule[], opts: { lazy?: boolean } = {}): RuleSet {
  const seen = new Map<string, string>();
  for (const r of loaded) {
    const prev = seen.get(r.spec.id);
    if (prev) throw new KeyholeError('RULE_INVALID', `${r.origin}: rule ${r.spec.id}: field id: duplicate of the rule in ${prev}`);
    seen.set(r.spec.id, r.origin);
  }
  const rules = loaded.map((r) => compileRule(r, opts.lazy));
  const keywords: string[] = [];
  const index = new Map<string, number>();
  const lists: number[][] = [];
  const keywordIndex = (k: string): number => {
    let ki = index.get(k);
    if (ki === undefined) {
      ki = keywords.length;
      keywords.push(k);
      index.set(k, ki);
      lists.push([]);
    }
    return ki;
  };
  rules.forEach((rule, ri) => {
    for (const k of rule.keywords) {
      const ki = keywordIndex(k);
      if (!lists[ki]!.includes(ri)) lists[ki]!.push(ri);
    }
  });
  const signal = SIGNALS.map(keywordIndex);
  // Worked out when asked for (the coordinator asks; a scan worker never does, and spares loading
  // node:crypto and hashing every rule).
  let version: string | undefined;
  // Built on first use: only the threads that scan need it (the main thread wants the rules and version).
  let prefilter: RuleSet['prefilter'] | undefined;
  let gates: RuleSet['keywordGates'] | undefined;
  return {
    rules,
    get prefilter() {
      return (prefilter ??= storedPrefilter(keywords) ?? buildPrefilter(keywords));
    },
    get keywordGates() {
      return (gates ??= storedGates(gateKey(loaded.map((r) => r.spec), keywords)) ?? workOutGates(loaded, rules, lists, keywords));
    },
    keywords,
    keywordRules: lists.map((l) => Int32Array.from(l)),
    maxRulesPerKeyword: lists.reduce((m, l) => Math.max(m, l.length), 0),
    signals: Uint8Array.from(keywords, (_k, ki) => (signal.includes(ki) ? 1 : 0)),
    get version() {
      return (version ??= createHash('sha256').update(JSON.stringify(loaded.map((r) => [r.spec, r.provider]))).digest('hex').slice(0, 16));
    },
  };
}
