// Scanning archive members: limits (entries, bytes, member size, depth), nested scans, and member-named matches and issues.
import type { Match } from '../../core/types.js';
import type { AnalyzerContext } from '../../detect/analyzers/types.js';

/** Thrown to stop reading an archive once a limit for the whole archive is reached (already reported). */
export class StopArchive extends Error {}

export class MemberScanner {
  readonly matches: Match[] = [];

  constructor(private readonly ctx: AnalyzerContext) {}

  /** May a member of this size be read? Reports (and for archive-wide limits throws StopArchive) when not. */
  admit(name: string, size: number, compressed?: number): boolean {
    const { settings: s, budget } = this.ctx;
    if (++budget.entries > s.maxEntries) {
      this.ctx.report('ARCHIVE_ENTRY_LIMIT', `more than ${s.maxEntries} members: the rest are not read`);
      throw new StopArchive();
    }
    if (compressed !== undefined && size > s.ratioMinBytes && size / Math.max(1, compressed) > s.maxRatio) {
      this.ctx.report('ARCHIVE_BOMB', `compression ratio ${Math.round(size / Math.max(1, compressed))}:1 (${size} bytes from ${compressed}): a decompression bomb, not expanded`, name);
      return false;
    }
    if (size > s.maxMemberBytes) {
      this.ctx.report('MEMBER_TOO_LARGE', `${size} bytes is over the member limit ${s.maxMemberBytes}: not scanned`, name);
      return false;
    }
    if (budget.bytes + size > s.maxArchiveBytes) {
      this.ctx.report('ARCHIVE_BYTE_LIMIT', `more than ${s.maxArchiveBytes} bytes uncompressed: the rest is not read`);
      throw new StopArchive();
    }
    return true;
  }

  /** Bytes a member may still take (for a reader that does not know the size in advance). */
  room(): number {
    return Math.min(this.ctx.settings.maxMemberBytes, this.ctx.settings.maxArchiveBytes - this.ctx.budget.bytes);
  }

  /** Scans one member's bytes (rules and analyzers, one level deeper) and records its matches under its name. */
  scan(name: string, bytes: Uint8Array): void {
    this.ctx.budget.bytes += bytes.length;
    const r = this.ctx.scan(bytes, name);
    for (const m of r.matches) {
      const member = m.inner?.kind === 'archive' ? `${name}!${m.inner.member}` : name;
      this.matches.push({ ...m, inner: { kind: 'archive', member }, ...(m.inner?.kind === 'jira' && !m.detail ? { detail: `${m.inner.issue} ${m.inner.field}` } : {}) });
    }
    for (const i of r.issues) this.ctx.report(i.code, i.message, i.member !== undefined ? `${name}!${i.member}` : name);
  }
}
