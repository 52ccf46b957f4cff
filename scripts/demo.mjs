// The quick-start demo: writes a small tree with freshly generated (fake) leaked credentials and scans it.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const table = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (s) => {
  let c = 0xffffffff;
  for (const b of Buffer.from(s)) c = table[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const base62 = (n, w) => {
  let s = '';
  do {
    s = B62[n % 62] + s;
    n = Math.floor(n / 62);
  } while (n > 0);
  return s.padStart(w, '0');
};
const rand = (alphabet, n) => Array.from(crypto.randomBytes(n), (b) => alphabet[b % alphabet.length]).join('');
const body = rand(B62, 30);
const github = `ghp_${body}${base62(crc32(body), 6)}`;
const awsId = `AKIA${rand('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`;
const awsSecret = rand(B62 + '+/', 40);
const password = `Orbit${rand('0123456789', 2)}!${rand(B62, 8)}`;
const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyhole-demo-'));
const files = {
  'deploy/ci.sh': `#!/bin/sh\nexport GITHUB_TOKEN=${github}\naws configure set aws_access_key_id ${awsId}\naws configure set aws_secret_access_key ${awsSecret}\n`,
  'config/application-prod.yml': `spring:\n  datasource:\n    username: telemetry\n    password: ${password}\n`,
  'config/application-dev.yml': 'spring:\n  datasource:\n    password: ${DB_PASSWORD}\n',
  'keys/ops.pem': privateKey.export({ format: 'pem', type: 'sec1' }),
  'README.md': 'AWS docs example: AKIAIOSFODNN7EXAMPLE (not a finding)\n',
};
for (const [p, text] of Object.entries(files)) {
  fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
  fs.writeFileSync(path.join(dir, p), text);
}
console.log(`demo tree with fake credentials: ${dir}\n$ keyhole scan ${dir}\n`);
const bin = fileURLToPath(new URL('../bin/keyhole.js', import.meta.url));
// The scan records into a store (by default .keyhole/keyhole.db in the current directory; here a
// temporary one), which `keyhole report` then reads: the rotation plan, most urgent first.
const storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyhole-demo-store-'));
const store = path.join(storeDir, 'keyhole.db');
const r = spawnSync(process.execPath, [bin, 'scan', dir, '--store', store, ...process.argv.slice(2)], { stdio: 'inherit' });
let reported = 0;
if (r.status === 1) {
  console.log(`\n$ keyhole report --store ${store} --format plan\n`);
  reported = spawnSync(process.execPath, [bin, 'report', '--store', store, '--format', 'plan'], { stdio: 'inherit' }).status ?? 1;
}
fs.rmSync(dir, { recursive: true, force: true });
fs.rmSync(storeDir, { recursive: true, force: true });
// keyhole scan exits 1 when it finds something, which is what the demo expects.
process.exit(r.status === 1 && reported === 0 ? 0 : 1);
