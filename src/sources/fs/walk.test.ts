import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { walk, type WalkItem } from './walk.js';

function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'keyhole-walk-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

async function items(root: string, repos: boolean, gitignore = true): Promise<string[]> {
  const out: string[] = [];
  for await (const it of walk([root], { exclude: ['skip/**'], gitignore, repos })) {
    const item = it as WalkItem;
    if (item.kind === 'file') out.push(`file ${path.relative(root, item.path)}`);
    else if (item.kind === 'repo') out.push(`${item.repoKind} ${path.relative(root, item.path) || '.'}`);
  }
  return out.sort();
}

const layout = {
  'a.txt': 'x',
  '.gitignore': 'vendor/\n',
  'clone/.git/HEAD': 'ref: refs/heads/main\n',
  'clone/src/app.js': 'x',
  'PROJ/api.git/HEAD': 'ref: refs/heads/main\n',
  'PROJ/api.git/objects/info/packs': '',
  'PROJ/api.git/refs/heads/.keep': '',
  'PROJ/readme.md': 'x',
  'vendor/lib.js': 'x',
  'vendor/dep/.git/HEAD': 'ref: refs/heads/main\n',
  'skip/other/.git/HEAD': 'x',
};

test('walk with repos: repositories are reported, not walked into; ignored folders are searched for them only', async () => {
  const root = tree(layout);
  assert.deepEqual(await items(root, true), [
    'bare PROJ/api.git', 'file .gitignore', 'file PROJ/readme.md', 'file a.txt', 'worktree clone', 'worktree vendor/dep',
  ]);
});

test('walk without repos: every file outside .git directories, ignored folders skipped', async () => {
  const root = tree(layout);
  const got = await items(root, false);
  assert.ok(got.includes('file clone/src/app.js'));
  assert.ok(got.includes('file PROJ/api.git/HEAD'));
  assert.ok(!got.some((f) => f.startsWith('file vendor/')));
  assert.ok(!got.some((f) => /(^| |\/)\.git\//.test(f)), 'nothing under a .git directory');
  assert.ok(!got.some((f) => f.includes('skip/')), 'excluded');
});

test('walk with repos: a root that is a repository is reported alone', async () => {
  const root = tree({ '.git/HEAD': 'x', 'src/a.js': 'x' });
  assert.deepEqual(await items(root, true), ['worktree .']);
});
