// `iomap-explorer run X2 --design xfs`: an XFS scenario under the XFS model, printed as `run` prints a btrfs
// run (steps, then per operation the result, the data oracle and the counters; --json, --trace, --events).
// Rule: no --image and no --cut-at: the XFS model writes no on-disk metadata, so nothing could be mounted.

import { createHash } from 'node:crypto';
import { createXfsSimulation } from '../../sim/xfsSimulation.ts';
import type { Scenario } from '../../scenario/types.ts';
import { chromeTrace } from '../../trace/chromeTrace.ts';
import { printJson, UsageError, type Io } from '../output.ts';
import { jsonLines, runJson, runListing } from '../runText.ts';
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
    printJson(
      io,
      runJson(scenario.id, 'xfs', sim.events.length, outcomes, files),
    );
    return 0;
  }
  const lines = runListing(
    `${scenario.id}: ${scenario.title} — design xfs`,
    sim.events,
    outcomes,
  );
  io.out(lines.join('\n'));
  return 0;
}
