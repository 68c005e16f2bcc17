// `iomap-explorer run <scenario-id|file.json>`: run one scenario under one design and print every step,
// then a per-operation summary (result, data oracle, counters); --json prints a machine-readable summary.

import { createHash } from 'node:crypto';
import { createSimulation, describeOp } from '../../sim/simulation.ts';
import type { StepEvent } from '../../trace/events.ts';
import type { CountersRec } from '../../trace/records.ts';
import { VARIANT_IDS, type VariantId } from '../../scenario/types.ts';
import { loadScenario, parseVariant } from '../loadScenario.ts';
import type { Io } from '../output.ts';
import { parseTargetArgs } from '../targetArgs.ts';

export const RUN_HELP = `Usage:
  iomap-explorer run <scenario-id|file.json> [--variant V] [--json]

Runs the scenario under one design (default: srcmap) and prints every step, then a summary per operation.
Designs: ${VARIANT_IDS.join(', ')}.
--json prints { scenario, variant, events, counters, oracle, results, final }.
Exit code 0 even when the data oracle finds data loss: that is a finding, not a failure.`;

const DEFAULT_VARIANT: VariantId = 'srcmap';

export function runCommand(argv: readonly string[], io: Io): number {
  const args = parseTargetArgs(argv, io, {
    command: 'run',
    help: RUN_HELP,
    target: 'a scenario id or a .json file',
    one: 'scenario',
  });
  if (args === null) return 0;
  const { target: ref } = args;
  const variant =
    args.variant === undefined ? DEFAULT_VARIANT : parseVariant(args.variant);

  const scenario = loadScenario(ref, io);
  if (scenario === null) return 1;
  const sim = createSimulation({ scenario, variant, trace: true });
  const outcomes = sim.runAll();

  if (args.json) {
    const files = scenario.files.map((f) => {
      const bytes = sim.fileBytes(f.name);
      return {
        name: f.name,
        size: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
      };
    });
    const first = files[0];
    const summary = {
      scenario: scenario.id,
      variant,
      events: sim.events.length,
      counters: outcomes.map((o) => o.counters),
      oracle: {
        ok: outcomes.every((o) => o.oracle.ok),
        mismatches: outcomes.flatMap((o) => o.oracle.mismatches),
      },
      results: outcomes.map((o) => ({
        op: o.op,
        result: o.result,
        errno: o.error?.errno ?? null,
      })),
      final: {
        ...(first === undefined
          ? {}
          : { size: first.size, sha256: first.sha256 }),
        files,
      },
    };
    io.out(JSON.stringify(summary, null, 2));
    return 0;
  }

  const width = String(Math.max(0, sim.events.length - 1)).length;
  const lines = [`${scenario.id}: ${scenario.title} — design ${variant}`, ''];
  for (const event of sim.events) {
    const line = eventLine(event);
    if (line !== null)
      lines.push(
        `${String(event.seq).padStart(width)}  ${'  '.repeat(event.depth)}${line}`,
      );
  }
  lines.push('', 'Summary:');
  for (const o of outcomes) {
    const result =
      o.error === null
        ? `returns ${String(o.result)}`
        : `fails with ${o.error.errno}: ${o.error.message}`;
    lines.push(`  op ${String(o.op + 1)}: ${describeOp(o.spec)} ${result}`);
    lines.push(
      o.oracle.ok
        ? '    oracle: ok'
        : `    oracle: DATA LOSS: ${o.oracle.mismatches.join('; ')}`,
    );
    const counters = keyCounters(o.counters);
    lines.push(`    counters: ${counters.length > 0 ? counters : '(none)'}`);
  }
  io.out(lines.join('\n'));
  return 0;
}

/** One event as text, or null for events left out to keep the trace readable (call exits). */
function eventLine(event: StepEvent): string | null {
  if (event.kind === 'call.enter') return `→ ${event.fn}`;
  if (event.kind === 'call.exit') return null;
  return `[${event.kind}] ${event.note}`;
}

/** The non-zero counters as `name=value`, in the record's order. */
export function keyCounters(c: CountersRec): string {
  return Object.entries(c)
    .filter(([name, value]) => name !== 'op' && value !== 0)
    .map(([name, value]) => `${name}=${String(value)}`)
    .join(' ');
}
