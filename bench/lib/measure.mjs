// One timed contestant: run a command `runs` times over a target directory, keep the fastest
// successful run, and record MB/s in ctx.results under `id`.
import { MB, bestOf, fmt, log, runTimed, tail } from './util.mjs';

/**
 * @param ctx     the bench context (results are written to ctx.results[id])
 * @param id      stable key used in the JSON and by the bar (e.g. "keyhole-all")
 * @param spec    {
 *   label,                 human name for the table
 *   target: {dir, bytes, files, name},   what is scanned (bytes are the corpus' bytes)
 *   cmd, args, cwd, env,   the command
 *   okCodes = [0],         exit codes that mean "ran fine" (scanners exit 1 on findings)
 *   runs = ctx.runs,       timed repetitions
 *   timeoutSec,            per run; on timeout the run counts as "> timeoutSec s"
 *   captureStdout,         pipe stdout (drained and kept, for inspect) instead of /dev/null
 *   drainStdout,           pipe stdout and read it to the end without keeping it (huge outputs);
 *                          each run records stdoutBytes
 *   inspect(r),            optional: after each run, returns extra facts ({ findings, scannedBytes, ... })
 * }
 */
export async function measure(ctx, id, spec) {
  const runs = spec.runs ?? ctx.runs;
  const okCodes = spec.okCodes ?? [0];
  log(`  ${spec.label} on ${spec.target.name} (${fmt.mb(spec.target.bytes)} MB), ${runs} run${runs > 1 ? 's' : ''} ...`);
  const { best, all } = await bestOf(runs, async (i) => {
    const r = await runTimed(spec.cmd, spec.args, {
      cwd: spec.cwd, env: spec.env, timeoutSec: spec.timeoutSec, captureStdout: spec.captureStdout, drainStdout: spec.drainStdout,
    });
    const ok = !r.timedOut && okCodes.includes(r.code);
    const extra = ok && spec.inspect ? await spec.inspect(r) : {};
    const status = r.timedOut ? `TIMEOUT after ${spec.timeoutSec} s` : ok ? `exit ${r.code}` : `FAILED exit ${r.code ?? r.signal}`;
    log(`    run ${i + 1}: ${fmt.s(r.seconds)} s  (${status})`);
    if (!ok && !r.timedOut) log(indent(tail(r.stderr, 12)));
    return {
      ok, timedOut: r.timedOut, seconds: r.seconds, code: r.code, stderr: r.stderr,
      ...(spec.drainStdout ? { stdoutBytes: r.stdoutBytes } : {}), ...extra,
    };
  });

  const rec = {
    label: spec.label,
    data: spec.target.name,
    bytes: spec.target.bytes,
    files: spec.target.files,
    command: [spec.cmd, ...spec.args].join(' '),
    runs: all.map((r) => {
      const copy = { ...r, seconds: round(r.seconds) };
      delete copy.stderr; // kept only for error reports
      return copy;
    }),
    ok: best.ok,
    timedOut: !best.ok && all.some((r) => r.timedOut),
  };
  if (best.ok) {
    rec.seconds = round(best.seconds);
    rec.mbps = round(spec.target.bytes / MB / best.seconds);
  } else if (rec.timedOut) {
    // Lower bound on time → upper bound on speed.
    rec.seconds = spec.timeoutSec;
    rec.secondsIsLowerBound = true;
    rec.mbps = round(spec.target.bytes / MB / spec.timeoutSec);
    rec.mbpsIsUpperBound = true;
  } else {
    rec.error = tail(best.stderr ?? '', 20);
  }
  ctx.results[id] = rec;
  return rec;
}

const round = (x) => Math.round(x * 1000) / 1000;
const indent = (s) => s.split('\n').map((l) => `      | ${l}`).join('\n');
