// Streaming gunzip over random access (fflate, fed in small slices) with output counting, so a gzip bomb is stopped early.
import { lazyPackage } from '../../core/lazy.js';

const fflate = lazyPackage<typeof import('fflate')>('fflate');
import type { RandomAccess } from '../../detect/analyzers/types.js';

export class GzipError extends Error {
  constructor(readonly code: 'GZIP_CORRUPT' | 'GZIP_TRUNCATED' | 'GZIP_BOMB' | 'GZIP_LIMIT', message: string) {
    super(message);
  }
}

export const isGzip = (head: Uint8Array): boolean => head.length >= 3 && head[0] === 0x1f && head[1] === 0x8b && head[2] === 8;

export interface GunzipLimits {
  /** Stop (GZIP_LIMIT) after this many output bytes. */
  maxBytes: number;
  maxRatio: number;
  ratioMinBytes: number;
}

const READ = 1 << 20;
const SLICE = 16 << 10;

/**
 * Inflates `input` and hands the output to `onData` chunk by chunk; `onData` returning false stops early.
 * A deflate stream expands at most ~1032:1, so a 16 KB slice yields at most ~16 MB before the checks run.
 */
export function gunzip(input: RandomAccess, limits: GunzipLimits, onData: (chunk: Uint8Array) => boolean | void): { bytesIn: number; bytesOut: number } {
  let bytesOut = 0;
  let bytesIn = 0;
  let stop = false;
  let ended = false;
  let failure: unknown;
  const g = new (fflate().Gunzip)((chunk, final) => {
    if (final) ended = true;
    if (stop || chunk.length === 0) return;
    bytesOut += chunk.length;
    try {
      if (onData(chunk) === false) stop = true;
    } catch (err) {
      failure = err;
      stop = true;
    }
  });
  for (let pos = 0; pos < input.size && !stop; pos += READ) {
    const block = input.read(pos, READ);
    for (let s = 0; s < block.length && !stop; s += SLICE) {
      const slice = block.subarray(s, s + SLICE);
      bytesIn += slice.length;
      try {
        g.push(slice, pos + s + slice.length >= input.size);
      } catch (err) {
        throw failure ?? new GzipError('GZIP_CORRUPT', `cannot inflate: ${(err as Error).message}`);
      }
      if (failure) throw failure;
      if (bytesOut > limits.ratioMinBytes && bytesOut / bytesIn > limits.maxRatio) {
        throw new GzipError('GZIP_BOMB', `expands more than ${limits.maxRatio}:1 (${bytesOut} bytes from ${bytesIn}): a decompression bomb, not expanded`);
      }
      if (bytesOut > limits.maxBytes) throw new GzipError('GZIP_LIMIT', `more than ${limits.maxBytes} bytes uncompressed: the rest is not read`);
    }
  }
  if (!stop && !ended) throw new GzipError('GZIP_TRUNCATED', `compressed stream ends early (after ${bytesOut} bytes of output)`);
  return { bytesIn, bytesOut };
}
