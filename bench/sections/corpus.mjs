// Section "corpus": makes sure the corpus and its subsets exist (building them on a fresh
// machine), and warms the page cache so that every contestant is timed on cached files.
//
// Sets ctx.fullCorpus (everything installed), ctx.corpus (what keyhole and the floors scan: the full
// corpus, or a 30 MB sample with --quick) and ctx.peerSubset (what the slow peers scan).
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureCorpus, ensureSubset } from '../lib/corpus.mjs';
import { MB, fmt, log, runTimed } from '../lib/util.mjs';

export default {
  id: 'corpus',
  title: 'Corpus',
  always: true, // every other section needs it
  async run(ctx) {
    const { opts } = ctx;
    const dir = opts.corpus ? resolve(opts.corpus) : join(homedir(), '.cache', 'keyhole-bench', 'corpus');
    const full = await ensureCorpus(dir, { userSupplied: Boolean(opts.corpus) });
    ctx.fullCorpus = { name: 'corpus', dir: full.dir, bytes: full.bytes, files: full.files, packages: full.packages };
    log(`  full corpus: ${full.dir}  ${fmt.mb(full.bytes)} MB, ${full.files} files${full.reused ? ' (cached)' : ''}`);
    if (!opts.quick && full.bytes < 150 * MB) log(`  note: the corpus is under 150 MB; figures will be noisier`);

    if (opts.quick) {
      const q = ensureSubset(full.dir, `${full.dir}-quick-30mb`, 30 * MB, { maxFileBytes: 3 * MB });
      ctx.corpus = { name: 'quick-30mb', ...pick(q) };
      log(`  --quick corpus: ${q.dir}  ${fmt.mb(q.bytes)} MB, ${q.files} files`);
    } else {
      ctx.corpus = ctx.fullCorpus;
    }

    if (!opts.skipPeers) {
      const peerMb = opts.peerMb ?? (opts.quick ? 5 : 20);
      // .svg is left out: gitleaks' default config skips images (svg included) by path, so it
      // would "scan" those bytes for free.
      const s = ensureSubset(full.dir, `${full.dir}-subset-${peerMb}mb`, peerMb * MB, { excludeExt: ['.svg'] });
      ctx.peerSubset = { name: `subset-${peerMb}mb`, ...pick(s) };
      log(`  peer subset: ${s.dir}  ${fmt.mb(s.bytes)} MB, ${s.files} files`);
    }

    // Warm the page cache: read everything once, untimed (24 GB of RAM holds it easily).
    const warm = await runTimed(process.execPath, [ctx.readAllScript, ctx.corpus.dir]);
    log(`  page cache warmed (${fmt.s(warm.seconds)} s)`);
  },
};

const pick = (s) => ({ dir: s.dir, bytes: s.bytes, files: s.files });
