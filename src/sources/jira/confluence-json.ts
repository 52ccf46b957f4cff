// Confluence REST exports (/rest/api/content with body.storage, single pages or result pages): each page's body scanned on its own.
import type { Match } from '../../core/types.js';
import { headText, type Analyzer, type AnalyzerContext } from '../../detect/analyzers/types.js';
import { scanField } from './fields.js';
import { parseJsonBlob } from '../../detect/analyzers/json.js';

interface ConfluencePage {
  id?: string;
  type?: string;
  title?: string;
  body?: { storage?: { value?: unknown }; view?: { value?: unknown } };
  version?: { by?: { displayName?: string; publicName?: string }; when?: string };
  history?: { createdBy?: { displayName?: string }; createdDate?: string };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * Text of Confluence storage format (XHTML with ac:/ri: macros): CDATA kept as is (code macros),
 * block elements end lines, tags dropped, entities decoded.
 */
export function storageText(xhtml: string): string {
  return xhtml
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_m, body: string) => `\n${body.replace(/[<&]/g, (c) => (c === '<' ? '\u0001' : '\u0002'))}\n`)
    .replace(/<\/(?:p|div|li|tr|h[1-6]|pre|blockquote|ac:plain-text-body|ac:rich-text-body)>|<br\s*\/?>/gi, '\n')
    .replace(/<\/t[dh]>/gi, '\t')
    .replace(/<[^>]{0,2000}>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) =>
      e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : ENTITIES[e.toLowerCase()] ?? all,
    )
    .replace(/\u0001/g, '<')
    .replace(/\u0002/g, '&');
}

const looksLikeConfluence = (head: string): boolean => /"(?:storage|body)"\s*:/.test(head) && /"type"\s*:\s*"(?:page|blogpost|comment)"/.test(head);

function pageMatches(ctx: AnalyzerContext, page: ConfluencePage): Match[] {
  const raw = page.body?.storage?.value ?? page.body?.view?.value;
  if (typeof raw !== 'string') return [];
  const author = page.version?.by?.displayName ?? page.version?.by?.publicName ?? page.history?.createdBy?.displayName;
  const date = page.version?.when ?? page.history?.createdDate;
  // A page is placed like an issue field: "page <id>", field "body (<title>)".
  return scanField(ctx, storageText(raw), {
    kind: 'jira',
    issue: `${page.type ?? 'page'} ${page.id ?? '?'}`,
    field: `body (${page.title ?? 'untitled'})`,
    ...(author ? { author } : {}),
    ...(date ? { date } : {}),
  });
}

export const confluenceJson: Analyzer = {
  name: 'confluence-json',
  exclusive: true,
  applies: (path, head) => /\.json$/i.test(path) && looksLikeConfluence(headText(head)),
  analyze(ctx: AnalyzerContext): Match[] {
    if (!ctx.bytes || ctx.bytes.length > ctx.settings.maxTextBytes) return [];
    const doc = parseJsonBlob<{ results?: ConfluencePage[] } & ConfluencePage>(ctx, ctx.bytes, 'CONFLUENCE_UNREADABLE', 'looks like a Confluence export but is not valid JSON');
    if (!doc) return [];
    const pages = Array.isArray(doc.results) ? doc.results : doc.body ? [doc] : [];
    return pages.flatMap((p) => pageMatches(ctx, p));
  },
};
