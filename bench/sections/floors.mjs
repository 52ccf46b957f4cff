// Section "floors": how fast can anything go on this machine?
//   read-floor  a Node process that walks the tree and reads every file (single thread)
//   rg-j1       `rg -F -i -c` with keyhole's keyword list, one thread
//   rg-default  the same with rg's default thread count
// keyhole's own prefilter does (at least) what rg -F -i does, so these bound keyhole from below.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { keyholeKeywords, probeKeyhole } from '../lib/keyhole.mjs';
import { measure } from '../lib/measure.mjs';
import { hasCommand, log, probe } from '../lib/util.mjs';

export default {
  id: 'floors',
  title: 'Floors (read every file, rg -F -i with the keywords)',
  async run(ctx) {
    const target = ctx.corpus;

    await measure(ctx, 'read-floor', {
      label: 'read every file (node, 1 thread)',
      target,
      cmd: process.execPath,
      args: [ctx.readAllScript, target.dir],
      captureStdout: true,
      inspect: (r) => {
        const { bytes, files } = JSON.parse(r.stdout);
        if (bytes !== target.bytes) ctx.notes.push(`read floor read ${bytes} bytes, corpus has ${target.bytes}`);
        return { bytesRead: bytes, filesRead: files };
      },
    });

    ctx.keyhole ??= probeKeyhole(ctx.root);
    const kw = await keyholeKeywords(ctx.root, ctx.keyhole);
    ctx.keywords = { count: kw.keywords.length, source: kw.source };
    log(`  keywords: ${kw.keywords.length} from ${kw.source}`);

    if (!hasCommand('rg')) {
      skip(ctx, 'rg is not installed (apt-get install -y ripgrep); the rg floors are skipped');
      return;
    }
    if (!kw.keywords.length) {
      skip(ctx, `no keyword list available (${kw.source}); the rg floors are skipped`);
      return;
    }
    ctx.rgVersion = probe('rg', ['--version']).stdout.split('\n')[0];
    const kwFile = join(ctx.tmp, 'keywords.txt');
    writeFileSync(kwFile, `${kw.keywords.join('\n')}\n`);

    // --no-ignore --hidden: search every file, as keyhole --no-ignore does.
    // stdout is piped and drained, not sent to /dev/null: rg notices a /dev/null stdout and then
    // stops at the first match, which would make it look far faster than it is.
    const common = ['-F', '-i', '-c', '--no-ignore', '--hidden', '--no-messages', '-f', kwFile];
    const inspect = (r) => ({ filesMatched: r.stdout.split('\n').filter(Boolean).length });
    await measure(ctx, 'rg-j1', {
      label: 'rg -F -i keywords (-j1)', target, cmd: 'rg', args: [...common, '-j1', target.dir],
      okCodes: [0, 1], captureStdout: true, inspect,
    });
    await measure(ctx, 'rg-default', {
      label: 'rg -F -i keywords (default threads)', target, cmd: 'rg', args: [...common, target.dir],
      okCodes: [0, 1], captureStdout: true, inspect,
    });
  },
};

function skip(ctx, why) {
  log(`  SKIP: ${why}`);
  ctx.skipped['rg-j1'] = why;
  ctx.skipped['rg-default'] = why;
}
