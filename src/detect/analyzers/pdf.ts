// PDF documents: page text (pdf.js, in a helper thread) scanned for credentials and classification markings.
import type { Match } from '../../core/types.js';
import { markingMatch } from './markings.js';
import { relocate } from './match.js';
import { PdfError, pdfPages } from './pdf-text.js';
import type { Analyzer, AnalyzerContext } from './types.js';

const isPdf = (h: Uint8Array): boolean => h.length >= 5 && Buffer.from(h.buffer, h.byteOffset, 5).toString('latin1') === '%PDF-';

export const pdfDocuments: Analyzer = {
  name: 'pdf',
  binary: true,
  applies: (_path, head) => isPdf(head),
  analyze(ctx: AnalyzerContext): Match[] {
    if (!ctx.bytes) {
      ctx.report('PDF_TOO_LARGE', `${ctx.input.size} bytes: too large to read whole, not scanned`);
      return [];
    }
    let pages: string[];
    try {
      pages = pdfPages(ctx.bytes, ctx.settings.pdfTimeoutMs);
    } catch (err) {
      ctx.report(err instanceof PdfError ? err.code : 'PDF_UNREADABLE', `cannot read the PDF: ${(err as Error).message}`);
      return [];
    }
    const out: Match[] = [];
    let marked = false;
    pages.forEach((text, i) => {
      const bytes = Buffer.from(text, 'utf8');
      const detail = `page ${i + 1}`;
      out.push(...relocate(ctx.scanText(text), bytes, 0, bytes.length, { detail }));
      if (!marked) {
        const m = markingMatch(ctx, text, { detail });
        if (m) { out.push(m); marked = true; }
      }
    });
    return out;
  },
};
