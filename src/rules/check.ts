// Runs every rule's examples and negative examples through the real engine (and analyzers), one rule at a time.
import type { Match } from '../core/types.js';
import { ANALYZERS } from '../detect/analyzers/index.js';
import { scanDeep } from '../detect/analyzers/run.js';
import { scanBytes } from '../detect/engine.js';
import { buildRuleSet, type LoadedRule, type RuleSet } from './compile.js';

export interface ExampleFailure {
  ruleId: string;
  origin: string;
  field: 'examples' | 'negative_examples' | 'analyzer';
  index: number;
  message: string;
}

export interface CheckResult {
  rules: number;
  examples: number;
  negatives: number;
  failures: ExampleFailure[];
}

/** A rule's matches in one example: the plain engine, or (with a path, or for an analyzer rule) the engine and the analyzers. */
function run(rs: RuleSet, r: LoadedRule, text: string, path: string | undefined, includeInvalid: boolean): Match[] {
  const bytes = Buffer.from(text, 'utf8');
  if (path === undefined && !r.spec.analyzer) return scanBytes(rs, bytes, { includeInvalid });
  return scanDeep(rs, path ?? 'example.txt', bytes, { includeInvalid }).matches.filter((m) => m.ruleId === r.spec.id);
}

export function checkRules(loaded: LoadedRule[]): CheckResult {
  const result: CheckResult = { rules: loaded.length, examples: 0, negatives: 0, failures: [] };
  const analyzers = new Set(ANALYZERS.map((a) => a.name));
  for (const r of loaded) {
    const rs = buildRuleSet([r]);
    const fail = (field: ExampleFailure['field'], index: number, message: string): void => {
      result.failures.push({ ruleId: r.spec.id, origin: r.origin, field, index, message });
    };
    if (r.spec.analyzer && !analyzers.has(r.spec.analyzer)) fail('analyzer', 0, `unknown analyzer "${r.spec.analyzer}" (known: ${[...analyzers].sort().join(', ')})`);
    r.spec.examples.forEach((ex, i) => {
      result.examples++;
      const text = typeof ex === 'string' ? ex : ex.text;
      const path = typeof ex === 'string' ? undefined : ex.path;
      const matches = run(rs, r, text, path, false);
      if (matches.length === 0) {
        const invalid = run(rs, r, text, path, true);
        fail('examples', i, invalid.length ? `matched but its validator said invalid: ${invalid[0]!.validation.reason ?? ''}` : 'no match');
        return;
      }
      if (typeof ex !== 'string' && ex.secret !== undefined && !matches.some((m) => m.secret === ex.secret)) {
        fail('examples', i, `expected secret ${JSON.stringify(ex.secret)}, got ${matches.map((m) => JSON.stringify(m.secret)).join(', ')}`);
      }
    });
    r.spec.negative_examples.forEach((ex, i) => {
      result.negatives++;
      const matches = typeof ex === 'string' ? run(rs, r, ex, undefined, false) : run(rs, r, ex.text, ex.path, false);
      if (matches.length) fail('negative_examples', i, `matched ${JSON.stringify(matches[0]!.secret)}`);
    });
  }
  return result;
}
