// Report-side redaction: contexts lose the secret in every spelling keyhole decodes, and in ones it does not know.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redact } from '../core/redact.js';
import type { Finding, Location } from '../core/types.js';
import { contextText, encodedForms, secretText } from './redaction.js';

const SECRET = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';
const finding: Finding = {
  id: 'x', ruleId: 'r', ruleName: 'R', severity: 'high', category: 'c', provider: 'p', secret: SECRET,
  redacted: redact(SECRET), entropy: 4, validation: { status: 'unknown' }, locations: [],
};
const at = (context: string, encoding?: Location['encoding']): Location =>
  ({ provenance: { kind: 'file', path: 'f' }, line: 1, column: 1, start: 0, end: 1, context, encoding });
const shown = (context: string, encoding?: Location['encoding']): string => contextText(finding, at(context, encoding), false);

describe('contextText', () => {
  it('replaces the raw secret and keeps the rest of the line', () => {
    assert.equal(shown(`key = "${SECRET}" # prod`), `key = "${redact(SECRET)}" # prod`);
  });

  it('replaces base64 at any alignment, standard and url-safe', () => {
    for (const pad of ['', 'a', 'ab', 'abc']) {
      const b64 = Buffer.from(`${pad}${SECRET}??>>`).toString('base64');
      for (const enc of [b64, Buffer.from(`${pad}${SECRET}??>>`).toString('base64url')]) {
        const out = shown(`data: ${enc}`, ['base64']);
        assert.ok(!out.includes(enc), `alignment ${pad.length}`);
        assert.ok(out.includes(redact(SECRET)), `alignment ${pad.length}: ${out}`);
      }
    }
  });

  it('replaces a JSON-escaped multi-line key as one piece', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----';
    const f = { ...finding, secret: pem, redacted: redact(pem) };
    const out = contextText(f, at(`"key": ${JSON.stringify(pem)},`, ['escape']), false);
    assert.equal(out, `"key": "${redact(pem)}",`);
  });

  it('replaces hex forms', () => {
    const hex = Buffer.from(SECRET).toString('hex');
    assert.equal(shown(`v=${hex}`, ['hex']), `v=${redact(SECRET)}`);
    assert.equal(shown(`v=${hex.toUpperCase()}`, ['hex']), `v=${redact(SECRET)}`);
  });

  it('masks long token runs when no known spelling is found', () => {
    const odd = [...SECRET].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('');
    assert.equal(shown(`t=${odd}&x=1`, ['percent']), 't=…(hidden)&x=1');
    assert.equal(shown(`cut: ${SECRET.slice(0, 20)}`), 'cut: …(hidden)');
  });

  it('returns the context untouched with showSecrets', () => {
    assert.equal(contextText(finding, at(`k=${SECRET}`), true), `k=${SECRET}`);
  });
});

describe('secretText and encodedForms', () => {
  it('shows the redacted form unless asked', () => {
    assert.equal(secretText(finding, false), redact(SECRET));
    assert.equal(secretText(finding, true), SECRET);
    assert.equal(secretText({ ...finding, redacted: '' }, false), redact(SECRET));
  });

  it('lists longer spellings first and never the secret itself', () => {
    const forms = encodedForms(SECRET);
    assert.ok(!forms.includes(SECRET));
    for (let i = 1; i < forms.length; i++) assert.ok((forms[i - 1]?.length ?? 0) >= (forms[i]?.length ?? 0));
  });
});
