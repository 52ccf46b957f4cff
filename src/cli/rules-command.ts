// `keyhole rules list|check|keywords`: what the rules are, and whether their examples hold.
import { checkRules } from '../rules/check.js';
import { loadRules } from './load-rules.js';

export function rulesList(opts: { format: string; rules: string[] }): number {
  const rules = loadRules(opts.rules);
  if (opts.format === 'json') {
    const out = rules.map((r) => ({ id: r.spec.id, name: r.spec.name, severity: r.spec.severity, category: r.spec.category, provider: r.provider, keywords: r.spec.keywords, validator: r.spec.validator ?? null, docs: r.spec.rotation.docs ?? null, origin: r.origin }));
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  }
  const width = Math.max(...rules.map((r) => r.spec.id.length));
  for (const r of rules) process.stdout.write(`${r.spec.id.padEnd(width)}  ${r.spec.severity.padEnd(8)}  ${r.provider.padEnd(14)}  ${r.spec.name}\n`);
  process.stdout.write(`${rules.length} rules\n`);
  return 0;
}

export function rulesCheck(opts: { rules: string[]; rule?: string }): number {
  let rules = loadRules(opts.rules);
  if (opts.rule) rules = rules.filter((r) => r.spec.id === opts.rule);
  const res = checkRules(rules);
  for (const f of res.failures) process.stdout.write(`FAIL ${f.origin}: rule ${f.ruleId}: ${f.field}[${f.index}]: ${f.message}\n`);
  process.stdout.write(`${res.rules} rules, ${res.examples} examples, ${res.negatives} negative examples: ${res.failures.length} failures\n`);
  return res.failures.length ? 1 : 0;
}

export function rulesKeywords(opts: { rules: string[] }): number {
  const set = new Set(loadRules(opts.rules).flatMap((r) => (r.spec.keywords ?? []).map((k) => k.toLowerCase())));
  process.stdout.write([...set].sort().join('\n') + '\n');
  return 0;
}
