// The archive analyzer: opens zip-family, tar, tar.gz/tgz and .gz content and scans every member, nested to a depth.
import type { Match } from '../../core/types.js';
import { isOfficeTextPart, isOfficeZip } from '../../detect/analyzers/office-text.js';
import type { Analyzer, AnalyzerContext, RandomAccess } from '../../detect/analyzers/types.js';
import { gunzip, GzipError, isGzip } from './gzip.js';
import { MemberScanner, StopArchive } from './members.js';
import { isTarHeader, TarError, TarReader } from './tar.js';
import { centralEntries, localEntries, readEntry, ZipError, type ZipEntry } from './zip.js';

export const isZip = (h: Uint8Array): boolean => h.length >= 4 && h[0] === 0x50 && h[1] === 0x4b && ((h[2] === 3 && h[3] === 4) || (h[2] === 5 && h[3] === 6));

function expandZip(ctx: AnalyzerContext, ms: MemberScanner): void {
  let entries: ZipEntry[];
  try {
    entries = centralEntries(ctx.input);
  } catch (err) {
    entries = localEntries(ctx.input, ctx.settings.maxEntries + 1);
    ctx.report((err as ZipError).code ?? 'ZIP_CORRUPT', `${(err as Error).message}${entries.length ? `; ${entries.length} members recovered from local headers` : ''}`);
  }
  const office = isOfficeZip(entries.map((e) => e.name));
  for (const e of entries) {
    if (e.name.endsWith('/') || (office && isOfficeTextPart(e.name))) continue;
    if (!ms.admit(e.name, e.size, e.compressedSize)) continue;
    let bytes: Uint8Array;
    try {
      bytes = readEntry(ctx.input, e, Math.min(e.size, ms.room()));
    } catch (err) {
      ctx.report(err instanceof ZipError ? err.code : 'ZIP_CORRUPT', (err as Error).message, e.name);
      continue;
    }
    ms.scan(e.name, bytes);
  }
}

function tarReader(ctx: AnalyzerContext, ms: MemberScanner): TarReader {
  return new TarReader((e) => ms.admit(e.name, e.size), (e, bytes) => ms.scan(e.name, bytes));
}

function expandTar(ctx: AnalyzerContext, ms: MemberScanner, input: RandomAccess): void {
  const tar = tarReader(ctx, ms);
  const step = 1 << 20;
  let pos = 0;
  while (pos < input.size && !tar.done) {
    const skip = tar.skippable();
    if (skip > 0) {
      const n = Math.min(skip, input.size - pos);
      tar.skip(n);
      pos += n;
      continue;
    }
    // Read no further than the member being skipped could start.
    const chunk = input.read(pos, step);
    tar.push(chunk);
    pos += chunk.length;
  }
  tar.end();
}

function expandGzip(ctx: AnalyzerContext, ms: MemberScanner): void {
  const s = ctx.settings;
  const name = (ctx.path.split(/[\\/!]/).pop() ?? '').replace(/\.(?:gz|gzip|z)$/i, '') || 'content';
  let head: Uint8Array | undefined;
  const held: Uint8Array[] = [];
  let heldBytes = 0;
  let tar: TarReader | undefined;
  let tooBig = false;
  gunzip(ctx.input, { maxBytes: s.maxArchiveBytes - ctx.budget.bytes, maxRatio: s.maxRatio, ratioMinBytes: s.ratioMinBytes }, (chunk) => {
    if (tar) { tar.push(chunk); return !tar.done; }
    held.push(chunk);
    heldBytes += chunk.length;
    if (!head && heldBytes >= 512) {
      head = Buffer.concat(held);
      if (isTarHeader(head)) {
        tar = tarReader(ctx, ms);
        held.length = 0;
        tar.push(head);
        return !tar.done;
      }
    }
    if (heldBytes > Math.min(s.maxMemberBytes, ms.room())) { tooBig = true; return false; }
    return true;
  });
  if (tar) { tar.end(); return; }
  if (tooBig) { ctx.report('MEMBER_TOO_LARGE', `uncompressed content is over the member limit ${Math.min(s.maxMemberBytes, ms.room())}: not scanned`, name); return; }
  const bytes = Buffer.concat(held);
  if (ms.admit(name, bytes.length)) ms.scan(name, bytes);
}

export const archives: Analyzer = {
  name: 'archive',
  binary: true,
  streaming: true,
  applies: (_path, head) => isZip(head) || isGzip(head) || isTarHeader(head),
  analyze(ctx: AnalyzerContext): Match[] {
    if (ctx.depth >= ctx.settings.maxDepth) {
      ctx.report('ARCHIVE_TOO_DEEP', `archive nested deeper than ${ctx.settings.maxDepth} levels: not opened`);
      return [];
    }
    const ms = new MemberScanner(ctx);
    const head = ctx.input.read(0, 512);
    try {
      if (isZip(head)) expandZip(ctx, ms);
      else if (isGzip(head)) expandGzip(ctx, ms);
      else expandTar(ctx, ms, ctx.input);
    } catch (err) {
      if (!(err instanceof StopArchive)) {
        const code = err instanceof GzipError || err instanceof TarError || err instanceof ZipError ? err.code : 'ARCHIVE_CORRUPT';
        ctx.report(code, (err as Error).message);
      }
    }
    return ms.matches;
  },
};
