// Location descriptions: the human place strings and the flat machine record, for each kind of place.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Location, Provenance } from '../core/types.js';
import { describeLocation, describePlace, gitState, machinePath, provenanceRecord } from './location.js';

const commit = { id: '0123456789abcdef0123456789abcdef01234567', author: 'A', email: 'a@x', date: '2024-01-01', summary: 's' };
const git = (extra: Partial<Extract<Provenance, { kind: 'git' }>>): Provenance =>
  ({ kind: 'git', repo: 'repo', path: 'a/b.env', blob: 'f'.repeat(40), ...extra });
const loc = (provenance: Provenance): Location => ({ provenance, line: 2, column: 5, start: 10, end: 20, context: '' });

describe('describePlace', () => {
  it('spells each kind', () => {
    assert.equal(describePlace({ kind: 'file', path: 'src/x.ts' }), 'src/x.ts');
    assert.equal(describePlace({ kind: 'stdin', path: '-' }), '-');
    assert.equal(describePlace(git({ commit })), 'repo:a/b.env@0123456');
    assert.equal(describePlace(git({ path: '' })), 'repo:blob fffffff');
    assert.equal(describePlace({ kind: 'archive', path: 'outer.zip', member: 'inner/path' }), 'outer.zip!inner/path');
    assert.equal(describePlace({ kind: 'jira', path: 'e.json', issue: 'ISSUE-1', field: 'description' }), 'ISSUE-1 description');
    assert.equal(describePlace({ kind: 'jira', path: 'e.json', issue: 'ISSUE-1', field: 'comment:2001' }), 'ISSUE-1 comment:2001');
  });
});

describe('describeLocation', () => {
  it('adds line and column, and for git refs and HEAD state', () => {
    assert.equal(describeLocation(loc({ kind: 'file', path: 'x' })), 'x:2:5');
    assert.equal(describeLocation(loc(git({ commit, refs: ['main'], atHead: true }))), 'repo:a/b.env@0123456:2:5 [main; still at HEAD]');
    assert.equal(describeLocation(loc(git({ unreachable: true }))), 'repo:a/b.env:2:5 [unreachable]');
    assert.equal(describeLocation(loc(git({}))), 'repo:a/b.env:2:5');
    assert.equal(describeLocation(loc({ kind: 'jira', path: 'e.json', issue: 'P-1', field: 'summary' })), 'P-1 summary 2:5');
  });

  it('names the git state', () => {
    assert.equal(gitState(git({ atHead: true })), 'still at HEAD');
    assert.equal(gitState(git({ atHead: false })), 'history only');
    assert.equal(gitState(git({ atHead: true, unreachable: true })), 'unreachable');
    assert.equal(gitState(git({})), undefined);
    assert.equal(gitState({ kind: 'file', path: 'x' }), undefined);
  });
});

describe('machine forms', () => {
  it('gives one path per place', () => {
    assert.equal(machinePath({ kind: 'archive', path: 'o.tar.gz', member: 'i/j' }), 'o.tar.gz!i/j');
    assert.equal(machinePath({ kind: 'jira', path: 'e.json', issue: 'P-1', field: 'summary' }), 'e.json');
    assert.equal(machinePath(git({})), 'a/b.env');
  });

  it('flattens provenance', () => {
    assert.deepEqual(provenanceRecord({ kind: 'archive', path: 'o.zip', member: 'm' }), { source: 'archive', path: 'o.zip', member: 'm' });
    const r = provenanceRecord(git({ commit, refs: ['main'], atHead: true }));
    assert.deepEqual([r.source, r.commit, r.author, r.email, r.date, r.atHead], ['git', commit.id, 'A', 'a@x', '2024-01-01', true]);
  });
});
