// Jira XML backups (entities.xml), read as a stream: issue summary/description/environment, comments and custom text fields.
import { StringDecoder } from 'node:string_decoder';
import { lazyPackage } from '../../core/lazy.js';

const sax = lazyPackage<typeof import('sax')>('sax');
import type { Match } from '../../core/types.js';
import { headText, type Analyzer, type AnalyzerContext } from '../../detect/analyzers/types.js';
import { scanField } from './fields.js';

interface Pending {
  issueId: string;
  field: string;
  text: string;
  author?: string;
  date?: string;
}

const TEXT_CHILDREN = new Set(['description', 'environment', 'summary', 'body', 'stringvalue', 'textvalue']);

export const jiraXml: Analyzer = {
  name: 'jira-xml',
  streaming: true,
  exclusive: true,
  applies: (path, head) => /(?:^|[\\/!])entities\.xml$/i.test(path) || (/\.xml$/i.test(path) && /<entity-engine-xml\b/.test(headText(head))),
  analyze(ctx: AnalyzerContext): Match[] {
    const keys = new Map<string, string>(); // issue id -> key
    const projects = new Map<string, string>(); // project id -> key
    const issueParts = new Map<string, { project?: string; number?: string }>();
    const out: { issueId: string; matches: Match[] }[] = [];
    const scan = (p: Pending): void => {
      const matches = scanField(ctx, p.text, { kind: 'jira', issue: p.issueId, field: p.field, ...(p.author ? { author: p.author } : {}), ...(p.date ? { date: p.date } : {}) });
      if (matches.length) out.push({ issueId: p.issueId, matches });
    };
    const parser = sax().parser(true, { trim: false, normalize: false });
    let open: { entity: string; attrs: Record<string, string> } | undefined;
    let child: { name: string; text: string } | undefined;
    const place = (entity: string, a: Record<string, string>, name: string): Pending | undefined => {
      if (entity === 'Issue') return { issueId: a['id'] ?? '?', field: name, text: '', ...(a['reporter'] ? { author: a['reporter'] } : {}), ...(a['created'] ? { date: a['created'] } : {}) };
      if (entity === 'Action' && (a['type'] ?? 'comment') === 'comment' && name === 'body') return { issueId: a['issue'] ?? '?', field: `comment:${a['id'] ?? '?'}`, text: '', ...(a['author'] ? { author: a['author'] } : {}), ...(a['created'] ? { date: a['created'] } : {}) };
      if (entity === 'CustomFieldValue' && (name === 'stringvalue' || name === 'textvalue')) return { issueId: a['issue'] ?? '?', field: `customfield_${a['customfield'] ?? '?'}`, text: '' };
      return undefined;
    };
    parser.onopentag = (node) => {
      const attrs = node.attributes as Record<string, string>;
      if (!open) {
        open = { entity: node.name, attrs };
        if (node.name === 'Project' && attrs['id'] && attrs['key']) projects.set(attrs['id'], attrs['key']);
        if (node.name === 'Issue' && attrs['id']) {
          if (attrs['key']) keys.set(attrs['id'], attrs['key']);
          issueParts.set(attrs['id'], { ...(attrs['project'] ? { project: attrs['project'] } : {}), ...(attrs['number'] ? { number: attrs['number'] } : {}) });
        }
        for (const name of TEXT_CHILDREN) {
          const p = attrs[name] !== undefined ? place(node.name, attrs, name) : undefined;
          if (p) scan({ ...p, text: attrs[name]! });
        }
        if (node.isSelfClosing) open = undefined;
      } else if (TEXT_CHILDREN.has(node.name)) child = { name: node.name, text: '' };
    };
    parser.ontext = (t) => { if (child) child.text += t; };
    parser.oncdata = (t) => { if (child) child.text += t; };
    parser.onclosetag = (name) => {
      if (child && name === child.name && open) {
        const p = place(open.entity, open.attrs, child.name);
        if (p) scan({ ...p, text: child.text });
        child = undefined;
      } else if (open && name === open.entity) open = undefined;
    };
    // Only the root element may be open at depth 0 of our tracking: treat its children as entities.
    let rootSeen = false;
    const onopen = parser.onopentag;
    parser.onopentag = (node) => { if (!rootSeen) { rootSeen = true; return; } onopen(node); };
    let failed: Error | undefined;
    parser.onerror = (err) => { failed = err; };
    const decoder = new StringDecoder('utf8');
    for (let pos = 0; pos < ctx.input.size && !failed; pos += 1 << 20) parser.write(decoder.write(Buffer.from(ctx.input.read(pos, 1 << 20))));
    if (!failed) parser.close();
    if (failed) ctx.report('JIRA_XML_CORRUPT', `XML error (the rest is not read): ${failed.message.split('\n')[0]}`);
    const keyOf = (id: string): string => {
      const k = keys.get(id);
      if (k) return k;
      const p = issueParts.get(id);
      const proj = p?.project ? projects.get(p.project) : undefined;
      return proj && p?.number ? `${proj}-${p.number}` : `issue#${id}`;
    };
    return out.flatMap(({ issueId, matches }) => matches.map((m) => (m.inner?.kind === 'jira' ? { ...m, inner: { ...m.inner, issue: keyOf(issueId) } } : m)));
  },
};
