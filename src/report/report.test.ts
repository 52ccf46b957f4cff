// Cross-format tests: every formatter keeps secrets out of its output unless showSecrets, and shows them with it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ALL_SECRETS, API_TOKEN, AWS_KEY, BASE64_CONTEXT, PEM_KEY, PERCENT_TOKEN, sampleInput,
} from './fixtures/findings.js';
import { formatters, type FormatName } from './index.js';

const NAMES = Object.keys(formatters) as FormatName[];

/** The secret as it would appear inside a JSON string, where formats escape it. */
const jsonForms = (s: string): string[] => [s, JSON.stringify(s).slice(1, -1)];

describe('all formats', () => {
  for (const name of NAMES) {
    describe(name, () => {
      const hidden = formatters[name](sampleInput(false));
      const shown = formatters[name](sampleInput(true));

      it('never prints a raw secret by default, in any spelling the input held', () => {
        for (const secret of ALL_SECRETS) {
          for (const form of jsonForms(secret)) assert.ok(!hidden.includes(form), `${name} leaked ${form.slice(0, 12)}`);
        }
        for (const line of PEM_KEY.split('\n').slice(1, -1)) assert.ok(!hidden.includes(line), 'a PEM body line leaked');
        assert.ok(!hidden.includes(BASE64_CONTEXT), 'a base64-encoded key leaked');
        assert.ok(!hidden.includes(Buffer.from(AWS_KEY).toString('base64').slice(0, 20)), 'an aligned base64 key leaked');
        assert.ok(!hidden.includes(PERCENT_TOKEN), 'a percent-encoded token leaked');
        assert.ok(!hidden.includes(API_TOKEN.slice(0, 16)), 'part of a token leaked');
      });

      it('prints raw secrets with showSecrets', () => {
        for (const secret of [AWS_KEY, API_TOKEN]) assert.ok(shown.includes(secret), `${name} lacks ${secret}`);
        assert.ok(jsonForms(PEM_KEY).some((f) => shown.includes(f)) || shown.includes(PEM_KEY.replace(/\n/g, '\n  ')),
          `${name} lacks the PEM key`);
      });

      it('is deterministic and pure', () => {
        const input = sampleInput(false);
        const before = JSON.stringify(input);
        assert.equal(formatters[name](input), hidden);
        assert.equal(JSON.stringify(input), before, 'the formatter changed its input');
      });

      it('handles a scan with no findings and no issues', () => {
        const empty = { ...sampleInput(false), findings: [], issues: [] };
        assert.equal(typeof formatters[name](empty), 'string');
      });
    });
  }
});
