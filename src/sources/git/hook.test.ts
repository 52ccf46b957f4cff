// The documented pre-commit hook: `keyhole scan --staged .` blocks a commit that adds a secret, `git commit -a` included.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { BIN } from '../../testing/cli.js';
import { commit, g, initRepo, testEnv, tmp, write } from './testing.js';

test('a pre-commit hook running keyhole scan --staged blocks secrets, lets clean commits through', () => {
  const dir = initRepo(path.join(tmp(), 'hooked'));
  write(dir, { 'app.env': 'password: "${DB_PASSWORD}"\n' });
  g(dir, 'add', '-A');
  commit(dir, 'first');
  const hook = path.join(dir, '.git', 'hooks', 'pre-commit');
  fs.writeFileSync(hook, `#!/bin/sh\nexec "${process.execPath}" "${BIN}" scan --staged --quiet --jobs 1 .\n`, { mode: 0o755 });
  const tryCommit = (...args: string[]): { code: number | null; out: string } => {
    const r = spawnSync('git', ['commit', '-q', ...args, '-m', 'change'], { cwd: dir, env: testEnv(), encoding: 'utf8' });
    return { code: r.status, out: r.stdout + r.stderr };
  };

  // `git commit -a` stages into a temporary index that only the hook's GIT_INDEX_FILE names.
  write(dir, { 'app.env': 'password: "Zaurak52#Hw6Tkb"\n' });
  const blocked = tryCommit('-a');
  assert.equal(blocked.code, 1, blocked.out);
  assert.match(blocked.out, /app\.env/);
  assert.equal(g(dir, 'rev-list', '--count', 'HEAD'), '1');

  write(dir, { 'app.env': 'password: "${DB_PASSWORD}"\nhost: db\n' });
  const clean = tryCommit('-a');
  assert.equal(clean.code, 0, clean.out);
  assert.equal(g(dir, 'rev-list', '--count', 'HEAD'), '2');
});
