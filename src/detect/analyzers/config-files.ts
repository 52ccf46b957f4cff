// Credential files the generic rules miss: .netrc, .pgpass, .npmrc `_auth`, Dockerfile `ENV KEY value`.
import type { Match } from '../../core/types.js';
import { isPlaceholder, keyIsNotSecret, looksLikeCredential } from '../filters.js';
import { makeMatch } from './match.js';
import type { Analyzer, AnalyzerContext } from './types.js';

const SECRET_NAME = /pass(?:wd|word|phrase)?|pwd|secret|token|api[_-]?key|access[_-]?key|auth[_-]?key|credential|private[_-]?key/i;
const base = (p: string): string => (p.split(/[\\/!]/).pop() ?? p).toLowerCase();
const textOf = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
const utf8 = (s: string): string => Buffer.from(s, 'latin1').toString('utf8');

type Finder = (text: string, emit: (rule: string, secret: string, start: number, detail: string, encoded?: boolean) => void) => void;

/** `machine h login u password p` (tokens across lines). */
const netrc: Finder = (text, emit) => {
  const re = /\S+/g;
  let machine = '';
  let prev = '';
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (prev === 'machine') machine = m[0];
    if (prev === 'password' || prev === 'passwd') emit('netrc-password', m[0], m.index, `machine ${machine}`);
    prev = m[0].toLowerCase();
  }
};

/** `hostname:port:database:username:password`, `\:` escapes a colon. */
const pgpass: Finder = (text, emit) => {
  let at = 0;
  for (const line of text.split('\n')) {
    const fields = line.replace(/\r$/, '').split(/(?<!\\):/);
    if (!line.startsWith('#') && fields.length === 5 && fields[4]) {
      emit('pgpass-password', fields[4].replace(/\\(.)/g, '$1'), at + line.lastIndexOf(fields[4]), `${fields[0]}:${fields[1]}:${fields[2]}:${fields[3]}`);
    }
    at += line.length + 1;
  }
};

/** `//registry/:_auth=base64(user:password)` and `_password=base64(password)`. */
const npmrc: Finder = (text, emit) => {
  for (const m of text.matchAll(/(^|:|\n)(_auth|_password)\s*=\s*"?([A-Za-z0-9+/]{8,}={0,2})"?/g)) {
    const decoded = Buffer.from(m[3]!, 'base64').toString('utf8');
    const secret = m[2] === '_auth' ? decoded.slice(decoded.indexOf(':') + 1) : decoded;
    if (m[2] === '_auth' && !decoded.includes(':')) continue;
    emit('npmrc-auth', secret, m.index + m[0].length - m[3]!.length - (m[0].endsWith('"') ? 1 : 0), m[2]!, true);
  }
};

/** `ENV NAME value` / `ENV NAME=value` / `ARG NAME=value` with a secret-like name. */
const dockerfile: Finder = (text, emit) => {
  for (const m of text.matchAll(/^[ \t]*(ENV|ARG)[ \t]+([A-Za-z_][\w.-]*)(?:[ \t]+|=)("?)([^\s"]{4,300})\3[ \t]*$/gim)) {
    const [, , name, , value] = m;
    if (!SECRET_NAME.test(name!) || keyIsNotSecret(name!)) continue;
    emit('dockerfile-secret', value!, m.index + m[0].lastIndexOf(value!), `${m[1]!.toUpperCase()} ${name}`);
  }
};

const FINDERS: [RegExp, Finder][] = [
  [/^[._]netrc$/, netrc],
  [/^\.?pgpass$|^pgpass\.conf$/, pgpass],
  [/^\.npmrc$/, npmrc],
  [/^dockerfile(?:\..*)?$|\.dockerfile$|^containerfile$/, dockerfile],
];

const MAYBE = /netrc|pgpass|npmrc|dockerfile|containerfile/i;
const NAMES = /(?:^|[\\/!])(?:[._]netrc|\.?pgpass|pgpass\.conf|\.npmrc|dockerfile(?:\.[^\\/!]*)?|[^\\/!]*\.dockerfile|containerfile)$/i;

export const configFiles: Analyzer = {
  name: 'config-files',
  // One test of the whole path (no split per file): the file names FINDERS know; a cheap test first (it
  // runs over every path scanned): NAMES holds one of these words.
  applies: (path) => MAYBE.test(path) && NAMES.test(path),
  analyze(ctx: AnalyzerContext): Match[] {
    if (!ctx.bytes || ctx.bytes.length > ctx.settings.maxTextBytes) return [];
    const bytes = ctx.bytes;
    const text = textOf(bytes);
    const out: Match[] = [];
    for (const [re, find] of FINDERS) {
      if (!re.test(base(ctx.path))) continue;
      find(text, (rule, raw, start, detail, encoded) => {
        const secret = encoded ? raw : utf8(raw);
        if (isPlaceholder(secret) || (!encoded && !looksLikeCredential(secret))) return;
        const end = encoded ? text.indexOf('\n', start) < 0 ? text.length : text.indexOf('\n', start) : start + raw.length;
        const m = makeMatch(ctx, rule, secret, bytes, start, end, { detail, ...(encoded ? { encoding: ['base64' as const] } : {}) });
        if (m) out.push(m);
      });
    }
    return out;
  },
};
