// Holds the engine's replay of an exerciser op log (replay-fsx: the same log, the same byte rule) to the
// same log replayed on a real btrfs file of the same size: the final size and sha256, and which ops failed
// with what errno.

import { createHash } from 'node:crypto';
import { createSimulation } from '../engine/sim/simulation.ts';
import type { VariantId } from '../engine/scenario/types.ts';
import type { Difference } from './difference.ts';
import type { FsxReplayFixture } from './fixture.ts';
import { FSX_FILE, fsxScenario } from './recordFsxReplay.ts';

export function compareFsx(
  fixture: FsxReplayFixture,
  variant: VariantId,
): Difference[] {
  const sim = createSimulation({
    // The engine replays on a device of the image's size, as the kernel did.
    scenario: fsxScenario(fixture.log, fixture.id, fixture.geometry.imageBytes),
    variant,
  });
  const outcomes = sim.runAll();
  const bytes = sim.fileBytes(FSX_FILE);
  const differences: Difference[] = [];
  const differ = (
    checkpoint: number | null,
    field: string,
    kernel: string,
    engine: string,
  ) => {
    if (kernel !== engine)
      differences.push({
        scenario: fixture.id,
        checkpoint,
        field,
        kernel,
        engine,
      });
  };
  differ(null, 'size', String(fixture.size), String(bytes.length));
  differ(
    null,
    'sha256',
    fixture.sha256,
    createHash('sha256').update(bytes).digest('hex'),
  );
  const kernelErrors = new Map(fixture.errors.map((e) => [e.k - 1, e.errno]));
  for (const o of outcomes)
    differ(
      o.op,
      'result',
      kernelErrors.get(o.op) ?? 'ok',
      o.error?.errno ?? 'ok',
    );
  return differences;
}
