// Classification markings (CONFIDENTIAL, EXPORT CONTROLLED, ...) in document text: a "confidential document" finding per document.
import { createHash } from 'node:crypto';
import type { Match } from '../../core/types.js';
import { makeMatch } from './match.js';
import type { Analyzer, AnalyzerContext } from './types.js';

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '[ _-]?');
const LABEL = /^(?:[#>*/|\s-]*)(?:classification|classified|marking|handling|distribution|security level)\s*:/i;

/** The first line of `text` that carries a marking as a banner: the marking in capitals on a line with no lower-case prose. */
export function findMarking(text: string, markings: readonly string[]): { marking: string; index: number; line: string } | undefined {
  if (markings.length === 0) return undefined;
  const sorted = [...markings].sort((a, b) => b.length - a.length);
  const re = new RegExp(`(?<![A-Za-z0-9_])(${sorted.map(esc).join('|')})(?![A-Za-z0-9_])`, 'gi');
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const ls = text.lastIndexOf('\n', m.index) + 1;
    const le0 = text.indexOf('\n', m.index);
    const le = le0 < 0 ? text.length : le0;
    const line = text.slice(ls, le).trim();
    if (line.length > 160) continue;
    const letters = line.replace(/[^A-Za-z]/g, '');
    const upper = letters.replace(/[^A-Z]/g, '').length;
    const banner = m[1] === m[1]!.toUpperCase() && upper / Math.max(1, letters.length) >= 0.8;
    if (banner || LABEL.test(line)) {
      return { marking: sorted.find((k) => new RegExp(`^${esc(k)}$`, 'i').test(m![1]!)) ?? m[1]!.toUpperCase(), index: m.index, line };
    }
  }
  return undefined;
}

/** The finding for a marked document: the secret is the marking and a hash of the path, so each document is its own finding. */
export function markingMatch(ctx: AnalyzerContext, text: string, extra: { inner?: Match['inner']; detail?: string } = {}): Match | undefined {
  const found = findMarking(text, ctx.settings.markings);
  if (!found) return undefined;
  const bytes = Buffer.from(text, 'utf8');
  const start = Buffer.byteLength(text.slice(0, found.index));
  const hash = createHash('sha256').update(ctx.path).digest('hex').slice(0, 12);
  return makeMatch(ctx, 'confidential-document', `${found.marking} [${hash}]`, bytes, start, start + Buffer.byteLength(found.marking), {
    ...extra,
    detail: `marked "${found.line.slice(0, 120)}"${extra.detail ? `; ${extra.detail}` : ''}`,
  });
}

const TEXT_DOC = /\.(?:md|markdown|txt|text|rst|adoc|asciidoc|org|rtf|tex|html?)$/i;

/** Markings in plain-text documents (not source code: code mentions SECRET for other reasons). */
export const textMarkings: Analyzer = {
  name: 'document-markings',
  applies: (path) => TEXT_DOC.test(path),
  analyze(ctx: AnalyzerContext): Match[] {
    if (!ctx.bytes || ctx.bytes.length > ctx.settings.maxTextBytes) return [];
    const m = markingMatch(ctx, Buffer.from(ctx.bytes.buffer, ctx.bytes.byteOffset, ctx.bytes.byteLength).toString('utf8'));
    return m ? [m] : [];
  },
};
