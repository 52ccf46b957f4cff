// Files that are sensitive by what they are (keys, keystores, password databases, state): reported by name and content hash.
import { createHash } from 'node:crypto';
import type { Match } from '../../core/types.js';
import { makeMatchAt } from './match.js';
import type { Analyzer, AnalyzerContext } from './types.js';

interface Kind {
  rule: string;
  what: string;
  test(base: string, text: () => string): boolean;
}

const ext = (base: string, ...list: string[]): boolean => list.some((e) => base.endsWith(e));

const KINDS: Kind[] = [
  { rule: 'sensitive-file-ssh-key', what: 'SSH private key file', test: (b, t) => /^id_(?:rsa|dsa|ecdsa|ed25519)(?:[_.-][\w.-]*)?$/.test(b) && !b.endsWith('.pub') && /PRIVATE KEY/.test(t()) },
  { rule: 'sensitive-file-private-key', what: 'private key file', test: (b, t) => ext(b, '.pem', '.key', '.ppk') && /-----BEGIN [A-Z ]*PRIVATE KEY-----|PuTTY-User-Key-File/.test(t()) },
  { rule: 'sensitive-file-keystore', what: 'keystore (PKCS#12 / Java)', test: (b) => ext(b, '.p12', '.pfx', '.jks', '.keystore', '.jceks', '.bks') },
  { rule: 'sensitive-file-keepass', what: 'KeePass password database', test: (b) => ext(b, '.kdbx', '.kdb') },
  { rule: 'sensitive-file-htpasswd', what: 'htpasswd password file', test: (b, t) => b === '.htpasswd' && /^[^:\s]+:\S+/m.test(t()) },
  { rule: 'sensitive-file-shadow', what: 'Unix shadow password file', test: (b, t) => /^g?shadow-?$/.test(b) && /^[a-z_][\w.-]*:[^:\n]*:\d*:/m.test(t()) },
  { rule: 'sensitive-file-terraform-state', what: 'Terraform state file', test: (b) => ext(b, '.tfstate', '.tfstate.backup') },
  { rule: 'sensitive-file-openvpn', what: 'OpenVPN profile with an inline private key', test: (b, t) => ext(b, '.ovpn') && /<key>[\s\S]*PRIVATE KEY/.test(t()) },
];

const basename = (p: string): string => (p.split(/[\\/!]/).pop() ?? p).toLowerCase();

function kindOf(path: string, bytes: Uint8Array): Kind | undefined {
  const base = basename(path);
  let text: string | undefined;
  const read = (): string => (text ??= Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1 << 20)).toString('latin1'));
  return KINDS.find((k) => k.test(base, read));
}

const ID = /id_/i;
const ENDS = /(?:pem|key|ppk|p12|pfx|jks|keystore|jceks|bks|kdbx|kdb|tfstate|backup|ovpn|htpasswd|shadow-?)$/i;
const NAMES = /(?:^|[\\/!])(?:id_(?:rsa|dsa|ecdsa|ed25519)[^\\/]*|[^\\/]*\.(?:pem|key|ppk|p12|pfx|jks|keystore|jceks|bks|kdbx|kdb|tfstate|tfstate\.backup|ovpn)|\.htpasswd|g?shadow-?)$/i;

export const sensitiveFiles: Analyzer = {
  name: 'sensitive-file',
  binary: true,
  fallback: true,
  // A cheap test first (this runs over every path scanned): a path NAMES takes holds `id_` or ends in
  // one of ENDS (tried on its last 16 characters: a regex ending in `$` is tried at every position).
  applies: (path) => (ID.test(path) || ENDS.test(path.slice(-16))) && NAMES.test(path),
  analyze(ctx: AnalyzerContext): Match[] {
    if (!ctx.bytes || ctx.bytes.length === 0) return [];
    const kind = kindOf(ctx.path, ctx.bytes);
    if (!kind) return [];
    // The content hash stands for the file: identical copies are one finding, and no byte of it is reported.
    const secret = `sha256:${createHash('sha256').update(ctx.bytes).digest('hex')}`;
    const m = makeMatchAt(ctx, kind.rule, secret, { start: 0, end: 0, line: 1, column: 1, context: `${kind.what}: ${basename(ctx.path)} (${ctx.bytes.length} bytes)` }, { detail: kind.what });
    return m ? [m] : [];
  },
};
