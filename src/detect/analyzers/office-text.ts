// Office documents (DOCX, XLSX, PPTX, ODT/ODS/ODP): text of the XML parts, scanned for credentials and classification markings.
import type { Match } from '../../core/types.js';
import { centralEntries, readEntry } from '../../sources/archive/zip.js';
import { markingMatch } from './markings.js';
import { relocate } from './match.js';
import type { Analyzer, AnalyzerContext } from './types.js';

const TEXT_PART = /^(?:word\/(?:document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml|xl\/sharedStrings\.xml|xl\/worksheets\/[^/]+\.xml|ppt\/(?:slides|notesSlides)\/[^/]+\.xml|content\.xml)$/;

/** A part whose text the document analyzer reads (the archive analyzer leaves it alone). */
export const isOfficeTextPart = (name: string): boolean => TEXT_PART.test(name);

export const isOfficeZip = (names: string[]): boolean =>
  (names.includes('[Content_Types].xml') && names.some((n) => /^(?:word|xl|ppt)\//.test(n))) || (names.includes('mimetype') && names.includes('content.xml'));

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Text of an office XML part: paragraphs and rows become lines, cells and tabs become tabs, tags go. */
export function xmlText(xml: string): string {
  return xml
    .replace(/<(?:w:tab|text:tab)\b[^>]*\/>|<\/(?:c|w:tc|a:tc|table:table-cell)>/g, '\t')
    .replace(/<(?:w:br|w:cr|text:line-break)\b[^>]*\/>|<\/(?:w:p|a:p|text:p|text:h|row|si|w:tr|a:tr|table:table-row)>/g, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) =>
      e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : ENTITIES[e] ?? m);
}

export const officeDocuments: Analyzer = {
  name: 'office-document',
  binary: true,
  streaming: true,
  applies: (path, head) => /\.(?:docx|docm|dotx|xlsx|xlsm|pptx|pptm|odt|ods|odp)$/i.test(path) && head[0] === 0x50 && head[1] === 0x4b,
  analyze(ctx: AnalyzerContext): Match[] {
    const out: Match[] = [];
    let marked = false;
    for (const e of centralEntries(ctx.input)) {
      if (!isOfficeTextPart(e.name)) continue;
      if (e.size > ctx.settings.maxMemberBytes) {
        ctx.report('MEMBER_TOO_LARGE', `${e.size} bytes of XML: not read`, e.name);
        continue;
      }
      const text = xmlText(Buffer.from(readEntry(ctx.input, e, e.size)).toString('utf8'));
      const bytes = Buffer.from(text, 'utf8');
      const inner = { kind: 'archive' as const, member: e.name };
      out.push(...relocate(ctx.scanText(text), bytes, 0, bytes.length, { inner }));
      if (!marked) {
        const m = markingMatch(ctx, text, { inner });
        if (m) { out.push(m); marked = true; }
      }
    }
    return out;
  },
};
