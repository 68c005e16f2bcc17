// `iomap-explorer crash <scenario-id|file.json>`: the crash-point enumerator (engine/check/crash.ts) under
// each correct design the scenario names, or one given design: cut points, violations and lost fsync'ed
// bytes per design. Exit 0 only when every design has no violation and lost no byte.

import { crashScenario, type CrashReport } from '../../check/crash.ts';
import { describeOp } from '../../sim/describeOp.ts';
import {
  VARIANT_IDS,
  type Scenario,
  type VariantId,
} from '../../scenario/types.ts';
import { loadScenario } from '../loadScenario.ts';
import { printJson, type Io } from '../output.ts';
import { parseTargetArgs } from '../targetArgs.ts';
import { wallClockMs } from '../wallClock.ts';
import { btrfsDesign } from '../designOption.ts';

/** The design built to show the bug: it is compared, never crash-checked, unless asked for by name. */
const BUGGY: VariantId = 'v1-posted';
/** Violations printed in full per design; --json lists them all. */
const SHOWN = 10;
/** At most one progress line per this many milliseconds. */
const PROGRESS_MS = 2000;

export const CRASH_HELP = `Usage:
  iomap-explorer crash <scenario-id|file.json> [--design D] [--json]

Runs the scenario once to count its step events, then again for every event boundary with the power cut
just before that event, twice (every unflushed write lost; a seeded part of them landing in any order),
mounts again and checks fsck's invariants (quiescent and committed) and that no fsync'ed or synced byte
was lost. Designs: every one the scenario names except ${BUGGY}, or just --design D
(${VARIANT_IDS.join(', ')}; --variant is another name for --design).
Prints per design the events, cut points, runs, violations and lost fsync'ed bytes, and the first
${String(SHOWN)} violations in full. Progress goes to stderr on long runs.
--json prints { schemaVersion, scenario, designs: [{ design, events, cutPoints, runs, violations, lostDurableBytes }] }
with every violation as { event, op (0-based), seed?, problems }.
Exit code 0 when no design has a violation or a lost byte; 1 otherwise, or when the scenario cannot be
loaded.`;

export function crashCommand(argv: readonly string[], io: Io): number {
  const args = parseTargetArgs(argv, io, {
    command: 'crash',
    help: CRASH_HELP,
    target: 'a scenario id or a .json file',
    one: 'scenario',
  });
  if (args === null) return 0;
  const { target: ref } = args;
  const requested = btrfsDesign(args.design, 'crash') ?? null;

  const scenario = loadScenario(ref, io);
  if (scenario === null) return 1;
  const variants =
    requested === null
      ? scenario.variants.filter((v) => v !== BUGGY)
      : [requested];
  if (variants.length === 0) {
    io.err(
      `iomap-explorer: scenario ${scenario.id} names no design but ${BUGGY}; choose one with --design`,
    );
    return 1;
  }

  const reports = variants.map((variant) => crashOne(scenario, variant, io));
  const ok = reports.every(
    (r) => r.violations.length === 0 && r.lostDurableBytes === 0,
  );
  if (args.json)
    printJson(io, {
      scenario: scenario.id,
      designs: reports.map((r) => ({
        design: r.variant,
        events: r.events,
        cutPoints: r.cutPoints,
        runs: r.runs,
        violations: r.violations,
        lostDurableBytes: r.lostDurableBytes,
      })),
    });
  else io.out(textReport(scenario, reports, ok));
  return ok ? 0 : 1;
}

/** One design's crash report, with a progress line on stderr every PROGRESS_MS of a long run. */
function crashOne(scenario: Scenario, variant: VariantId, io: Io): CrashReport {
  const started = wallClockMs();
  let shown = started;
  return crashScenario(scenario, variant, (done, total) => {
    const t = wallClockMs();
    if (t - shown < PROGRESS_MS || done === total) return;
    shown = t;
    io.err(
      `crash ${scenario.id} ${variant}: ${String(done)} of ${String(total)} cut points, ${((t - started) / 1000).toFixed(1)} s elapsed`,
    );
  });
}

function textReport(
  scenario: Scenario,
  reports: readonly CrashReport[],
  ok: boolean,
): string {
  const lines = [
    `crash ${scenario.id}: ${scenario.title} — power cut before every step event, then mount and check`,
  ];
  for (const r of reports) {
    lines.push(
      '',
      `design ${r.variant}: ${String(r.events)} events, ${String(r.cutPoints)} cut points, ${String(r.runs)} runs`,
      `  violations: ${String(r.violations.length)}`,
      `  lost fsync'ed bytes: ${String(r.lostDurableBytes)}`,
    );
    for (const v of r.violations.slice(0, SHOWN)) {
      const spec = scenario.ops[v.op];
      const during =
        spec === undefined
          ? 'no op was interrupted (the run ended before the cut)'
          : `during op ${String(v.op + 1)}: ${describeOp(spec)}`;
      const loss =
        v.seed === undefined
          ? 'every unflushed write lost'
          : `seed ${String(v.seed)}: a seeded part of the unflushed writes landed`;
      lines.push(
        `  cut before event ${String(v.event)}, ${during}; ${loss}`,
        ...v.problems.map((p) => `    ${p}`),
      );
    }
    const more = r.violations.length - SHOWN;
    if (more > 0)
      lines.push(`  ... and ${String(more)} more (--json lists them all)`);
  }
  lines.push(
    '',
    ok
      ? `verdict: ok: no violation and no lost fsync'ed byte under ${plural(reports.length, 'design')}`
      : 'verdict: FAILED: see the violations and lost bytes above',
  );
  return lines.join('\n');
}

function plural(n: number, word: string): string {
  return `${String(n)} ${word}${n === 1 ? '' : 's'}`;
}
