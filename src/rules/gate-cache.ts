// The built-in rules' keyword gates (rules/gate.ts), worked out once by `npm run build` and stored beside
// the rule bundle: working them out reads every rule's pattern, ~6 ms a thread warm and ~15 ms as the
// first thing a scan thread does. Used only for a rule set whose patterns, case flags and keywords are
// exactly those the file was made from (`gateKey`).
import fs from 'node:fs';
import type { Gate } from './gate.js';
import { distUrl } from '../core/assets.js';

export const GATES_FILE = distUrl('rules/builtin/gates.json');

/** Bumped whenever the Gate layout or how gates are worked out changes: an older file is ignored. */
const FORMAT = 1;

/** Per keyword (by index), per rule of the keyword (by position): the gate, or null; null for none at all. */
export type Gates = ((Gate | undefined)[] | undefined)[];

interface StoredGate {
  lit: string;
  fold: boolean;
  deny?: string;
  follow?: string;
  followMin?: number;
}

interface Stored {
  format: number;
  key: string;
  gates: ((StoredGate | null)[] | null)[];
}

/**
 * What the gates depend on: each rule's pattern, case flag and keywords, and the keywords' order, as
 * their text's length and two 32-bit FNV-1a hashes of it (a scan worker works it out at its start, and
 * need not load node:crypto for it; the key tells rule sets apart, it guards nothing).
 */
export function gateKey(rules: readonly { pattern?: string | undefined; ignore_case?: boolean | undefined; keywords?: string[] | undefined }[], keywords: readonly string[]): string {
  const text = JSON.stringify([rules.map((r) => [r.pattern ?? null, !!r.ignore_case, r.keywords ?? []]), keywords]);
  let a = 0x811c9dc5;
  let b = 0x2b992ddf;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  return `${text.length}:${(a >>> 0).toString(16)}:${(b >>> 0).toString(16)}`;
}

const b64 = (a: Uint8Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));

export function serializeGates(key: string, gates: Gates): string {
  const stored: Stored = {
    format: FORMAT,
    key,
    gates: gates.map((g) =>
      g ? g.map((x) => (x ? { lit: Buffer.from(x.lit).toString('latin1'), fold: x.fold, ...(x.deny ? { deny: b64(x.deny) } : {}), ...(x.follow ? { follow: b64(x.follow), followMin: x.followMin! } : {}) } : null)) : null,
    ),
  };
  return JSON.stringify(stored);
}

export function deserializeGates(text: string): { key: string; gates: Gates } {
  const s = JSON.parse(text) as Stored;
  if (s.format !== FORMAT) throw new Error(`gates file format ${s.format}, expected ${FORMAT}`);
  return {
    key: s.key,
    gates: s.gates.map((g) =>
      g
        ? g.map((x): Gate | undefined =>
            x
              ? { lit: new Uint8Array(Buffer.from(x.lit, 'latin1')), fold: x.fold, ...(x.deny ? { deny: bytes(x.deny) } : {}), ...(x.follow ? { follow: bytes(x.follow), followMin: x.followMin! } : {}) }
              : undefined,
          )
        : undefined,
    ),
  };
}

let stored: { key: string; gates: Gates } | null | undefined;

/** The stored gates when `key` is the one they were made for, else undefined. */
export function storedGates(key: string): Gates | undefined {
  if (stored === undefined) {
    try {
      stored = deserializeGates(fs.readFileSync(GATES_FILE, 'utf8'));
    } catch {
      stored = null; // not built (running from sources), or unreadable: work them out
    }
  }
  return stored && stored.key === key ? stored.gates : undefined;
}
