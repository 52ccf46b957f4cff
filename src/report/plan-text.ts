// The `plan` format: the rotation plan as a plain-text list, most urgent secret first.
import { describeLocation } from './location.js';
import { rotationPlan, type FirstExposed, type PlanEntry } from './plan.js';
import { secretText } from './redaction.js';
import { describeValidation } from './text.js';
import type { Formatter, ReportInput } from './types.js';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const indentRest = (s: string, pad: string): string => s.replace(/\r?\n/g, `\n${pad}`);

/** `2023-04-05T10:11:12Z in commit a1b2c3d by Dana Dev <dana@example.com>`, or for an issue `… in OPS-17 by Sam Ops`. */
export function describeFirstExposed(x: FirstExposed): string {
  const by = x.author ? ` by ${x.author}${x.email ? ` <${x.email}>` : ''}` : '';
  const what = x.commit ? ` in commit ${x.commit.slice(0, 7)}` : x.issue ? ` in ${x.issue}` : '';
  return `${x.date}${what}${by}`;
}

function entryLines(e: PlanEntry, input: ReportInput): string[] {
  const f = e.finding;
  const pad = '   ';
  const secret = secretText(f, input.showSecrets);
  const multi = secret.includes('\n');
  const validation = describeValidation(f.validation);
  const out = [
    `${e.rank}. [${e.severity}] ${f.ruleName} (${e.provider})${multi ? '' : ` ${secret}`}`,
    ...(multi ? [`  ${indentRest(secret, '  ')}`] : []),
    `${pad}grants: ${e.grants}`,
    `${pad}${plural(e.locations, 'location')}; ${e.exposure}; places: ${e.places.join(', ')}` +
      (validation !== '' ? `; ${validation}` : ''),
    `${pad}first exposed: ${e.firstExposed ? `${describeFirstExposed(e.firstExposed)} (${e.firstExposed.where})` : 'no dated location'}`,
    ...(f.window ? [`${pad}${f.window.exposed ? 'exposed' : 'NOT exposed'} in ${f.window.range}: ${f.window.reason}`] : []),
  ];
  out.push(`${pad}locations:`);
  for (const loc of f.locations) out.push(`${pad}  ${describeLocation(loc)}`);
  out.push(`${pad}rotate: ${e.rotation ? indentRest(e.rotation.steps.trim(), `${pad}        `) : 'no rotation steps for this rule; revoke it at the issuer'}`);
  if (e.docs) out.push(`${pad}docs: ${e.docs}`);
  return out;
}

export const formatPlan: Formatter = (input) => {
  const plan = rotationPlan(input.findings, input.rules);
  if (plan.length === 0) return 'Rotation plan: no secrets found.\n';
  const blocks = plan.map((e) => entryLines(e, input).join('\n'));
  return `Rotation plan: ${plural(plan.length, 'secret')}, most urgent first.\n\n${blocks.join('\n\n')}\n`;
};
