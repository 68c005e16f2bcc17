// `iomap-explorer run X2 --design xfs`: an XFS scenario under the XFS model, printed as `run` prints a btrfs
// run (steps, then per operation the result, the data oracle and the counters; --json, --trace, --events).
// Rule: no --image and no --cut-at: the XFS model writes no on-disk metadata, so nothing could be mounted.

import { createHash } from 'node:crypto';
import { describeOp } from '../../sim/simulation.ts';
import { createXfsSimulation } from '../../sim/xfsSimulation.ts';
import type { Scenario } from '../../scenario/types.ts';
import { chromeTrace } from '../../trace/chromeTrace.ts';
import { printJson, UsageError, type Io } from '../output.ts';
import { eventLine, jsonLines, keyCounters } from '../runText.ts';
import { writeText } from '../writeText.ts';

export interface RunXfsOptions {
  readonly json: boolean;
  readonly trace: string | undefined;
  readonly events: string | undefined;
  /** The option given that XFS cannot honour, if any. */
  readonly refused: string | null;
  readonly io: Io;
}

export function runXfs(scenario: Scenario, options: RunXfsOptions): number {
  const { io } = options;
  if (options.refused !== null)
    throw new UsageError(
      `${options.refused} is not available with --design xfs: the XFS model keeps its metadata (inodes, forks, refcounts, the log) in memory and writes only file data, so there is no image to commit or mount after a power cut (docs/xfs.md)`,
    );
  const sim = createXfsSimulation({ scenario, trace: true });
  const outcomes = sim.runAll();
  if (
    options.trace !== undefined &&
    !writeText(
      options.trace,
      'Chrome trace',
      [
        JSON.stringify(
          chromeTrace([
            { scenario: scenario.id, design: 'xfs', events: sim.events },
          ]),
        ),
      ],
      io,
    )
  )
    return 1;
  if (
    options.events !== undefined &&
    !writeText(options.events, 'event stream', jsonLines(sim.events), io)
  )
    return 1;
  const files = scenario.files.map((f) => {
    const size = sim.fs.byName(f.name)?.inode.isize ?? 0;
    const hash = createHash('sha256');
    sim.streamFile(f.name, (bytes) => hash.update(bytes));
    return { name: f.name, size, sha256: hash.digest('hex') };
  });
  if (options.json) {
    const first = files[0];
    printJson(io, {
      scenario: scenario.id,
      design: 'xfs',
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
    });
    return 0;
  }
  const width = String(Math.max(0, sim.events.length - 1)).length;
  const lines = [`${scenario.id}: ${scenario.title} — design xfs`, ''];
  for (const event of sim.events) {
    const line = eventLine(event);
    if (line !== null)
      lines.push(
        `${String(event.seq).padStart(width)}  ${'  '.repeat(event.depth)}${line}`,
      );
  }
  lines.push('', 'Summary:');
  for (const o of outcomes) {
    lines.push(
      `  op ${String(o.op + 1)}: ${describeOp(o.spec)} ${o.error === null ? `returns ${String(o.result)}` : `fails with ${o.error.errno}: ${o.error.message}`}`,
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
