// Assembles src/native/kernels.wat into dist/native/kernels.wasm (wabt, a build-time dependency).
import fs from 'node:fs';
import wabtInit from 'wabt';

const src = 'src/native/kernels.wat';
const out = 'dist/native/kernels.wasm';
const wabt = await wabtInit();
const mod = wabt.parseWat(src, fs.readFileSync(src, 'utf8'), { simd: true });
try {
  mod.resolveNames();
  mod.validate();
  const { buffer } = mod.toBinary({ log: false });
  fs.mkdirSync('dist/native', { recursive: true });
  // Written whole and renamed, so a test running meanwhile never loads half a module.
  fs.writeFileSync(`${out}.tmp-${process.pid}`, buffer);
  fs.renameSync(`${out}.tmp-${process.pid}`, out);
} finally {
  mod.destroy();
}
