// The built-in rules' prefilter, built once by `npm run build` and stored beside the rule bundle, so a
// scan worker loads its tables (a few milliseconds) instead of building the automaton (about 45 ms).
// Used only when a rule set's keywords are exactly the built-in ones, in the same order.
import fs from 'node:fs';
import type { Prefilter } from './prefilter.js';
import { distUrl } from '../core/assets.js';

export const PREFILTER_FILE = distUrl('rules/builtin/prefilter.json');

/** Bumped whenever the automaton's layout or construction changes: an older file is ignored. */
const FORMAT = 1;

interface Stored {
  format: number;
  keywords: string[];
  classOf: string;
  width: number;
  shift: number;
  delta: string;
  deltaType: 'u16' | 'i32';
  firstOutput: number;
  /** outputs flattened: [count, ...keyword indexes] per output state. */
  outputs: number[];
  maxKeyword: number;
}

const b64 = (a: ArrayBufferView): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

function bytesOf(s: string): ArrayBuffer {
  const b = Buffer.from(s, 'base64');
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

export function serializePrefilter(pf: Prefilter): string {
  const stored: Stored = {
    format: FORMAT,
    keywords: [...pf.keywords],
    classOf: b64(pf.classOf),
    width: pf.width,
    shift: pf.shift,
    delta: b64(pf.delta),
    deltaType: pf.delta instanceof Uint16Array ? 'u16' : 'i32',
    firstOutput: pf.firstOutput,
    outputs: pf.outputs.flatMap((o) => [o.length, ...o]),
    maxKeyword: pf.maxKeyword,
  };
  return JSON.stringify(stored);
}

export function deserializePrefilter(text: string): Prefilter {
  const s = JSON.parse(text) as Stored;
  if (s.format !== FORMAT) throw new Error(`prefilter file format ${s.format}, expected ${FORMAT}`);
  const outputs: Int32Array[] = [];
  for (let i = 0; i < s.outputs.length; ) {
    const n = s.outputs[i]!;
    outputs.push(Int32Array.from(s.outputs.slice(i + 1, i + 1 + n)));
    i += n + 1;
  }
  return {
    keywords: s.keywords,
    classOf: new Uint8Array(bytesOf(s.classOf)),
    width: s.width,
    shift: s.shift,
    delta: s.deltaType === 'u16' ? new Uint16Array(bytesOf(s.delta)) : new Int32Array(bytesOf(s.delta)),
    firstOutput: s.firstOutput,
    outputs,
    maxKeyword: s.maxKeyword,
    lengths: Int32Array.from(s.keywords, (k) => Buffer.byteLength(k, 'latin1')),
  };
}

let stored: Prefilter | null | undefined;

/** The stored prefilter when `keywords` are exactly its keywords, else undefined. */
export function storedPrefilter(keywords: readonly string[]): Prefilter | undefined {
  if (stored === undefined) {
    try {
      stored = deserializePrefilter(fs.readFileSync(PREFILTER_FILE, 'utf8'));
    } catch {
      stored = null; // not built (running from sources), or unreadable: build it
    }
  }
  if (!stored || stored.keywords.length !== keywords.length) return undefined;
  for (let i = 0; i < keywords.length; i++) if (stored.keywords[i] !== keywords[i]) return undefined;
  return stored;
}
