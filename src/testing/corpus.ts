// Test helpers for the shared breach corpus: build it, check out HEAD of every repository, score findings.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SHARED, tempDir } from './cli.js';

export const CORPUS_DIR = path.join(SHARED, 'corpus');

export function corpusAvailable(): boolean {
  return fs.existsSync(path.join(CORPUS_DIR, 'make-breach-corpus.mjs')) && fs.existsSync(path.join(CORPUS_DIR, 'score.mjs'));
}

export interface AnswerKey {
  repos: { id: string; path: string; commits: { sha: string; branch: string; author: string; email: string; date: string; unreachable: boolean }[] }[];
  secrets: { id: string; kind: string; value: string; locations: { source: string; repo?: string; path: string; commit?: string; atHead?: boolean; unreachable?: boolean; issue?: string; field?: string; encoding?: string }[] }[];
  decoys: { id: string; value: string }[];
}

/** Builds a fresh corpus into a temporary directory and returns it with its answer key. */
export function buildCorpus(): { dir: string; key: AnswerKey } {
  const dir = path.join(tempDir('keyhole-corpus-'), 'corpus');
  execFileSync(process.execPath, [path.join(CORPUS_DIR, 'make-breach-corpus.mjs'), '--out', dir], { stdio: 'pipe' });
  return { dir, key: JSON.parse(fs.readFileSync(path.join(dir, 'answer-key.json'), 'utf8')) as AnswerKey };
}

/** Checks out the default branch of every bare repository (git archive) plus the Jira export into one directory. */
export function checkoutHeads(corpus: string, key: AnswerKey): string {
  const out = tempDir('keyhole-heads-');
  for (const repo of key.repos) {
    const dest = path.join(out, repo.id);
    fs.mkdirSync(dest, { recursive: true });
    const tar = execFileSync('git', ['--git-dir', path.join(corpus, repo.path), 'archive', 'main'], { maxBuffer: 1 << 28 });
    execFileSync('tar', ['-x', '-C', dest], { input: tar });
  }
  fs.cpSync(path.join(corpus, 'jira'), path.join(out, 'jira'), { recursive: true });
  return out;
}

export interface Score {
  secrets: number;
  found: number;
  recall: number;
  precision: number;
  findings: number;
  falsePositives: number;
  decoyHits: number;
  missed: string[];
  falsePositiveSample: string[];
  byClass: Record<string, [number, number]>;
}

export function score(keyFile: string, findingsFile: string): Score {
  const out = execFileSync(process.execPath, [path.join(CORPUS_DIR, 'score.mjs'), '--key', keyFile, '--findings', findingsFile, '--json'], { encoding: 'utf8' });
  return JSON.parse(out) as Score;
}
