// HTML report, without a browser: self-contained, redacted, script-safe data, and the chart series.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALL_SECRETS, API_TOKEN, AWS_KEY, sampleInput } from './fixtures/findings.js';
import { HOSTILE_CONTEXT, hostileFinding } from './fixtures/hostile.js';
import { escapeHtml, formatHtml, scriptJson } from './html.js';
import { htmlData, sourceOf, timeBars, topBars, type HtmlData } from './html/data.js';

const embedded = (html: string): HtmlData => {
  const m = /<script type="application\/json" id="keyhole-data">([^]*?)<\/script>/.exec(html);
  assert.ok(m, 'no data block');
  return JSON.parse(m[1]!) as HtmlData;
};

describe('formatHtml', () => {
  const html = formatHtml(sampleInput(false));

  it('is one self-contained page: no external scripts, styles, fonts or URLs fetched', () => {
    assert.match(html, /^<!doctype html>/);
    assert.doesNotMatch(html, /<(script|link|img|iframe)[^>]+(src|href)=/i);
    assert.doesNotMatch(html, /@import|url\(|@font-face/i);
    assert.match(html, /http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-/);
  });

  it('embeds every finding, in plan order, with no raw secret', () => {
    const d = embedded(html);
    assert.deepEqual(d.findings.map((f) => f.severity), ['critical', 'high', 'medium', 'low']);
    assert.equal(d.summary.findings, 4);
    assert.equal(d.summary.locations, 8);
    assert.equal(d.summary.atHead, 1);
    for (const s of ALL_SECRETS) assert.ok(!html.includes(s) && !html.includes(escapeHtml(s)), `leaked ${s.slice(0, 10)}`);
    const shown = formatHtml(sampleInput(true));
    assert.ok(shown.includes(AWS_KEY) && shown.includes(API_TOKEN));
    assert.match(shown, /Raw secrets are shown/);
  });

  it('has the rotation plan section, one entry per secret with its docs link', () => {
    assert.match(html, /<h2 id="h-plan">Rotation plan<\/h2>/);
    assert.equal(html.match(/<li id="plan-/g)?.length, 4);
    assert.match(html, /First exposed: 2023-04-05T10:11:12Z in commit a1b2c3d by Dana Dev &#60;dana@example\.com&#62;/);
    assert.match(html, /<a href="https:\/\/docs\.aws\.amazon\.com\/IAM\/latest\/UserGuide\/id_credentials_access-keys\.html"/);
  });

  it('keeps a hostile context line inside the JSON block', () => {
    const input = { ...sampleInput(true), findings: [...sampleInput(true).findings, hostileFinding()] };
    const out = formatHtml(input);
    assert.equal(out.match(/<\/script/gi)?.length, 2, 'only the data block and the script close a script element');
    assert.ok(!out.includes('<!--'));
    assert.ok(!out.includes('<img src=x'));
    const d = embedded(out);
    assert.equal(d.findings.find((f) => f.id === 'f5hostile')?.locations[0]?.context, HOSTILE_CONTEXT);
  });

  it('escapes U+2028 and U+2029 in the data', () => {
    assert.equal(scriptJson({ a: '\u2028</script>&' }), '{"a":"\\u2028\\u003c/script\\u003e\\u0026"}');
  });

  it('renders an empty scan', () => {
    const out = formatHtml({ ...sampleInput(false), findings: [], issues: [] });
    assert.match(out, /No secrets found\./);
    assert.deepEqual(embedded(out).charts.map((c) => c.bars.length), [0, 0, 0, 0]);
  });
});

describe('chart data', () => {
  const d = htmlData(sampleInput(false));
  const chart = (id: string) => d.charts.find((c) => c.id === id)!;

  it('counts secrets by the month they were first exposed, gaps included', () => {
    const time = chart('chart-time');
    assert.equal(time.bars[0]?.label, '2022-02');
    assert.equal(time.bars.at(-1)?.label, '2024-01');
    assert.equal(time.bars.length, 24);
    assert.equal(time.bars.reduce((n, b) => n + b.value, 0), 3);
    assert.match(time.note ?? '', /^1 with no dated location/);
    assert.deepEqual(timeBars([Date.UTC(2023, 11, 31), Date.UTC(2024, 1, 1)]).map((b) => b.label), ['2023-12', '2024-01', '2024-02']);
  });

  it('counts by provider, by source and by place', () => {
    assert.deepEqual(chart('chart-provider').bars, [{ label: 'generic', value: 2 }, { label: '+provider', value: 1 }, { label: 'aws', value: 1 }]);
    assert.ok(chart('chart-source').bars.some((b) => b.label === '/srv/repos/app.git'));
    assert.deepEqual(chart('chart-place').bars.map((b) => b.label), ['HEAD', 'history', 'archive', 'issue tracker', 'file']);
    const many = Array.from({ length: 20 }, (_, i) => ({ label: `r${i}`, value: 1 }));
    assert.deepEqual(topBars(many).at(-1), { label: '9 others', value: 9 });
    assert.equal(topBars(many).length, 12);
  });

  it('names the source of a location', () => {
    const at = (provenance: Parameters<typeof sourceOf>[0]['provenance']) => sourceOf({ provenance, line: 1, column: 1, start: 0, end: 1, context: '' });
    assert.equal(at({ kind: 'file', path: 'config/prod.env' }), 'config');
    assert.equal(at({ kind: 'file', path: '/srv/data/x.env' }), '/srv');
    assert.equal(at({ kind: 'file', path: 'x.env' }), '.');
    assert.equal(at({ kind: 'jira', path: 'jira.json', issue: 'A-1', field: 'description' }), 'jira.json');
  });
});
