// The WebAssembly kernels (kernels.wat): the prefilter's DFA in four streams, and base64-run finding with SIMD.
//
// One instance per thread, made on first use. Memory layout (grown as inputs need):
//   [0, 256)            byte classes of the loaded prefilter, times 2 (a class's byte offset in a row)
//   [1024, CHECKS)      its u16 transition table, states renumbered (see `wasmState`)
//   [CHECKS, IN)        32 bytes per output state: what the bytes of its keyword must be (`KeywordChecks`)
//   [IN, OUT)           the input: LEAD_MAX zero bytes, the bytes, then zero padding
//   [OUT, ...)          results: DFA output pairs (four streams), or base64 run pairs
// A loaded input stays valid until the next `load`: callers finish with one input before the next.
//
// A file can be read straight into the input region (`inputBuffer`, then `useInput`): the kernels then
// read it where it is, with no copy. While such a file is in use, other inputs (what decodes from it)
// are copied to a second region after the file's, and memory is never grown (that would detach the
// file's bytes): an input that does not fit there is left to the JavaScript paths.
import fs from 'node:fs';
import type { HitSink, Prefilter } from '../rules/prefilter.js';
import { distUrl } from '../core/assets.js';

// The WebAssembly global, typed for what is used here (TypeScript's lib without DOM does not declare it).
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports?: object) => { exports: unknown };
};

interface Exports {
  memory: WasmMemory;
  dfa(b: number, q: number, lead: number, shift: number, outbit: number, out: number, stride: number, checks: number): void;
  runs(p: number, n: number, out: number, min: number): number;
  decodable(p: number, out: number, count: number): number;
  count(p: number, n: number, byte: number): number;
}

const DELTA = 1024;
/** Prefilter input is run in segments of this many bytes (four streams of a quarter each). */
const SEGMENT = 1 << 18;
const STREAMS = 4;
const PAD_AFTER = 256;

let exportsOf: Exports | undefined | null;

/** Off: every caller takes its JavaScript path (tests compare the two; KEYHOLE_NO_WASM=1 does it for a run). */
let enabled = process.env['KEYHOLE_NO_WASM'] !== '1';

/** Turns the kernels off or on (for tests that check the JavaScript paths give the same results). */
export function setKernelsEnabled(on: boolean): void {
  enabled = on;
}

function instance(): Exports | undefined {
  if (!enabled) return undefined;
  if (exportsOf === undefined) {
    try {
      const bytes = fs.readFileSync(distUrl('native/kernels.wasm'));
      exportsOf = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as Exports;
    } catch {
      exportsOf = null; // no WebAssembly (or no SIMD) here: callers use the JavaScript paths
    }
  }
  return exportsOf ?? undefined;
}

/** Whether the kernels can run in this process. */
export function kernelsAvailable(): boolean {
  return instance() !== undefined;
}

let tables: Prefilter | undefined;
let inAt = 0; // where input regions start: after the loaded transition table
let lead = 0; // zero bytes before the input (the loaded prefilter's longest keyword - 1)
let loaded: Uint8Array | undefined;
let loadedLength = 0;

function ensure(wasm: Exports, bytes: number): void {
  const have = wasm.memory.buffer.byteLength;
  if (bytes > have) wasm.memory.grow(Math.ceil((bytes - have) / 65536));
}

/**
 * The bit that marks output states in the kernel's numbering: the smallest power of two above every
 * state without an output. States below `firstOutput` keep their number; output state firstOutput + k
 * becomes outbit + k, so one test of the four streams' states or-ed together finds any output.
 */
function outputBit(pf: Prefilter): number {
  let bit = 1;
  while (bit < pf.firstOutput) bit <<= 1;
  return bit;
}

function wasmState(pf: Prefilter, outbit: number, s: number): number {
  return s < pf.firstOutput ? s : s - pf.firstOutput + outbit;
}

/** The DFA kernel's limits: u16 transition entries in its numbering, and a row index that fits. */
export function prefilterFits(pf: Prefilter): boolean {
  return pf.delta instanceof Uint16Array && pf.maxKeyword <= 4096 && outputBit(pf) + pf.outputs.length <= 65536;
}

let outbit = 0;
let checksAt = 0;
let loadedChecks: KeywordChecks | undefined;

/**
 * For each output state of a prefilter (in order), what its keyword's bytes must be for a hit to be
 * worth reporting: 32 bytes each, an i64 mask and an i64 value compared with the 8 bytes that start
 * `back` (an i32) bytes before the keyword's last byte. All zero: every hit is reported. Built from a
 * rule set (detect/kernel-checks.ts); the kernel drops the hits that no rule's gate could pass.
 */
export type KeywordChecks = Uint8Array;

function loadTables(wasm: Exports, pf: Prefilter): void {
  if (tables === pf) return;
  outbit = outputBit(pf);
  const rows = outbit + pf.outputs.length;
  checksAt = (DELTA + rows * pf.width * 2 + 63) & ~63;
  inAt = (checksAt + pf.outputs.length * 32 + 63) & ~63;
  ensure(wasm, inAt + 65536);
  const mem = new Uint8Array(wasm.memory.buffer);
  for (let b = 0; b < 256; b++) mem[b] = pf.classOf[b]! * 2;
  const table = new Uint16Array(wasm.memory.buffer, DELTA, rows * pf.width);
  const states = pf.delta.length >> pf.shift;
  for (let s = 0; s < states; s++) {
    const from = s << pf.shift;
    const to = wasmState(pf, outbit, s) << pf.shift;
    for (let c = 0; c < pf.width; c++) table[to + c] = wasmState(pf, outbit, pf.delta[from + c]!);
  }
  tables = pf;
  loaded = undefined;
  loadedChecks = undefined;
  new Uint8Array(wasm.memory.buffer, checksAt, pf.outputs.length * 32).fill(0);
}

function loadChecks(wasm: Exports, pf: Prefilter, checks: KeywordChecks | undefined): void {
  if (checks === loadedChecks) return;
  const region = new Uint8Array(wasm.memory.buffer, checksAt, pf.outputs.length * 32);
  if (checks && checks.length === region.length) region.set(checks);
  else region.fill(0);
  loadedChecks = checks;
}

const align16 = (x: number): number => (x + 15) & ~15;

/** Bytes of results an input of n bytes may need: DFA pairs for a segment, or base64 run pairs. */
const outBytes = (n: number): number => Math.max(STREAMS * (SEGMENT / STREAMS + 2) * 8, Math.ceil(n / 20 + 2) * 8) + 64;

/** Where results go for an input of capacity n at `at`: after the input and its padding. */
const outAfter = (at: number, n: number): number => align16(at + n + PAD_AFTER + 64);

// The loaded input's address and where its results go.
let inputAt = 0;
let outputAt = 0;

// A file read straight into the input region (`useInput`), and the region's capacity.
let primary: Uint8Array | undefined;
let primaryCap = 0;

/** Where other inputs go while a file is in the input region: after it and its results. */
const scratchAt = (): number => align16(outAfter(inAt + 4096, primaryCap) + outBytes(primaryCap)) + 4096;
/** Room for other inputs while a file is in the input region: as large as the file, and at least this. */
const SCRATCH_MIN = 8 << 20;

/**
 * A buffer of `size` bytes in the kernels' memory to read a file into, so that the kernels read it
 * where it is (`useInput` with the bytes read, then `releaseInput` when done). It stays at one place:
 * bytes read into an earlier buffer are still there in a larger one asked for later (an earlier
 * buffer may be detached by that call). Room is made for one more input as large as the file (what
 * decodes from a file is no larger; an archive member may be, and over SCRATCH_MIN takes the JavaScript
 * paths). Undefined where the kernels cannot run.
 */
export function inputBuffer(pf: Prefilter, size: number): Buffer | undefined {
  const wasm = instance();
  if (!wasm || !prefilterFits(pf)) return undefined;
  loadTables(wasm, pf);
  primary = undefined;
  primaryCap = Math.max(primaryCap, size);
  const room = Math.max(primaryCap, SCRATCH_MIN);
  ensure(wasm, outAfter(scratchAt(), room) + outBytes(room) + 64);
  loaded = undefined;
  return Buffer.from(wasm.memory.buffer, inAt + 4096, size);
}

/** The file read into the `inputBuffer`: these bytes (from its start) are the input until `releaseInput`. */
export function useInput(bytes: Uint8Array): void {
  const wasm = instance();
  if (!wasm || bytes.buffer !== wasm.memory.buffer || bytes.byteOffset !== inAt + 4096 || bytes.length > primaryCap) return;
  primary = bytes;
  loaded = undefined;
}

/** Done with the file in the input region: other inputs may use it (and memory may grow) again. */
export function releaseInput(): void {
  primary = undefined;
  loaded = undefined;
}

/**
 * Makes `bytes` the kernels' input (once per input: the kernels read the same copy): the file in the
 * input region as it is, anything else copied. With no prefilter the tables stay as they are (or the
 * input starts where they would). False, having done nothing, when a copy does not fit while a file
 * holds the input region (memory must not grow then).
 */
function load(wasm: Exports, pf: Prefilter | undefined, bytes: Uint8Array): boolean {
  // Other tables would be written where the file in the input region may lie.
  if (pf && pf !== tables && primary !== undefined) return false;
  if (pf) loadTables(wasm, pf);
  else if (!tables) inAt = DELTA;
  if (loaded === bytes && loadedLength === bytes.length) return true;
  lead = tables && tables.maxKeyword > 0 ? tables.maxKeyword - 1 : 0;
  const n = bytes.length;
  let at: number;
  if (primary !== undefined && bytes === primary) {
    at = inAt + 4096;
    outputAt = outAfter(at, primaryCap);
  } else {
    at = primary !== undefined ? scratchAt() : inAt + 4096;
    outputAt = outAfter(at, n);
    const need = outputAt + outBytes(n);
    if (need > wasm.memory.buffer.byteLength) {
      if (primary !== undefined) return false;
      ensure(wasm, need);
    }
  }
  const mem = new Uint8Array(wasm.memory.buffer);
  mem.fill(0, at - lead, at);
  if (bytes !== primary) mem.set(bytes, at);
  mem.fill(0, at + n, at + n + PAD_AFTER);
  inputAt = at;
  loaded = bytes;
  loadedLength = n;
  return true;
}

/**
 * Runs the prefilter DFA over `bytes` and reports every keyword occurrence in order of its end, like
 * `runPrefilter`, but for those `checks` rule out. Returns false (having done nothing) when the
 * kernels cannot run it.
 */
export function runPrefilterNative(pf: Prefilter, bytes: Uint8Array, hit: HitSink, checks?: KeywordChecks): boolean {
  const wasm = instance();
  if (!wasm || !prefilterFits(pf)) return false;
  // The prefilter is the first kernel to see a buffer: it always copies (a caller may refill and
  // rescan one buffer); the kernels after it in the same scan reuse the copy.
  loaded = undefined;
  if (!load(wasm, pf, bytes)) return false;
  loadChecks(wasm, pf, checks);
  const n = bytes.length;
  const at = inputAt;
  const out = outputAt;
  const { outputs, shift } = pf;
  for (let seg = 0; seg < n; seg += SEGMENT) {
    const len = Math.min(SEGMENT, n - seg);
    const q = (Math.ceil(len / STREAMS) + 1) & ~1; // even: the kernel takes two steps a turn
    const stride = q * 8;
    // Streams of the last segment may read past the input: into the zero padding (PAD_AFTER >= 2 * STREAMS),
    // or into the next segment's bytes, whose hits are dropped below (they are reported with that segment).
    wasm.dfa(at + seg - lead, q, lead, shift + 1, outbit, out, stride, checksAt);
    const i32 = new Int32Array(wasm.memory.buffer);
    const counts = (out - 16) >> 2;
    for (let j = 0; j < STREAMS; j++) {
      const c = i32[counts + j]!;
      let o = (out + j * stride) >> 2;
      for (let e = 0; e < c; e++, o += 2) {
        const end = i32[o]! - at + 1; // a pair holds the address of the keyword's last byte
        if (end > seg + len) break;
        const ks = outputs[i32[o + 1]!]!;
        for (let t = 0; t < ks.length; t++) hit(ks[t]!, end);
      }
    }
  }
  return true;
}

/**
 * [start, end) pairs of every maximal run of base64 characters at least `min` (>= 20) long, or undefined
 * when the kernels cannot run here. With `decodable`, only the runs that may decode: plausible base64
 * of text whose first 16 characters decode to no control byte, or holding 24 hex digits in a row
 * (detect/decode.ts makes the same tests and more on each).
 */
export function base64RunsNative(pf: Prefilter, bytes: Uint8Array, min: number, decodable = false): Int32Array | undefined {
  const wasm = instance();
  if (!wasm || !prefilterFits(pf) || min < 20 || min > 64) return undefined;
  if (!load(wasm, pf, bytes)) return undefined;
  const n = bytes.length;
  const out = outputAt;
  let count = wasm.runs(inputAt, n, out, min);
  if (decodable && count > 0) count = wasm.decodable(inputAt, out, count);
  return new Int32Array(wasm.memory.buffer, out, count * 2).slice();
}

/** How many of bytes[from, to) equal `byte`, or undefined when the kernels cannot run here. */
export function countByteNative(bytes: Uint8Array, from: number, to: number, byte: number): number | undefined {
  const wasm = instance();
  if (!wasm) return undefined;
  if (!load(wasm, undefined, bytes)) return undefined;
  return wasm.count(inputAt + from, to - from, byte);
}

/** For tests: forget the loaded input, so the next call copies again. */
export function resetKernels(): void {
  loaded = undefined;
  tables = undefined;
  primary = undefined;
  primaryCap = 0;
}
