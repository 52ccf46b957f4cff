// The HTML report: one self-contained page (inline CSS, script and JSON data; a CSP that forbids any
// fetch) with summary figures, SVG charts, a sortable and filterable findings table and the rotation plan.
import { createHash } from 'node:crypto';
import { CLIENT_JS } from './html/client.js';
import { htmlData, type HtmlData, type HtmlFinding } from './html/data.js';
import { ISSUE_TRACKER_WEIGHT } from './plan.js';
import { STYLE } from './html/style.js';
import type { Formatter, ReportInput } from './types.js';

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * JSON safe inside a `<script>` element: no `<` at all (so no `</script`, `<!--` or `<script`), and no
 * U+2028/U+2029. JSON.parse reads the `\u` escapes back to the same text.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const sha256 = (s: string): string => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function figures(d: HtmlData): string {
  const s = d.summary;
  const items: Array<[string | number, string]> = [
    [s.findings, 'findings'],
    ...s.bySeverity.map(([sev, n]): [number, string] => [n, sev]),
    [s.locations, 'locations'],
    [s.sources, 'repositories / sources'],
    [s.atHead, 'still at HEAD'],
    [s.files, 'files scanned'],
    [s.megabytes, 'MB scanned'],
  ];
  return `<ul class="figures">${items.map(([n, k]) => `<li><span class="n">${escapeHtml(String(n))}</span><span class="k">${escapeHtml(k)}</span></li>`).join('')}</ul>`;
}

function charts(d: HtmlData): string {
  return `<div class="charts">${d.charts.map((c) =>
    `<figure id="${c.id}" class="chart-box" data-kind="${c.kind}"><figcaption>${escapeHtml(c.title)}</figcaption>` +
    `${c.note ? `<p class="note">${escapeHtml(c.note)}</p>` : ''}</figure>`).join('')}</div>`;
}

const COLUMNS: Array<[string, string]> = [
  ['rank', 'Priority'], ['severity', 'Severity'], ['rule', 'Rule'], ['provider', 'Provider'], ['secret', 'Secret'],
  ['locations', 'Locations'], ['places', 'Places'], ['first', 'First exposed'],
];

function table(d: HtmlData): string {
  const severities = d.summary.bySeverity.filter(([, n]) => n > 0).map(([s]) => `<option value="${s}">${s}</option>`).join('');
  const head = COLUMNS.map(([k, label]) => `<th scope="col" data-key="${k}"><button type="button">${label}</button></th>`).join('');
  return `<div class="controls">
<label>Filter <input type="search" id="filter-text" placeholder="rule, provider, path, author…" autocomplete="off"></label>
<label>Severity <select id="filter-severity"><option value="">all</option>${severities}</select></label>
<span id="findings-count" role="status" aria-live="polite"></span></div>
<table id="findings"><caption class="sub">Click a column header to sort; the expand button shows every location.</caption>
<thead><tr><th scope="col"><span class="sub">Details</span></th>${head}</tr></thead>
<tbody id="findings-body"></tbody></table>
<noscript><p class="empty">The findings table needs JavaScript; the rotation plan below lists every secret.</p></noscript>`;
}

function planItem(f: HtmlFinding): string {
  const docs = f.docs
    ? /^https?:\/\//i.test(f.docs) ? `<a href="${escapeHtml(f.docs)}" rel="noopener noreferrer">${escapeHtml(f.docs)}</a>` : `<code>${escapeHtml(f.docs)}</code>`
    : '';
  return `<li id="plan-${escapeHtml(f.id)}"><h3><span class="sev sev-${f.severity}">${f.severity}</span> ${escapeHtml(f.ruleName)} ` +
    `<span class="meta">(${escapeHtml(f.provider)})</span> <code>${escapeHtml(f.secret.split('\n')[0] ?? '')}</code></h3>` +
    `<div class="meta">${plural(f.locations.length, 'location')}; ${f.places.map((p) => `<span class="place">${escapeHtml(p)}</span>`).join('')}` +
    `${f.validation ? ` ${escapeHtml(f.validation)}` : ''}</div>` +
    `<div>First exposed: ${f.first ? escapeHtml(f.first) : 'no dated location'}</div>` +
    (f.rotation ? `<pre>${escapeHtml(f.rotation)}</pre>` : '<p class="empty">No rotation steps for this rule; revoke it at the issuer.</p>') +
    (docs ? `<div>Docs: ${docs}</div>` : '') + '</li>';
}

function issues(input: ReportInput): string {
  if (input.issues.length === 0) return '';
  const items = input.issues.map((i) => `<li>${i.level === 'note' ? 'note' : 'error'}: <code>${escapeHtml(i.input)}</code>: ${escapeHtml(i.message)}</li>`);
  return `<section aria-labelledby="h-issues"><h2 id="h-issues">Scan problems (${input.issues.length})</h2><ul>${items.join('')}</ul></section>`;
}

export const formatHtml: Formatter = (input) => {
  const d = htmlData(input);
  const csp = `default-src 'none'; style-src ${sha256(STYLE)}; script-src ${sha256(CLIENT_JS)}; img-src data:; base-uri 'none'; form-action 'none'`;
  const secrets = input.showSecrets ? ' <strong>Raw secrets are shown: keep this file private.</strong>' : ' Secrets are redacted.';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>keyhole report: ${plural(d.summary.findings, 'finding')}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>keyhole report</h1>
<p class="sub">${escapeHtml(d.tool.name)} ${escapeHtml(d.tool.version)} · scanned ${plural(d.summary.files, 'file')} (${d.summary.megabytes} MB) in ${d.summary.seconds}s.${secrets}</p></header>
<main>
<section aria-labelledby="h-summary"><h2 id="h-summary">Summary</h2>${figures(d)}</section>
<section aria-labelledby="h-charts"><h2 id="h-charts">Charts</h2>${charts(d)}</section>
<section aria-labelledby="h-findings"><h2 id="h-findings">Findings</h2>${table(d)}</section>
<section aria-labelledby="h-plan"><h2 id="h-plan">Rotation plan</h2>
<p class="sub">Most urgent first: severity, structurally valid before unknown, still present before history only, more places (an issue-tracker place counts ${ISSUE_TRACKER_WEIGHT} times), exposed longer.</p>
${d.findings.length > 0 ? `<ol class="plan">${d.findings.map(planItem).join('\n')}</ol>` : '<p class="empty">No secrets found.</p>'}</section>
${issues(input)}
</main>
<footer>Generated by keyhole. This file is self-contained and makes no network requests.</footer>
<script type="application/json" id="keyhole-data">${scriptJson(d)}</script>
<script>${CLIENT_JS}</script>
</body>
</html>
`;
};
