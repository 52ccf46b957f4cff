// Rotation plan: the risk order (severity, validity, presence, places, exposure time) and the first exposure.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding, Location, Provenance } from '../core/types.js';
import { sampleInput } from './fixtures/findings.js';
import { exposureOf, firstExposed, parseDate, placeOf, rotationPlan } from './plan.js';
import { formatPlan } from './plan-text.js';

const commit = (id: string, date: string, author = 'Ann'): NonNullable<Extract<Provenance, { kind: 'git' }>['commit']> =>
  ({ id: id.padEnd(40, '0'), author, email: `${author.toLowerCase()}@example.com`, date, summary: 'msg' });

const loc = (provenance: Provenance, extra: Partial<Location> = {}): Location =>
  ({ provenance, line: 1, column: 1, start: 0, end: 1, context: 'x', ...extra });

const git = (opts: { atHead?: boolean; unreachable?: boolean; date?: string; author?: string; id?: string } = {}): Location =>
  loc({
    kind: 'git', repo: 'app', path: 'a.env', blob: 'b'.repeat(40), atHead: opts.atHead, unreachable: opts.unreachable,
    ...(opts.date ? { commit: commit(opts.id ?? 'c1', opts.date, opts.author) } : {}),
  });
const file = (path = 'x.env'): Location => loc({ kind: 'file', path });
const jira = (date?: string, author?: string): Location => loc({ kind: 'jira', path: 'jira.json', issue: 'OPS-1', field: 'description', date, author });

function finding(id: string, over: Partial<Finding> = {}): Finding {
  return {
    id, ruleId: 'r', ruleName: 'Rule', severity: 'high', category: 'c', provider: 'p', secret: `s-${id}`, redacted: '…',
    entropy: 4, validation: { status: 'unknown' }, locations: [git({ atHead: false })], ...over,
  };
}

const order = (fs: Finding[]): string[] => rotationPlan(fs).map((e) => e.finding.id);

describe('rotationPlan', () => {
  it('orders by severity first', () => {
    assert.deepEqual(order([finding('low', { severity: 'low' }), finding('crit', { severity: 'critical' }), finding('med', { severity: 'medium' })]),
      ['crit', 'med', 'low']);
  });

  it('puts structurally valid before unknown before invalid, within a severity', () => {
    assert.deepEqual(order([
      finding('inv', { validation: { status: 'invalid' } }),
      finding('unk'),
      finding('val', { validation: { status: 'valid' } }),
      finding('crit-inv', { severity: 'critical', validation: { status: 'invalid' } }),
    ]), ['crit-inv', 'val', 'unk', 'inv']);
  });

  it('puts secrets still at HEAD before history-only before unreachable-only', () => {
    assert.deepEqual(order([
      finding('unr', { locations: [git({ unreachable: true }), git({ unreachable: true })] }),
      finding('hist', { locations: [git({ atHead: false }), git({ atHead: false })] }),
      finding('head', { locations: [git({ atHead: true })] }),
    ]), ['head', 'hist', 'unr']);
  });

  it('puts more places first, an issue-tracker place weighing three', () => {
    assert.deepEqual(order([
      finding('one', { locations: [git()] }),
      finding('three', { locations: [git(), git(), git()] }),
      finding('two', { locations: [git(), git()] }),
    ]), ['three', 'two', 'one']);
    // One Jira comment outweighs two plain files, not four.
    const plan = rotationPlan([
      finding('files2', { locations: [file(), file()] }),
      finding('jira', { locations: [jira()] }),
      finding('files4', { locations: [file(), file(), file(), file()] }),
    ]);
    assert.deepEqual(plan.map((e) => e.finding.id), ['files4', 'jira', 'files2']);
    assert.equal(plan[1]!.weightedLocations, 3);
  });

  it('puts longer exposure first, undated last, then stable by id', () => {
    assert.deepEqual(order([
      finding('b-undated', { locations: [git()] }),
      finding('new', { locations: [git({ date: '2024-06-01T00:00:00Z' })] }),
      finding('old', { locations: [git({ date: '2019-01-01T00:00:00+02:00' })] }),
      finding('a-undated', { locations: [git()] }),
    ]), ['old', 'new', 'a-undated', 'b-undated']);
  });

  it('numbers entries from 1 and says what each secret grants', () => {
    const plan = rotationPlan(sampleInput().findings, sampleInput().rules);
    assert.deepEqual(plan.map((e) => e.rank), [1, 2, 3, 4]);
    assert.deepEqual(plan.map((e) => e.severity), ['critical', 'high', 'medium', 'low']);
    assert.equal(plan[0]!.grants, 'An AWS IAM access key id.');
    assert.match(plan[0]!.docs ?? '', /^https:\/\/docs\.aws\.amazon\.com\//);
    assert.deepEqual(plan[0]!.places, ['history', 'archive', 'file']);
  });
});

describe('first exposure and places', () => {
  it('takes the earliest commit or issue date, with its author', () => {
    const f = finding('x', {
      locations: [
        git({ date: '2023-05-01T00:00:00Z', author: 'Later', id: 'bbb' }),
        jira('2025-03-10T12:00:00.000+0000', 'M. Rossi'),
        git({ date: '2023-04-30T23:00:00-02:00', author: 'First', id: 'aaa' }),
        file(),
      ],
    });
    const first = firstExposed(f);
    assert.equal(first?.author, 'Later');
    const jiraFirst = firstExposed(finding('y', { locations: [git({ date: '2026-01-01T00:00:00Z' }), jira('2025-03-10T12:00:00.000+0000', 'M. Rossi')] }));
    assert.equal(jiraFirst?.author, 'M. Rossi');
    assert.equal(jiraFirst?.issue, 'OPS-1');
    assert.equal(firstExposed(finding('z', { locations: [file()] })), undefined);
  });

  it('parses Jira dates with a +0000 offset', () => {
    assert.equal(parseDate('2025-03-10T12:00:00.000+0000'), Date.UTC(2025, 2, 10, 12));
  });

  it('names the place of each location', () => {
    assert.equal(placeOf(git({ atHead: true })), 'HEAD');
    assert.equal(placeOf(git({ atHead: false })), 'history');
    assert.equal(placeOf(git({ unreachable: true, atHead: false })), 'unreachable');
    assert.equal(placeOf(jira()), 'issue tracker');
    assert.equal(placeOf(loc({ kind: 'archive', path: 'a.zip', member: 'b' })), 'archive');
    assert.equal(placeOf(file()), 'file');
    assert.equal(exposureOf(finding('x', { locations: [git({ atHead: false }), git({ unreachable: true })] })), 'history only');
    assert.equal(exposureOf(finding('x', { locations: [git({ unreachable: true })] })), 'unreachable only');
  });
});

describe('formatPlan', () => {
  const out = formatPlan(sampleInput(false));

  it('lists every secret once, numbered, with first exposure, locations and rotation', () => {
    assert.equal(out.match(/^\d+\. /gm)?.length, 4);
    assert.match(out, /^1\. \[critical\] AWS access key ID \(aws\) …MPLE$/m);
    assert.match(out, /^ {3}first exposed: 2023-04-05T10:11:12Z in commit a1b2c3d by Dana Dev <dana@example\.com> \(/m);
    assert.match(out, /^ {3}first exposed: 2024-01-02 in OPS-17 by Sam Ops/m);
    assert.match(out, /^ {3}rotate: Deactivate the key in IAM, then delete it\.$/m);
    assert.match(out, /^ {3}docs: https:\/\/docs\.aws\.amazon\.com\//m);
    assert.match(out, /^ {5}backups\/site 2023\.zip!site\/\.aws\/credentials:2:9$/m);
  });

  it('says so when there is nothing to rotate', () => {
    assert.equal(formatPlan({ ...sampleInput(false), findings: [] }), 'Rotation plan: no secrets found.\n');
  });
});
