import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Finding, Location } from '../../core/types.js';
import { scanBytes } from '../../detect/engine.js';
import { SHARED, tempDir, writeTree } from '../../testing/cli.js';
import { buildRuleSet, type LoadedRule } from '../compile.js';
import { parseRuleDocument } from '../load.js';
import { importGitleaksFile, importGitleaksText, providerOf } from './config.js';
import { gitleaksIgnore, parseGitleaksIgnore } from './ignore.js';
import { GoRegexError, translateGoRegex } from './regex.js';

const FIXTURE = path.join(SHARED, 'fixtures', 'gitleaks', 'gitleaks.toml');

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function token(n: number, alphabet = ALNUM): string {
  return [...randomBytes(n)].map((b) => alphabet[b % alphabet.length]).join('');
}

function find(rules: LoadedRule[], text: string): { ruleId: string; secret: string }[] {
  return scanBytes(buildRuleSet(rules), Buffer.from(text)).map((m) => ({ ruleId: m.ruleId, secret: m.secret }));
}

const js = (src: string): RegExp => {
  const t = translateGoRegex(src);
  return new RegExp(t.source, `gd${t.ignoreCase ? 'i' : ''}`);
};

test('a leading (?i) becomes the i flag', () => {
  const t = translateGoRegex('(?i)secret_[a-z]{4}');
  assert.deepEqual([t.source, t.ignoreCase], ['secret_[a-z]{4}', true]);
  assert.ok(js('(?i)secret_[a-z]{4}').test('SECRET_AbCd'));
});

test('case-insensitive parts elsewhere are spelled out; (?-i:…) inside (?i) keeps its case', () => {
  const re = js('tok_(?i:ab[x-z])');
  assert.ok(re.test('tok_AbY'));
  assert.ok(!js('tok_(?i:ab)').test('TOK_ab'));
  const mixed = translateGoRegex('(?i)key(?-i:[Aa]pi|API)');
  assert.equal(mixed.ignoreCase, false);
  const m = new RegExp(mixed.source);
  assert.ok(m.test('KEYapi') && m.test('keyAPI'));
  assert.ok(!m.test('keyaPI'));
  // An inline (?i) in the middle of a group holds until the group closes.
  const inner = new RegExp(translateGoRegex('x(?:"(?i)ab")c').source);
  assert.ok(inner.test('x"AB"c'));
  assert.ok(!inner.test('x"AB"C'));
});

test('POSIX classes, (?P<name>), \\z, \\A, \\Q…\\E, \\x{..}, (?s) and (?m)', () => {
  assert.equal(translateGoRegex('[[:alnum:]_]{3}').source, '[0-9A-Za-z_]{3}');
  assert.equal(translateGoRegex('[[:^digit:]]').source, '[^0-9]');
  assert.ok(js('^[[:xdigit:]]+$').test('c0ffeE'));
  assert.equal(translateGoRegex('(?P<key>a)').source, '(?<key>a)');
  assert.equal(translateGoRegex('\\Aab\\z').source, '^ab$');
  assert.equal(translateGoRegex('\\Qa.b*\\E+').source, 'a\\.b\\*+');
  assert.equal(translateGoRegex('\\x{41}\\x42').source, 'AB');
  const s = translateGoRegex('(?s:a.b)');
  assert.ok(new RegExp(s.source).test('a\nb'));
  assert.equal(s.crossesLines, true);
  assert.ok(new RegExp(translateGoRegex('(?m)^b$').source).test('a\nb\nc'));
  assert.ok(js('[]a]+').test(']a'));
});

test('what has no JavaScript equivalent is rejected with a reason', () => {
  for (const [src, why] of [
    ['\\pL+', /Unicode class/],
    ['a*+', /possessive/],
    ['(?>a)', /atomic/],
    ['(?=a)', /lookaround/],
    ['(?U)a+', /ungreedy/],
    ['[[:alpha:][:^digit:]]', /negated POSIX/],
    ['\\x{263A}', /Latin-1/],
    ['(a', /unbalanced/],
  ] as const) {
    assert.throws(() => translateGoRegex(src), (e: unknown) => e instanceof GoRegexError && why.test(e.message), src);
  }
});

test('providers from ids', () => {
  assert.equal(providerOf('github-pat'), 'github');
  assert.equal(providerOf('1password-secret-key'), 'onepassword');
  assert.equal(providerOf('AWS_key'), 'aws');
});

const SMALL = `
[allowlist]
paths = ['''vendor/''']
regexes = ['''(?i)^example''']
stopwords = ["dummy"]

[[rules]]
id = "acme-token"
description = "Acme API token"
regex = '''(?i)\\b(acme_[[:alnum:]]{24})\\b'''
keywords = ["acme_", "a"]
entropy = 3
tags = ["api"]

[[rules.allowlists]]
regexes = ['''^acme_0{24}$''']
stopwords = ["notreal"]

[[rules]]
id = "Widget_Key"
regex = '''widget[=:](?P<pre>w)(?P<val>[0-9a-f]{20})'''
secretGroup = 2
keywords = ["widget"]
path = '''\\.env$'''

[[rules]]
id = "p12-files"
path = '''\\.p12$'''

[[rules]]
id = "no-keywords"
regex = '''zz[0-9]{10}'''

[[rules]]
id = "unicode"
regex = '''\\p{Greek}+'''
keywords = ["greek"]
`;

test('a small configuration: ids, keywords, secretGroup, allowlists, paths, skipped rules', () => {
  const imp = importGitleaksText(SMALL, 'small.toml');
  const by = new Map(imp.report.map((r) => [r.gitleaksId, r]));
  assert.equal(imp.useDefault, false);
  assert.equal(by.get('acme-token')?.status, 'notes');
  assert.match(by.get('acme-token')!.notes.join('\n'), /"a" dropped/);
  assert.equal(by.get('Widget_Key')?.id, 'gitleaks-widget-key');
  assert.match(by.get('Widget_Key')!.notes.join('\n'), /path condition .* not applied/);
  assert.equal(by.get('p12-files')?.status, 'skipped');
  assert.match(by.get('p12-files')!.reason!, /path-only/);
  assert.match(by.get('no-keywords')!.reason!, /no keywords/);
  assert.match(by.get('unicode')!.reason!, /Unicode class/);
  assert.ok(imp.notes.some((n) => /global allowlist #1: 1 allowlist path/.test(n)));

  const acme = imp.rules.find((r) => r.spec.id === 'acme-token')!;
  assert.deepEqual(acme.spec.keywords, ['acme_']);
  assert.equal(acme.spec.ignore_case, true);
  assert.equal(acme.spec.min_entropy, 3);
  assert.equal(acme.spec.category, 'gitleaks');
  assert.equal(acme.spec.severity, 'high');
  assert.equal(acme.provider, 'acme');
  assert.deepEqual(acme.spec.allow?.stopwords, ['notreal', 'dummy']);
  assert.equal(acme.spec.allow?.regexes.length, 2);

  const real = `acme_${token(24)}`;
  assert.deepEqual(find(imp.rules, `x = ${real}\n`), [{ ruleId: 'acme-token', secret: real }]);
  assert.deepEqual(find(imp.rules, `x = ACME_${real.slice(5)}\n`).length, 1, 'case-insensitive');
  assert.deepEqual(find(imp.rules, `x = acme_${'0'.repeat(24)}\n`), [], 'rule allowlist regex');
  assert.deepEqual(find(imp.rules, `x = acme_notreal${token(16)}\n`), [], 'rule stopword');
  assert.deepEqual(find(imp.rules, `x = acme_dummy${token(18)}\n`), [], 'global stopword');
  assert.deepEqual(find(imp.rules, `x = acme_EXAMPLE${token(17)}\n`), [], 'global (?i) allowlist regex, spelled out');
  const hex = randomBytes(10).toString('hex');
  assert.deepEqual(find(imp.rules, `widget=w${hex}\n`), [{ ruleId: 'gitleaks-widget-key', secret: hex }], 'secretGroup 2');
});

test('allowlists: AND with paths is not applied, regexTarget match is approximated or dropped when anchored', () => {
  const imp = importGitleaksText(
    `[[rules]]
id = "acme-token"
regex = '''acme_[a-z0-9]{16}'''
keywords = ["acme_"]
[[rules.allowlists]]
condition = "AND"
paths = ['''test/''']
regexes = ['''fake''']
[[rules.allowlists]]
regexTarget = "match"
regexes = ['''sample''', '''^acme_''']
`,
    'allow.toml',
  );
  const notes = imp.report[0]!.notes.join('\n');
  assert.match(notes, /AND allowlist \(paths \+ regexes\) not applied/);
  assert.match(notes, /regex #2 \(regexTarget match\) dropped: it is anchored/);
  assert.match(notes, /approximated/);
  assert.deepEqual(imp.rules[0]!.spec.allow?.regexes, ['sample']);
});

test('[extend] useDefault, disabledRules and path', () => {
  const dir = tempDir();
  writeTree(dir, {
    'base.toml': `[[rules]]\nid = "base-rule"\nregex = '''base_[0-9]{8}'''\nkeywords = ["base_"]\n[[rules]]\nid = "off-rule"\nregex = '''off_[0-9]{8}'''\nkeywords = ["off_"]\n`,
    'top.toml': `[extend]\nuseDefault = true\npath = "base.toml"\ndisabledRules = ["off-rule", "aws-access-token"]\n[[rules]]\nid = "github-pat"\nregex = '''ghp_[0-9a-zA-Z]{36}'''\nkeywords = ["ghp_"]\n`,
  });
  const imp = importGitleaksFile(path.join(dir, 'top.toml'), { reservedIds: new Set(['github-pat']) });
  assert.equal(imp.useDefault, true);
  assert.deepEqual(imp.rules.map((r) => r.spec.id), ['base-rule', 'gitleaks-github-pat']);
  assert.equal(imp.report.find((r) => r.gitleaksId === 'off-rule')?.reason, 'listed in extend.disabledRules');
  assert.ok(imp.notes.some((n) => /aws-access-token is not a rule of this configuration/.test(n)));
});

test('imported rules round-trip through keyhole rule YAML without examples', () => {
  const imp = importGitleaksText(SMALL, 'small.toml');
  const yaml = `rules:\n${imp.specs.map((s) => `  - ${JSON.stringify(s)}`).join('\n')}\n`;
  const back = parseRuleDocument(yaml, 'out.yaml');
  assert.deepEqual(back.map((r) => r.spec.id), imp.rules.map((r) => r.spec.id));
  assert.throws(() => parseRuleDocument(yaml.replace(/"imported":"gitleaks"/g, '"negative_examples":[]'), 'out.yaml'), /examples: at least one example/);
});

test('.gitleaksignore drops the named locations', () => {
  const entries = parseGitleaksIgnore('# comment\n\nsrc/app.env:github-pat:3\n0123456789abcdef0123456789abcdef01234567:conf/x.yml:acme-token:7\nnot a fingerprint\n');
  assert.equal(entries.length, 2);
  const loc = (p: string, line: number, commit?: string): Location => ({
    provenance: commit ? { kind: 'git', repo: '/r', path: p, blob: 'b', commit: { id: commit, author: 'a', email: 'e', date: 'd', summary: 's' } } : { kind: 'file', path: p },
    line, column: 1, start: 0, end: 1, context: '',
  });
  const finding = (ruleId: string, locations: Location[]): Finding => ({
    id: ruleId, ruleId, ruleName: ruleId, severity: 'high', category: 'c', provider: 'p', secret: 's', redacted: 's', entropy: 1, validation: { status: 'unknown' }, locations,
  });
  const out = gitleaksIgnore(
    [
      finding('gitleaks-github-pat', [loc('/scan/src/app.env', 3), loc('/scan/src/app.env', 4)]),
      finding('acme-token', [loc('conf/x.yml', 7, '0123456789abcdef0123456789abcdef01234567')]),
      finding('acme-token', [loc('conf/x.yml', 7, 'ffffffffffffffffffffffffffffffffffffffff')]),
    ],
    entries,
  );
  assert.deepEqual(out.map((f) => [f.ruleId, f.locations.map((l) => l.line)]), [['gitleaks-github-pat', [4]], ['acme-token', [7]]]);
  assert.equal((out[1]!.locations[0]!.provenance as { commit: { id: string } }).commit.id[0], 'f');
});

test("gitleaks' default configuration: every rule imports or is reported with a reason", (t) => {
  if (!fs.existsSync(FIXTURE)) {
    t.skip(`no fixture at ${FIXTURE}`);
    return;
  }
  const imp = importGitleaksFile(FIXTURE);
  assert.ok(imp.report.length > 200);
  for (const r of imp.report) {
    if (r.status === 'skipped') assert.ok(r.reason && r.reason.length > 5, `${r.gitleaksId}: skipped without a reason`);
    else assert.ok(r.id && imp.rules.some((l) => l.spec.id === r.id), `${r.gitleaksId}: reported imported but missing`);
  }
  const n = (s: string): number => imp.report.filter((r) => r.status === s).length;
  t.diagnostic(`${imp.report.length} rules: ${n('imported')} imported, ${n('notes')} imported with notes, ${n('skipped')} skipped`);
  for (const r of imp.report.filter((x) => x.status === 'skipped')) t.diagnostic(`skipped ${r.gitleaksId}: ${r.reason}`);
  assert.ok(n('imported') + n('notes') >= 200);
  assert.equal(imp.report.find((r) => r.gitleaksId === 'pkcs12-file')?.status, 'skipped');

  // The whole set compiles together, and a handful of rules find fresh synthetic tokens.
  const rs = buildRuleSet(imp.rules);
  assert.equal(rs.rules.length, imp.rules.length);
  const ghp = `ghp_${token(36)}`;
  const slack = `xoxb-${token(11, '0123456789')}-${token(12, '0123456789')}-${token(24)}`;
  const aws = `AKIA${token(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`;
  const stripe = `sk_live_${token(32)}`;
  const pem = `-----BEGIN RSA PRIVATE KEY-----\n${Array.from({ length: 6 }, () => randomBytes(48).toString('base64')).join('\n')}\n-----END RSA PRIVATE KEY-----`;
  const cases: [string, string, string][] = [
    ['github-pat', `token: ${ghp}\n`, ghp],
    ['slack-bot-token', `SLACK=${slack}\n`, slack],
    ['aws-access-token', `aws_id = ${aws}\n`, aws],
    ['stripe-access-token', `stripe("${stripe}")\n`, stripe],
    ['private-key', `${pem}\n`, pem],
  ];
  for (const [id, text, secret] of cases) {
    const ms = scanBytes(rs, Buffer.from(text)).filter((m) => m.ruleId === id);
    assert.deepEqual(ms.map((m) => m.secret), [secret], `${id} on ${JSON.stringify(text.slice(0, 60))}`);
  }
  // The generic rule (its (?-i:[Aa]pi|API) inside (?i) is spelled out) and the global allowlist.
  const key = token(32);
  assert.ok(scanBytes(rs, Buffer.from(`my_api_key = "${key}"\n`)).some((m) => m.ruleId === 'generic-api-key' && m.secret === key));
  assert.ok(!scanBytes(rs, Buffer.from(`secret_token = "\${SOME_VAR_NAME}"\n`)).some((m) => m.ruleId === 'generic-api-key'));
});
