// Loads the rules a command runs with: built-ins plus extra rule files, with validator names checked.
import { KeyholeError } from '../core/errors.js';
import type { RuleMeta } from '../report/types.js';
import type { LoadedRule } from '../rules/compile.js';
import { loadBuiltinRules, loadRuleFile } from '../rules/load.js';
import { validators } from '../validate/registry.js';

export function loadRules(extraFiles: string[] = []): LoadedRule[] {
  const rules = [...loadBuiltinRules(), ...extraFiles.flatMap((f) => loadRuleFile(f))];
  for (const r of rules) {
    if (r.spec.validator && !Object.prototype.hasOwnProperty.call(validators, r.spec.validator)) {
      throw new KeyholeError(
        'RULE_INVALID',
        `${r.origin}: rule ${r.spec.id}: field validator: unknown validator "${r.spec.validator}" (known: ${Object.keys(validators).sort().join(', ')})`,
      );
    }
  }
  return rules;
}

/** What reports need to know about each rule. */
export function ruleMeta(rules: LoadedRule[]): RuleMeta[] {
  return rules.map((r) => ({
    id: r.spec.id,
    name: r.spec.name,
    description: r.spec.description,
    severity: r.spec.severity as RuleMeta['severity'],
    category: r.spec.category,
    provider: r.provider,
    ...(r.spec.rotation.docs ? { docs: r.spec.rotation.docs } : {}),
  }));
}
