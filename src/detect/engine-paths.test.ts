// The engine gives the same matches whether its byte kernels run in WebAssembly or in JavaScript
// (the fallback where WebAssembly cannot run), on every built-in rule's examples, encoded and plain,
// in a buffer long enough to cross the kernels' segment and stream boundaries.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { setKernelsEnabled } from '../native/kernels.js';
import { buildRuleSet } from '../rules/compile.js';
import { loadBuiltinRules } from '../rules/load.js';
import { scanBytes } from './engine.js';

after(() => setKernelsEnabled(true));

test('engine: the WebAssembly kernels and the JavaScript paths find the same matches', () => {
  const loaded = loadBuiltinRules();
  const rs = buildRuleSet(loaded);
  const parts: string[] = [];
  for (const r of loaded) {
    for (const ex of r.spec.examples) {
      const text = typeof ex === 'string' ? ex : ex.text;
      parts.push(text, `blob: ${Buffer.from(text).toString('base64')}`, `hex=${Buffer.from(text).toString('hex')}`);
    }
    for (const ex of r.spec.negative_examples) parts.push(typeof ex === 'string' ? ex : ex.text);
  }
  // Source-like filler between them, so the examples land at every offset of the 256 KB segments.
  const filler = 'const tokenizer = new Tokenizer(path, { pattern: /eaa/ }); // see https://example.com/docs\n';
  const lines: string[] = [];
  parts.forEach((p, i) => lines.push(p, filler.repeat(1 + (i % 7))));
  const bytes = Buffer.from(lines.join('\n'), 'utf8');
  assert.ok(bytes.length > 600_000, `a buffer of ${bytes.length} bytes`);
  setKernelsEnabled(true);
  const wasm = scanBytes(rs, bytes);
  setKernelsEnabled(false);
  const js = scanBytes(rs, bytes);
  setKernelsEnabled(true);
  assert.ok(wasm.length > 500, `${wasm.length} matches`);
  assert.deepEqual(wasm, js);
});
