// End-to-end on the shared breach corpus: HEAD of every repository plus the Jira export, scored.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { runCli, tempDir } from '../testing/cli.js';
import { buildCorpus, checkoutHeads, corpusAvailable, score } from '../testing/corpus.js';

test('breach corpus, HEAD and Jira: recall >= 0.95, precision >= 0.95, no decoy', { skip: corpusAvailable() ? false : 'no ../shared/corpus here' }, () => {
  const { dir, key } = buildCorpus();
  const heads = checkoutHeads(dir, key);
  const out = path.join(tempDir(), 'findings.jsonl');
  const r = runCli(['scan', heads, '--format', 'jsonl', '--show-secrets', '--output', out, '--quiet']);
  assert.equal(r.code, 1, r.stderr);
  try {
    const s = score(path.join(dir, 'answer-key.json'), out);
    const relevant = key.secrets.filter((sec) => sec.locations.some((l) => l.atHead || l.source === 'jira'));
    const missedIds = new Set(s.missed.map((m) => m.split(' ')[0]));
    const missedRelevant = relevant.filter((sec) => missedIds.has(sec.id)).map((sec) => sec.id);
    const recall = (relevant.length - missedRelevant.length) / relevant.length;
    const detail = `recall ${recall.toFixed(3)} (missed ${missedRelevant.join(', ')}), precision ${s.precision}, false positives: ${s.falsePositiveSample.join(' | ')}`;
    assert.ok(recall >= 0.95, detail);
    assert.ok(s.precision >= 0.95, detail);
    assert.equal(s.decoyHits, 0, detail);
  } finally {
    fs.rmSync(out, { force: true });
  }
});
