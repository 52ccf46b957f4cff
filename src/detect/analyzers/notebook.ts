// Jupyter notebooks: each code/markdown cell and each output, JSON-decoded, scanned on its own and placed back on the file's line.
import type { Match } from '../../core/types.js';
import { indexOfJsonString, linesOf } from './match.js';
import type { Analyzer, AnalyzerContext } from './types.js';
import { parseJsonBlob } from './json.js';

interface Cell {
  cell_type?: string;
  source?: string | string[];
  outputs?: { text?: string | string[]; data?: Record<string, string | string[]>; traceback?: string[] }[];
}

const join = (v: string | string[] | undefined): string => (Array.isArray(v) ? v.join('') : v ?? '');

export const notebooks: Analyzer = {
  name: 'notebook',
  exclusive: true,
  applies: (path) => /\.ipynb$/i.test(path),
  analyze(ctx: AnalyzerContext): Match[] {
    if (!ctx.bytes || ctx.bytes.length > ctx.settings.maxTextBytes) return [];
    const nb = parseJsonBlob<{ cells?: Cell[]; worksheets?: { cells?: Cell[] }[] }>(ctx, ctx.bytes, 'NOTEBOOK_UNREADABLE');
    if (!nb) return [];
    const bytes = ctx.bytes;
    const lines = linesOf(bytes);
    const cells = nb.cells ?? nb.worksheets?.flatMap((w) => w.cells ?? []) ?? [];
    const out: Match[] = [];
    let cursor = 0;
    cells.forEach((cell, ci) => {
      const parts: [string, string][] = [[`cell ${ci + 1} (${cell.cell_type ?? 'code'})`, join(cell.source)]];
      (cell.outputs ?? []).forEach((o, oi) => {
        const text = [join(o.text), ...Object.entries(o.data ?? {}).filter(([k]) => k.startsWith('text/') || k.endsWith('json')).map(([, v]) => join(v)), ...(o.traceback ?? [])].join('\n');
        if (text) parts.push([`cell ${ci + 1} output ${oi + 1}`, text]);
      });
      for (const [detail, text] of parts) {
        for (const m of ctx.scanText(text)) {
          // The secret's JSON-escaped form in the file, searched from the previous find: the real line.
          const at = indexOfJsonString(bytes, m.secret, cursor);
          if (at) cursor = at.start;
          const start = at?.start ?? 0;
          const end = at?.end ?? 0;
          out.push({ ...m, start, end, ...lines.position(start), context: lines.context(start, Math.max(end, start + 1)), detail });
        }
      }
    });
    return out;
  },
};
