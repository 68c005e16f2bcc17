// Holds the engine's replay of an exerciser op log (replay-fsx: the same log, the same byte rule) to the
// same log replayed on a real btrfs (or, for an XFS fixture, XFS) file of the same size: the final size
// and sha256, and which ops failed with what errno.

import { createHash } from 'node:crypto';
import { createSimulation } from '../engine/sim/simulation.ts';
import type { DesignId } from '../engine/scenario/types.ts';
import { createXfsSimulation } from '../engine/sim/xfsSimulation.ts';
import type { Difference } from './difference.ts';
import type { FsxReplayFixture } from './fixture.ts';
import { FSX_FILE, fsxScenario } from './recordFsxReplay.ts';

/** The replay's outcomes and final file under one design (xfs for an XFS fixture). */
function replay(fixture: FsxReplayFixture, design: DesignId) {
  // The engine replays on a device of the image's size, as the kernel did.
  const scenario = fsxScenario(
    fixture.log,
    fixture.id,
    fixture.geometry.imageBytes,
    fixture.filesystem,
  );
  if (design === 'xfs') {
    const sim = createXfsSimulation({ scenario, trace: false });
    const outcomes = sim.runAll();
    const chunks: Uint8Array[] = [];
    sim.streamFile(FSX_FILE, (b) => chunks.push(b.slice()));
    return { outcomes, bytes: Buffer.concat(chunks) };
  }
  const sim = createSimulation({
    scenario,
    variant: design,
    // Only the outcomes and the final file are compared: no step events (a quarter of the time).
    trace: false,
  });
  const outcomes = sim.runAll();
  return { outcomes, bytes: sim.fileBytes(FSX_FILE) };
}

export function compareFsx(
  fixture: FsxReplayFixture,
  variant: DesignId,
): Difference[] {
  const { outcomes, bytes } = replay(fixture, variant);
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
