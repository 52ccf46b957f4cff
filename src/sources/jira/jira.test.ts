// Jira export tests: REST v2 pages, v3 ADF bodies and entities.xml, each match placed in its issue and field.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deep } from '../../detect/analyzers/testing.js';

const TOKEN = 'Ariane66*Ub3Ykw';
const place = (r: ReturnType<typeof deep>): string[] =>
  r.matches.map((m) => (m.inner?.kind === 'jira' ? `${m.inner.issue} ${m.inner.field} ${m.inner.author ?? ''} ${m.inner.date ?? ''} ${m.line}:${m.column}` : `file ${m.line}`)).sort();

test('REST v2 search page: description and each comment are their own place; the raw file match is not doubled', () => {
  const page = { startAt: 0, total: 1, issues: [{ key: 'GSEG-117', fields: {
    summary: 'Access for the archive team', created: '2025-03-01T10:00:00.000+0000', reporter: { displayName: 'M. Rossi' },
    description: `Temporary password for svc-archive is ${TOKEN} — change on first login.`,
    customfield_10010: `second line\nthe password was set to ${TOKEN}x`,
    comment: { comments: [{ id: '20000', author: { displayName: 'J. Weber' }, created: '2025-03-10T12:00:00.000+0000', body: `Authorization: Bearer q8L2zWx7Kp4Rt6YvB3nM9cD1` }] },
  } }] };
  const r = deep('jira/search-page-1.json', JSON.stringify(page, null, 2));
  assert.deepEqual(place(r), [
    'GSEG-117 comment:20000 J. Weber 2025-03-10T12:00:00.000+0000 1:23',
    'GSEG-117 customfield_10010 M. Rossi 2025-03-01T10:00:00.000+0000 2:25',
    'GSEG-117 description M. Rossi 2025-03-01T10:00:00.000+0000 1:39',
  ]);
});

test('REST v3 search page: ADF bodies walked for text', () => {
  const adf = (lead: string, text: string): object => ({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'See below.' }, { type: 'hardBreak' }, { type: 'text', text: lead }, { type: 'text', text, marks: [{ type: 'code' }] }] }] });
  const page = { issues: [{ key: 'INFRA-42', fields: { summary: 'x', description: adf('Authorization: Bearer ', 'q8L2zWx7Kp4Rt6YvB3nM9cD1'), comment: { comments: [{ id: '7', body: adf('password: ', TOKEN) }] } } }] };
  const r = deep('export-v3.json', JSON.stringify(page));
  assert.deepEqual(r.matches.map((m) => (m.inner?.kind === 'jira' ? `${m.inner.issue} ${m.inner.field} ${m.secret}` : '')).sort(), [`INFRA-42 comment:7 ${TOKEN}`, 'INFRA-42 description q8L2zWx7Kp4Rt6YvB3nM9cD1']);
});

test('entities.xml backup: issues, comments (Action) and custom fields, keys from the project', () => {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<entity-engine-xml>
  <Project id="10000" key="OPS" name="Ops"/>
  <Action id="30001" issue="20001" author="sam" type="comment" created="2024-05-01 10:00:00.0"><body><![CDATA[the root password was set to ${TOKEN}]]></body></Action>
  <Issue id="20001" project="10000" number="17" reporter="ana" created="2024-04-30" summary="db access">
    <description>password: Wm3!zQ8rLp2x</description>
  </Issue>
  <CustomFieldValue id="1" issue="20001" customfield="10100" stringvalue="api_key=k7Q2wLx9Pz4mRt8V"/>
</entity-engine-xml>`;
  const r = deep('backup/entities.xml', xml);
  assert.deepEqual(r.matches.map((m) => (m.inner?.kind === 'jira' ? `${m.inner.issue} ${m.inner.field} ${m.inner.author ?? ''}` : `file ${m.secret}`)).sort(), [
    'OPS-17 comment:30001 sam', 'OPS-17 customfield_10100 ', 'OPS-17 description ana',
  ]);
  assert.equal(deep('bad/entities.xml', '<entity-engine-xml><Issue id="1"><description>x').issues[0]?.code, 'JIRA_XML_CORRUPT');
});

test('Confluence REST content pages: each page body (storage format) is its own place, code macros included', () => {
  const page = { results: [
    { id: '983041', type: 'page', title: 'Ops runbook', version: { by: { displayName: 'A. Dubois' }, when: '2025-04-02T09:00:00.000Z' },
      body: { storage: { value: `<p>Jump host: ops-01</p><ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[export DB_PASSWORD=${TOKEN}]]></ac:plain-text-body></ac:structured-macro><p>Bearer&nbsp;q8L2zWx7Kp4Rt6YvB3nM9cD1</p>` } } },
    { id: '983042', type: 'page', title: 'Empty', body: { storage: { value: '<p>nothing here</p>' } } },
  ] };
  const r = deep('confluence/content-page-1.json', JSON.stringify(page, null, 2));
  assert.deepEqual(r.matches.map((m) => (m.inner?.kind === 'jira' ? `${m.inner.issue} ${m.inner.field} ${m.inner.author} ${m.secret}` : `file ${m.secret}`)).sort(), [
    `page 983041 body (Ops runbook) A. Dubois ${TOKEN}`,
    'page 983041 body (Ops runbook) A. Dubois q8L2zWx7Kp4Rt6YvB3nM9cD1',
  ]);
});
