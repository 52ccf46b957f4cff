// Runs every rule's examples and negative examples through the real engine, one rule at a time.
import { scanBytes } from '../detect/engine.js';
import { buildRuleSet, type LoadedRule } from './compile.js';

export interface ExampleFailure {
  ruleId: string;
  origin: string;
  field: 'examples' | 'negative_examples';
  index: number;
  message: string;
}

export interface CheckResult {
  rules: number;
  examples: number;
  negatives: number;
  failures: ExampleFailure[];
}

export function checkRules(loaded: LoadedRule[]): CheckResult {
  const result: CheckResult = { rules: loaded.length, examples: 0, negatives: 0, failures: [] };
  for (const r of loaded) {
    const rs = buildRuleSet([r]);
    const fail = (field: ExampleFailure['field'], index: number, message: string): void => {
      result.failures.push({ ruleId: r.spec.id, origin: r.origin, field, index, message });
    };
    r.spec.examples.forEach((ex, i) => {
      result.examples++;
      const text = typeof ex === 'string' ? ex : ex.text;
      const matches = scanBytes(rs, Buffer.from(text, 'utf8'));
      if (matches.length === 0) {
        const invalid = scanBytes(rs, Buffer.from(text, 'utf8'), { includeInvalid: true });
        fail('examples', i, invalid.length ? `matched but its validator said invalid: ${invalid[0]!.validation.reason ?? ''}` : 'no match');
        return;
      }
      if (typeof ex !== 'string' && ex.secret !== undefined && !matches.some((m) => m.secret === ex.secret)) {
        fail('examples', i, `expected secret ${JSON.stringify(ex.secret)}, got ${matches.map((m) => JSON.stringify(m.secret)).join(', ')}`);
      }
    });
    r.spec.negative_examples.forEach((text, i) => {
      result.negatives++;
      const matches = scanBytes(rs, Buffer.from(text, 'utf8'));
      if (matches.length) fail('negative_examples', i, `matched ${JSON.stringify(matches[0]!.secret)}`);
    });
  }
  return result;
}
