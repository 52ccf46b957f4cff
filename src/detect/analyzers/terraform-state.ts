// Terraform state (.tfstate, .backup): every value under a sensitive attribute path or a secret-bearing attribute, with its resource address.
import type { Match } from '../../core/types.js';
import { isPlaceholder, keyIsNotSecret } from '../filters.js';
import { indexOfJsonString, makeMatch, relocate, ruleOf } from './match.js';
import { headText, type Analyzer, type AnalyzerContext } from './types.js';
import { parseJsonBlob } from './json.js';

/** Attribute names whose values are credentials (provider schemas mark most of them sensitive). */
const SECRET_ATTR = /(?:^|_)(?:password|passwd|secret|private_key(?:_pem|_openssh|_pkcs8)?|access_key|secret_key|token|connection_string|api_key|auth_key|primary_key|secondary_key|master_key|account_key|client_secret|sas|credentials?|kubeconfig(?:_raw)?|client_key|key_material|passphrase)(?:_value|_string|_data)?$/i;

interface StateResource {
  module?: string;
  mode?: string;
  type?: string;
  name?: string;
  instances?: { index_key?: string | number; attributes?: Record<string, unknown>; sensitive_attributes?: unknown }[];
}

/** `module.m.aws_db_instance.telemetry["k"]` */
function address(r: StateResource, key: string | number | undefined): string {
  const base = [r.module, r.mode === 'data' ? 'data' : undefined, r.type, r.name].filter(Boolean).join('.');
  return key === undefined ? base : `${base}[${JSON.stringify(key)}]`;
}

/** sensitive_attributes as dotted paths: v4 `[[{type:'get_attr',value:'password'}]]`, newer `[{type,value}]` lists. */
function sensitivePaths(raw: unknown): Set<string> {
  const out = new Set<string>();
  if (!Array.isArray(raw)) return out;
  for (const p of raw) {
    const steps = Array.isArray(p) ? p : (p as { path?: unknown })?.path;
    if (!Array.isArray(steps)) continue;
    out.add(steps.map((s: { value?: unknown }) => String(s?.value ?? '')).join('.'));
  }
  return out;
}

function walk(value: unknown, path: string[], visit: (path: string[], v: string) => void): void {
  if (typeof value === 'string') visit(path, value);
  else if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, String(i)], visit));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...path, k], visit);
}

export const terraformState: Analyzer = {
  name: 'terraform-state',
  applies: (path, head) => /\.tfstate(?:\.backup)?$/i.test(path) || (/\.json$/i.test(path) && /"terraform_version"\s*:/.test(headText(head))),
  analyze(ctx: AnalyzerContext): Match[] {
    if (!ctx.bytes) return [];
    const state = parseJsonBlob<{ resources?: StateResource[]; outputs?: Record<string, { value?: unknown; sensitive?: boolean }> }>(ctx, ctx.bytes, 'STATE_UNREADABLE');
    if (!state) return [];
    const bytes = ctx.bytes;
    const out: Match[] = [];
    let cursor = 0;
    const report = (where: string, value: string): void => {
      if (value.length < 4 || isPlaceholder(value)) return;
      const at = indexOfJsonString(bytes, value, cursor);
      if (!at) return;
      cursor = at.end;
      // A value a specific rule recognizes (a private key, a cloud key) is reported as that rule.
      const specific = ctx.scanText(value).filter((m) => !ruleOf(ctx.ruleSet, m.ruleId)?.generic);
      if (specific.length) {
        out.push(...relocate(specific, bytes, at.start, at.end, { detail: where }, false));
        return;
      }
      const m = makeMatch(ctx, 'terraform-state-secret', value, bytes, at.start, at.end, { detail: where });
      if (m) out.push(m);
    };
    for (const r of state.resources ?? []) {
      for (const inst of r.instances ?? []) {
        const addr = address(r, inst.index_key);
        const sensitive = sensitivePaths(inst.sensitive_attributes);
        walk(inst.attributes ?? {}, [], (path, v) => {
          const dotted = path.join('.');
          const name = [...path].reverse().find((p) => !/^\d+$/.test(p)) ?? '';
          const isSensitive = [...sensitive].some((s) => dotted === s || dotted.startsWith(`${s}.`));
          if (isSensitive || (SECRET_ATTR.test(name) && !keyIsNotSecret(name))) report(`${addr}.${dotted}`, v);
        });
      }
    }
    for (const [name, o] of Object.entries(state.outputs ?? {})) {
      if (o?.sensitive || SECRET_ATTR.test(name)) walk(o?.value, [], (_p, v) => report(`output.${name}`, v));
    }
    return out;
  },
};
