// Copies non-TypeScript assets into dist/ after tsc: the built-in rule YAML, plus a JSON bundle of the
// rules parsed and validated here (with the schema's defaults filled in), so a scan neither parses YAML
// nor runs the schema in every process. A rule file that does not validate fails the build.
import fs from 'node:fs';
import path from 'node:path';
import { parseRuleDocument } from '../dist/rules/load.js';

const from = 'src/rules/builtin';
const to = 'dist/rules/builtin';
// Build into a fresh folder and swap it in, so a test running meanwhile never sees a half-copied set.
const tmp = `${to}.tmp-${process.pid}`;
fs.rmSync(tmp, { recursive: true, force: true });
fs.mkdirSync(tmp, { recursive: true });
const bundle = [];
for (const f of fs.readdirSync(from).sort()) {
  if (!/\.ya?ml$/.test(f)) continue;
  const text = fs.readFileSync(path.join(from, f), 'utf8');
  fs.writeFileSync(path.join(tmp, f), text);
  try {
    bundle.push({ file: f, rules: parseRuleDocument(text, `builtin/${f}`) });
  } catch (err) {
    console.error(`${path.join(from, f)}: ${err.message}`);
    process.exit(1);
  }
}
fs.writeFileSync(path.join(tmp, 'bundle.json'), JSON.stringify(bundle));
// The built-in rules' prefilter and keyword gates, so that scans load them instead of working them out
// (src/rules/prefilter-cache.ts, src/rules/gate-cache.ts).
{
  const { buildRuleSet, workOutGates } = await import('../dist/rules/compile.js');
  const { buildPrefilter } = await import('../dist/rules/prefilter.js');
  const { serializePrefilter } = await import('../dist/rules/prefilter-cache.js');
  const { gateKey, serializeGates } = await import('../dist/rules/gate-cache.js');
  const { loadBuiltinRules } = await import('../dist/rules/load.js');
  // Both worked out here, never taken from an earlier build's files.
  const loaded = loadBuiltinRules(tmp);
  const rs = buildRuleSet(loaded, { lazy: true });
  fs.writeFileSync(path.join(tmp, 'prefilter.json'), serializePrefilter(buildPrefilter(rs.keywords)));
  const gates = workOutGates(loaded, rs.rules, rs.keywordRules.map((l) => [...l]), rs.keywords);
  fs.writeFileSync(path.join(tmp, 'gates.json'), serializeGates(gateKey(loaded.map((r) => r.spec), rs.keywords), gates));
}
fs.rmSync(to, { recursive: true, force: true });
fs.renameSync(tmp, to);
