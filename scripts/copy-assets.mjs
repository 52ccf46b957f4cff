// Copies non-TypeScript assets (rule YAML, fixtures) from src/ into dist/ after tsc.
import fs from 'node:fs';
import path from 'node:path';

const copies = [['src/rules/builtin', 'dist/rules/builtin']];
for (const [from, to] of copies) {
  fs.rmSync(to, { recursive: true, force: true });
  fs.mkdirSync(to, { recursive: true });
  for (const f of fs.readdirSync(from)) if (/\.ya?ml$/.test(f)) fs.copyFileSync(path.join(from, f), path.join(to, f));
}
