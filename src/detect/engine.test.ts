import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GENERIC_RULE, MULTILINE_RULE, TOKEN_RULE, testRuleSet } from '../testing/rules.js';
import { scanBytes } from './engine.js';

function rules(): ReturnType<typeof testRuleSet> {
  return testRuleSet(TOKEN_RULE, GENERIC_RULE, MULTILINE_RULE);
}

const scan = (text: string, opts = {}) => scanBytes(rules(), Buffer.from(text, 'utf8'), opts);

test('reports line, 1-based byte column, span and context', () => {
  const [m] = scan('first line\n  key: tkn_Q8w7E6r5T4y3U2i1O0pA # note\n');
  assert.ok(m);
  assert.equal(m.ruleId, 'test-token');
  assert.equal(m.line, 2);
  assert.equal(m.column, 8);
  assert.equal(m.start, 18);
  assert.equal(m.end, 18 + 24);
  assert.match(m.context, /key: tkn_/);
});

test('a specific rule wins over a generic one on the same text', () => {
  const ms = scan('my_secret = "tkn_Q8w7E6r5T4y3U2i1O0pA"');
  assert.deepEqual(ms.map((m) => m.ruleId), ['test-token']);
});

test('generic rules drop placeholders and references', () => {
  assert.equal(scan('secret = "${SECRET}"').length, 0);
  assert.equal(scan('secret = "changeme"').length, 0);
  assert.equal(scan('secret_file = "Kr4k3n!w8Pq"').length, 0);
  assert.equal(scan('secret = "Kr4k3n!w8Pq"').length, 1);
});

test('multi-line rules cross lines', () => {
  const ms = scan('x\n-----BEGIN BLK-----\nQUJD\n-----END BLK-----\n');
  assert.equal(ms.length, 1);
  assert.equal(ms[0]!.line, 2);
});

test('finds a secret inside base64, hex, percent-encoding and escaped strings, noting the encoding', () => {
  const inner = 'token tkn_Q8w7E6r5T4y3U2i1O0pA here';
  const b64 = scan(`data: ${Buffer.from(inner).toString('base64')}\n`);
  assert.equal(b64.length, 1);
  assert.deepEqual(b64[0]!.encoding, ['base64']);
  assert.equal(b64[0]!.secret, 'tkn_Q8w7E6r5T4y3U2i1O0pA');
  const hex = scan(`blob = ${Buffer.from(inner).toString('hex')}\n`);
  assert.deepEqual(hex[0]?.encoding, ['hex']);
  const esc = scan('cfg = "secret = \\"Kr4k3n!w8Pq\\""');
  assert.equal(esc.length, 1);
  assert.deepEqual(esc[0]!.encoding, ['escape']);
  assert.equal(esc[0]!.secret, 'Kr4k3n!w8Pq');
  const nested = scan(`x=${Buffer.from(Buffer.from(inner).toString('base64')).toString('base64')}`);
  assert.deepEqual(nested[0]?.encoding, ['base64', 'base64']);
  assert.equal(scan(`x=${Buffer.from(inner).toString('base64')}`, { decodeDepth: 0 }).length, 0);
});

test('tolerates broken UTF-8, CRLF and NUL bytes', () => {
  const bytes = Buffer.concat([Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('\r\nk = tkn_Q8w7E6r5T4y3U2i1O0pA\r\n\u0000')]);
  const ms = scanBytes(rules(), bytes);
  assert.equal(ms.length, 1);
  assert.equal(ms[0]!.line, 2);
  assert.equal(ms[0]!.secret, 'tkn_Q8w7E6r5T4y3U2i1O0pA');
});

test('the same secret twice in a buffer is two matches', () => {
  assert.equal(scan('a tkn_Q8w7E6r5T4y3U2i1O0pA\nb tkn_Q8w7E6r5T4y3U2i1O0pA').length, 2);
});

/** A rule whose keyword comes long after its secret (window.before 3000). */
const FAR_RULE = `
  - id: test-far
    name: Far keyword
    description: A secret that a keyword far behind it names.
    severity: high
    category: saas
    keywords: [farkw]
    pattern: '(far_[A-Za-z0-9]{20})[^\\n]{0,2900}farkw'
    window: { before: 3000, after: 16 }
    rotation: { steps: Revoke it. }
    examples: ['far_Q8w7E6r5T4y3U2i1O0pA then farkw']`;

test('a hit that reaches further back on a line than an earlier hit on it still sees its whole window', () => {
  const rs = testRuleSet(TOKEN_RULE, FAR_RULE);
  // On one long line: the far rule's secret, 1000 bytes on a short-reach hit (tkn_, which looks back
  // 512 bytes for the line's start), 1000 bytes on the far rule's keyword, which must look further.
  const line = `${'x '.repeat(400)}far_Q8w7E6r5T4y3U2i1O0pA ${'y '.repeat(500)}tkn_Q8w7E6r5T4y3U2i1O0pA${' z'.repeat(500)} farkw\n`;
  for (const text of [line, `head\n${line}`, `${'w '.repeat(3000)}\n${line}`]) {
    const ms = scanBytes(rs, Buffer.from(text, 'utf8'));
    assert.deepEqual(ms.map((m) => m.ruleId).sort(), ['test-far', 'test-token'], `${text.length} bytes`);
  }
});
