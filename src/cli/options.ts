// Parses and checks option values (sizes, job counts, formats) into frozen settings.
import os from 'node:os';
import { KeyholeError } from '../core/errors.js';
import type { FormatName } from '../report/index.js';

export const FORMATS: readonly FormatName[] = ['text', 'json', 'jsonl', 'sarif', 'csv', 'html', 'plan'];

/** "100M", "2g", "512k", "1048576" -> bytes. */
export function parseSize(text: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?$/i.exec(text.trim());
  if (!m) throw new KeyholeError('USAGE', `${flag}: "${text}" is not a size (try 100M, 2G, 512K)`);
  const mult = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  return Math.floor(Number(m[1]) * mult);
}

export function parseJobs(text: string | undefined): number {
  if (text === undefined) return os.availableParallelism();
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new KeyholeError('USAGE', `--jobs: "${text}" is not a whole number from 1 to 256`);
  return n;
}

export function parseFormat(text: string): FormatName {
  if (!FORMATS.includes(text as FormatName)) throw new KeyholeError('USAGE', `--format: "${text}" is not one of ${FORMATS.join(', ')}`);
  return text as FormatName;
}
