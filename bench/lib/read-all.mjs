#!/usr/bin/env node
// The "read every file" floor: walk a tree and read every regular file into a Buffer, one at a
// time, on a single thread (readFileSync: no libuv thread pool). No scanner can be faster than
// this in Node, so keyhole's time is judged against it. Run as its own process by the bench, so
// that Node's start-up is counted exactly as it is for keyhole.
//
// Usage: node bench/lib/read-all.mjs DIR   → prints {"bytes":N,"files":N} on stdout
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = process.argv[2];
if (!root) {
  process.stderr.write('usage: read-all.mjs DIR\n');
  process.exit(2);
}

let bytes = 0;
let files = 0;
// Iterative walk (an explicit stack) to avoid deep recursion on deep trees.
const stack = [root];
while (stack.length) {
  const dir = stack.pop();
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) stack.push(p);
    else if (e.isFile()) {
      const buf = readFileSync(p);
      bytes += buf.length;
      files++;
    }
  }
}
process.stdout.write(`${JSON.stringify({ bytes, files })}\n`);
