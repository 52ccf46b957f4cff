import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { runCli, tempDir, writeTree } from '../testing/cli.js';

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const fresh = (n: number, alphabet = ALNUM): string => [...randomBytes(n)].map((b) => alphabet[b % alphabet.length]).join('');

const CONFIG = `
[[rules]]
id = "acme-token"
description = "Acme API token"
regex = '''(?i)\\b(acme_[[:alnum:]]{16})\\b'''
keywords = ["acme_"]

[[rules]]
id = "p12-files"
path = '''\\.p12$'''
`;

interface JsonReport {
  findings: { rule: string; locations: { path: string; line: number }[] }[];
}

test('rules import writes keyhole rules and says per rule what happened', () => {
  const dir = tempDir();
  writeTree(dir, { 'gitleaks.toml': CONFIG });
  const r = runCli(['rules', 'import', 'gitleaks.toml', '--output', 'out.yaml'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^imported {2}acme-token$/m);
  assert.match(r.stdout, /^skipped {3}p12-files: path-only rule/m);
  assert.match(r.stdout, /2 rules: 1 imported, 0 imported with notes, 1 skipped/);
  const list = runCli(['rules', 'list', '--format', 'json', '-r', 'out.yaml'], { cwd: dir });
  assert.equal(list.code, 0, list.stderr);
  const acme = (JSON.parse(list.stdout) as { id: string; category: string }[]).find((x) => x.id === 'acme-token');
  assert.equal(acme?.category, 'gitleaks');
  const json = runCli(['rules', 'import', 'gitleaks.toml', '--format', 'json'], { cwd: dir });
  assert.deepEqual((JSON.parse(json.stdout) as { counts: unknown }).counts, { imported: 1, notes: 0, skipped: 1 });
});

test('scan --config: imported rules replace the built-ins unless useDefault; .gitleaksignore is honoured', () => {
  const dir = tempDir();
  const acme = `acme_${fresh(16)}`;
  // A random ghp_ token fails the built-in rule's checksum: --show-invalid keeps it.
  const ghp = `ghp_${fresh(36, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}`;
  writeTree(dir, {
    'only.toml': CONFIG,
    'extend.toml': `[extend]\nuseDefault = true\n${CONFIG}`,
    'tree/app.env': `# settings\nACME=${acme}\nGITHUB=${ghp}\n`,
    'tree/copy.env': `ACME=${acme}\n`,
  });
  const scan = (config: string): JsonReport => {
    const r = runCli(['scan', '--config', config, '-f', 'json', '-q', '--show-invalid', 'tree'], { cwd: dir });
    assert.equal(r.code, 1, r.stderr);
    return JSON.parse(r.stdout) as JsonReport;
  };
  const only = scan('only.toml');
  assert.deepEqual(only.findings.map((f) => f.rule), ['acme-token'], 'the built-in github rule does not run');
  assert.equal(only.findings[0]!.locations.length, 2);
  const both = scan('extend.toml');
  const rules = both.findings.map((f) => f.rule);
  assert.equal(rules.length, 2, JSON.stringify(rules));
  assert.ok(rules.includes('acme-token') && rules.some((x) => x.startsWith('github')), JSON.stringify(rules));

  fs.writeFileSync(path.join(dir, 'tree', '.gitleaksignore'), '# known\napp.env:acme-token:2\n');
  const ignored = scan('only.toml');
  assert.deepEqual(ignored.findings[0]!.locations.map((l) => path.basename(l.path)), ['copy.env']);
});
