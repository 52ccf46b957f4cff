// Loads the rules a command runs with: built-ins plus extra rule files, with validator names checked.
import { KeyholeError } from '../core/errors.js';
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
