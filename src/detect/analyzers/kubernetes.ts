// Kubernetes manifests and kubeconfig: Secret `data` (base64-decoded) and `stringData` values, kubeconfig user credentials.
import { createHash } from 'node:crypto';
import type { Node, YAMLMap, YAMLSeq } from 'yaml';
import { lazyPackage } from '../../core/lazy.js';

const yaml = lazyPackage<typeof import('yaml')>('yaml');
import type { Encoding, Match } from '../../core/types.js';
import { isMostlyText } from '../decode.js';
import { isPlaceholder, looksLikeCredential } from '../filters.js';
import { makeMatch, relocate, ruleOf } from './match.js';
import type { Analyzer, AnalyzerContext } from './types.js';

const NOT_SECRET_KEY = /^(?:user(?:name)?|login|host(?:name)?|port|database|db|db[_-]?name|name|namespace|url|uri|endpoint|region|email|server|address|type|ca\.crt|tls\.crt|.*\.pub)$/i;
const SECRET_KEY = /pass|pwd|secret|token|key|credential|auth|cert|dockerconfigjson/i;
const B64 = /^[A-Za-z0-9+/\s]+={0,2}$/;

interface Value {
  key: string;
  text: string;
  start: number;
  end: number;
}

function scalars(map: unknown): Value[] {
  if (!yaml().isMap(map)) return [];
  const out: Value[] = [];
  for (const pair of (map as YAMLMap).items) {
    const v = pair.value as Node | null;
    if (!yaml().isScalar(v) || typeof v.value !== 'string' || !v.range) continue;
    const key = yaml().isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    out.push({ key, text: v.value, start: v.range[0], end: v.range[1] });
  }
  return out;
}

export const kubernetes: Analyzer = {
  name: 'kubernetes',
  applies: (path, head) => /\.ya?ml$|(?:^|[\\/])(?:kubeconfig|config)$/i.test(path) && /\bkind:\s*(?:Secret|Config)\b|\bdata:|\bstringData:/.test(Buffer.from(head).toString('latin1')),
  analyze(ctx: AnalyzerContext): Match[] {
    if (!ctx.bytes || ctx.bytes.length > ctx.settings.maxTextBytes) return [];
    const bytes = ctx.bytes;
    // latin1 keeps string offsets equal to byte offsets.
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    const out: Match[] = [];
    const utf8 = (s: string): string => Buffer.from(s, 'latin1').toString('utf8');
    const report = (rule: string, where: string, v: Value, secret: string, encoding?: Encoding[]): void => {
      const extra = { detail: where, ...(encoding ? { encoding } : {}) };
      const specific = ctx.scanText(secret).filter((m) => !ruleOf(ctx.ruleSet, m.ruleId)?.generic);
      if (specific.length) {
        out.push(...relocate(specific, bytes, v.start, v.end, extra, false));
        return;
      }
      const m = makeMatch(ctx, rule, secret, bytes, v.start, v.end, extra);
      if (m) out.push(m);
    };
    const worth = (key: string, value: string): boolean =>
      value.length >= 4 && !isPlaceholder(value) && !value.startsWith('ENC[') && !NOT_SECRET_KEY.test(key) && (SECRET_KEY.test(key) || looksLikeCredential(value));
    for (const doc of yaml().parseAllDocuments(text, { uniqueKeys: false })) {
      if (doc.errors.length || !yaml().isMap(doc.contents)) continue;
      const root = doc.contents as YAMLMap<unknown, unknown>;
      const kind = root.get('kind');
      const name = String((root.get('metadata') as YAMLMap | undefined)?.get?.('name') ?? '');
      if (kind === 'Secret' && !root.has('sops')) {
        for (const v of scalars(root.get('data', true))) {
          const b64 = v.text.replace(/\s+/g, '');
          if (!B64.test(b64)) continue;
          const raw = Buffer.from(b64, 'base64');
          if (raw.length === 0) continue;
          const where = `Secret/${name} data.${v.key}`;
          if (!isMostlyText(raw)) {
            if (SECRET_KEY.test(v.key)) report('kubernetes-secret-data', where, v, `sha256:${createHash('sha256').update(raw).digest('hex')}`, ['base64']);
            continue;
          }
          const value = raw.toString('utf8');
          if (worth(v.key, value.trim())) report('kubernetes-secret-data', where, v, value.trim(), ['base64']);
        }
        for (const v of scalars(root.get('stringData', true))) {
          if (worth(v.key, v.text)) report('kubernetes-secret-data', `Secret/${name} stringData.${v.key}`, v, utf8(v.text));
        }
      }
      if (kind === 'Config' && yaml().isSeq(root.get('users', true))) {
        for (const u of (root.get('users', true) as unknown as YAMLSeq).items) {
          if (!yaml().isMap(u)) continue;
          const um = u as YAMLMap<unknown, unknown>;
          const uname = String(um.get('name') ?? '');
          for (const v of scalars(um.get('user', true))) {
            const where = `kubeconfig user ${uname} ${v.key}`;
            if (v.key === 'client-key-data') {
              const pem = Buffer.from(v.text.replace(/\s+/g, ''), 'base64').toString('utf8');
              if (pem.includes('PRIVATE KEY')) report('kubeconfig-credential', where, v, pem.trim(), ['base64']);
            } else if (/^(?:token|password|client-key)$/.test(v.key) && worth(v.key, v.text)) {
              report('kubeconfig-credential', where, v, utf8(v.text));
            }
          }
        }
      }
    }
    return out;
  },
};
