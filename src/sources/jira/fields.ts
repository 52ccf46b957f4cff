// Jira field text: Atlassian Document Format (v3) walked to plain text, and scanning one field into jira-placed matches.
import type { Inner, Match } from '../../core/types.js';
import type { AnalyzerContext } from '../../detect/analyzers/types.js';

interface AdfNode {
  type?: string;
  text?: string;
  attrs?: Record<string, unknown>;
  content?: AdfNode[];
}

const BLOCK = new Set(['paragraph', 'heading', 'codeBlock', 'blockquote', 'listItem', 'tableRow', 'rule', 'panel', 'mediaSingle', 'expand', 'nestedExpand', 'decisionItem', 'taskItem']);

/** Plain text of an ADF document: text nodes, mentions, emoji and link targets; blocks end with a newline. */
export function adfText(node: unknown): string {
  const out: string[] = [];
  const walk = (n: AdfNode): void => {
    if (!n || typeof n !== 'object') return;
    if (n.type === 'text' && typeof n.text === 'string') out.push(n.text);
    else if (n.type === 'hardBreak') out.push('\n');
    else if (n.type === 'mention' || n.type === 'emoji' || n.type === 'status') out.push(String(n.attrs?.['text'] ?? n.attrs?.['shortName'] ?? ''));
    else if (n.type === 'inlineCard' || n.type === 'blockCard') out.push(String(n.attrs?.['url'] ?? ''));
    if (n.type === 'tableCell' || n.type === 'tableHeader') out.push('\t');
    for (const c of n.content ?? []) walk(c);
    if (n.type && BLOCK.has(n.type)) out.push('\n');
  };
  walk(node as AdfNode);
  return out.join('');
}

/** A field's value as text: a string, an ADF document, or a select option ({ value }); otherwise nothing. */
export function fieldText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object') {
    const o = v as { type?: string; value?: unknown; content?: unknown };
    if (o.type === 'doc' && Array.isArray(o.content)) return adfText(o);
    if (typeof o.value === 'string') return o.value;
  }
  return undefined;
}

/** Scans one field's text; every match is placed in the issue's field (line and column count within the field). */
export function scanField(ctx: AnalyzerContext, text: string, place: Extract<Inner, { kind: 'jira' }>): Match[] {
  if (!text || text.length < 8) return [];
  const inner: Inner = { kind: 'jira', issue: place.issue, field: place.field, ...(place.author ? { author: place.author } : {}), ...(place.date ? { date: place.date } : {}) };
  return ctx.scanText(text).map((m) => ({ ...m, inner }));
}
