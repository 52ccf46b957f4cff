// Terraform HCL (.tf): literal defaults of variables that hold secrets (by name or `sensitive = true`); the rules see the rest.
import type { Match } from '../../core/types.js';
import { keyIsNotSecret, looksLikeCredential } from '../filters.js';
import { makeMatch } from './match.js';
import type { Analyzer, AnalyzerContext } from './types.js';

const SECRET_NAME = /pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|private[_-]?key|access[_-]?key|auth[_-]?key|credential|connection[_-]?string/i;

/** The text of the block that opens at `open` (a `{`), by brace depth, skipping quoted strings. */
function blockEnd(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  return text.length;
}

export const terraformHcl: Analyzer = {
  name: 'terraform-hcl',
  applies: (path) => /\.tf$/i.test(path),
  analyze(ctx: AnalyzerContext): Match[] {
    if (!ctx.bytes) return [];
    const text = Buffer.from(ctx.bytes.buffer, ctx.bytes.byteOffset, ctx.bytes.byteLength).toString('latin1');
    const out: Match[] = [];
    const head = /\bvariable\s+"([^"]{1,100})"\s*\{/g;
    let m: RegExpExecArray | null;
    while ((m = head.exec(text)) !== null) {
      const name = m[1]!;
      const open = m.index + m[0].length - 1;
      const end = blockEnd(text, open);
      const body = text.slice(open, end);
      head.lastIndex = end;
      const sensitive = /\bsensitive\s*=\s*true\b/.test(body);
      if (!sensitive && (!SECRET_NAME.test(name) || keyIsNotSecret(name))) continue;
      const d = /\bdefault\s*=\s*"((?:[^"\\\r\n]|\\.){1,300})"/.exec(body);
      if (!d || d[1]!.includes('${') || !looksLikeCredential(d[1]!)) continue;
      const start = open + d.index + d[0].indexOf('"') + 1;
      const value = Buffer.from(d[1]!, 'latin1').toString('utf8');
      const match = makeMatch(ctx, 'terraform-variable-default', value, ctx.bytes, start, start + d[1]!.length, { detail: `variable.${name}` });
      if (match) out.push(match);
    }
    return out;
  },
};
