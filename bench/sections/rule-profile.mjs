// Section "profile": where keyhole's single-core time goes, rule by rule.
// Runs `keyhole scan DIR --jobs 1 ... --profile FILE` once; FILE is JSON
//   { rules: [{ id, ms, runs, matches }], prefilterMs, decodeMs, totalMs }
// and prints the ten most expensive rules. Skips with a note if the flag does not exist yet.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { probeKeyhole } from '../lib/keyhole.mjs';
import { fmt, log, runTimed, tail } from '../lib/util.mjs';
import { KEYHOLE_OK, scanArgs } from './keyhole.mjs';

export default {
  id: 'profile',
  title: 'Per-rule cost (keyhole --profile, --jobs 1)',
  async run(ctx) {
    ctx.keyhole ??= probeKeyhole(ctx.root);
    const kh = ctx.keyhole;
    if (!kh.available) return note(ctx, `keyhole CLI not usable (${kh.reason}); per-rule costs skipped`);
    if (!kh.hasFlag('--profile')) return note(ctx, '`keyhole scan` has no --profile flag yet; per-rule costs skipped');

    const file = join(ctx.tmp, 'profile.json');
    const target = ctx.corpus;
    log(`  keyhole --jobs 1 --profile on ${target.name} ...`);
    const r = await runTimed(process.execPath, scanArgs(ctx, target.dir, 1, ['--profile', file]), { cwd: ctx.root });
    if (!KEYHOLE_OK.includes(r.code)) {
      log(tail(r.stderr, 12));
      return note(ctx, `keyhole --profile run failed (exit ${r.code}); per-rule costs skipped`);
    }
    let prof;
    try {
      prof = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      return note(ctx, `could not read the --profile output (${e.message})`);
    }
    const rules = [...(prof.rules ?? [])].sort((a, b) => b.ms - a.ms);
    const ruleMs = rules.reduce((s, x) => s + (x.ms ?? 0), 0);
    const totalMs = prof.totalMs ?? r.seconds * 1000;
    const top = rules.slice(0, 10);

    log(`  wall ${fmt.s(r.seconds)} s; profile: total ${ms(totalMs)}, prefilter ${ms(prof.prefilterMs)}, decode ${ms(prof.decodeMs)}, all ${rules.length} rules ${ms(ruleMs)}`);
    log('');
    log(`  ${'rule'.padEnd(36)} ${'ms'.padStart(9)} ${'% total'.padStart(8)} ${'runs'.padStart(10)} ${'matches'.padStart(9)} ${'µs/run'.padStart(8)}`);
    for (const x of top) {
      const pct = totalMs ? ((100 * x.ms) / totalMs).toFixed(1) : '-';
      const per = x.runs ? ((1000 * x.ms) / x.runs).toFixed(2) : '-';
      log(`  ${String(x.id).padEnd(36)} ${x.ms.toFixed(1).padStart(9)} ${pct.padStart(8)} ${String(x.runs ?? '-').padStart(10)} ${String(x.matches ?? '-').padStart(9)} ${per.padStart(8)}`);
    }
    ctx.profile = {
      data: target.name,
      wallSeconds: Math.round(r.seconds * 1000) / 1000,
      totalMs, prefilterMs: prof.prefilterMs, decodeMs: prof.decodeMs,
      ruleCount: rules.length, allRulesMs: ruleMs,
      top,
    };
  },
};

const ms = (v) => (typeof v === 'number' ? `${v.toFixed(0)} ms` : 'n/a');

function note(ctx, text) {
  log(`  NOTE: ${text}`);
  ctx.notes.push(text);
  ctx.profile = { skipped: text };
}
