// Test helpers for analyzers: the built-in rules compiled once, and a one-call deep scan of a named text or buffer.
import type { Match } from '../../core/types.js';
import { buildRuleSet, type RuleSet } from '../../rules/compile.js';
import { loadBuiltinRules } from '../../rules/load.js';
import { scanDeep, type DeepOptions, type DeepResult } from './run.js';

let rs: RuleSet | undefined;
export const builtinRuleSet = (): RuleSet => (rs ??= buildRuleSet(loadBuiltinRules()));

export function deep(path: string, content: string | Uint8Array, opts: DeepOptions = {}): DeepResult {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return scanDeep(builtinRuleSet(), path, bytes, opts);
}

/** The secrets found, as `rule=secret` strings, sorted. */
export function found(path: string, content: string | Uint8Array, opts: DeepOptions = {}): string[] {
  return deep(path, content, opts).matches.map((m: Match) => `${m.ruleId}=${m.secret}`).sort();
}
