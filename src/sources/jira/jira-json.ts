// Jira REST exports (/rest/api/2/search and /rest/api/3/search pages, single issues): each issue field scanned on its own.
import type { Match } from '../../core/types.js';
import { headText, type Analyzer, type AnalyzerContext } from '../../detect/analyzers/types.js';
import { fieldText, scanField } from './fields.js';
import { parseJsonBlob } from '../../detect/analyzers/json.js';

interface JiraComment {
  id?: string;
  body?: unknown;
  author?: { displayName?: string; name?: string; emailAddress?: string };
  created?: string;
  updated?: string;
}

interface JiraIssue {
  key?: string;
  fields?: Record<string, unknown> & { comment?: { comments?: JiraComment[] }; reporter?: { displayName?: string }; created?: string };
}

const SKIP = new Set(['comment', 'worklog', 'attachment', 'issuelinks', 'subtasks', 'status', 'priority', 'issuetype', 'project', 'reporter', 'assignee', 'creator', 'votes', 'watches', 'progress', 'aggregateprogress', 'timetracking', 'fixVersions', 'versions', 'components', 'resolution', 'security', 'statuscategorychangedate', 'lastViewed', 'created', 'updated', 'resolutiondate', 'duedate']);

const looksLikeExport = (head: string): boolean => /"issues"\s*:\s*\[/.test(head) || (/"key"\s*:\s*"[A-Z][A-Z0-9_]+-\d+"/.test(head) && /"fields"\s*:/.test(head));

export function issueMatches(ctx: AnalyzerContext, issue: JiraIssue): Match[] {
  const key = issue.key ?? '?';
  const f = issue.fields ?? {};
  const out: Match[] = [];
  const reporter = f.reporter?.displayName;
  const created = typeof f.created === 'string' ? f.created : undefined;
  for (const [name, value] of Object.entries(f)) {
    if (SKIP.has(name)) continue;
    const text = fieldText(value);
    if (text) out.push(...scanField(ctx, text, { kind: 'jira', issue: key, field: name, ...(reporter ? { author: reporter } : {}), ...(created ? { date: created } : {}) }));
  }
  for (const c of f.comment?.comments ?? []) {
    const text = fieldText(c.body);
    const author = c.author?.displayName ?? c.author?.name;
    if (text) out.push(...scanField(ctx, text, { kind: 'jira', issue: key, field: `comment:${c.id ?? '?'}`, ...(author ? { author } : {}), ...(c.created ? { date: c.created } : {}) }));
  }
  return out;
}

export const jiraJson: Analyzer = {
  name: 'jira-json',
  exclusive: true,
  applies: (path, head) => /\.json$/i.test(path) && looksLikeExport(headText(head)),
  analyze(ctx: AnalyzerContext): Match[] {
    if (!ctx.bytes || ctx.bytes.length > ctx.settings.maxTextBytes) return [];
    const doc = parseJsonBlob<{ issues?: JiraIssue[] } & JiraIssue>(ctx, ctx.bytes, 'JIRA_UNREADABLE', 'looks like a Jira export but is not valid JSON');
    if (!doc) return [];
    const issues = Array.isArray(doc.issues) ? doc.issues : doc.key && doc.fields ? [doc] : [];
    return issues.flatMap((i) => issueMatches(ctx, i));
  },
};
