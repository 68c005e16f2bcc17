// The engine side of a reclaim fixture: the fixture's file laid out as Linux laid it out (its extents cut
// at the engine's largest data block group), then the same random 4 KiB overwrites straight into a
// design's buffered write path, counting the commits and the metadata space_info's flush states as the
// step events report them. No data oracle: the overwrites are what is measured.

import { dataChunkPieces } from '../engine/btrfs/space/chunkSize.ts';
import { UserBuffer } from '../engine/iomap/userBuffer.ts';
import type { VariantId } from '../engine/scenario/types.ts';
import { validateScenario } from '../engine/scenario/validate.ts';
import { createSimulation } from '../engine/sim/simulation.ts';
import { VARIANTS } from '../engine/variants/registry.ts';
import type { ReclaimFixture } from './fixture.ts';
import { reclaimOffsets } from './recordReclaim.ts';

export interface EngineReclaim {
  readonly commits: number;
  readonly metadataFlushStates: Readonly<Record<string, number>>;
}

export function engineReclaim(
  fixture: ReclaimFixture,
  variant: VariantId,
): EngineReclaim {
  const v = validateScenario({
    id: fixture.id,
    title: 'Random overwrites',
    description: 'A file on disk, overwritten 4 KiB at a time at random.',
    geometry: { deviceSize: fixture.imageBytes },
    files: [
      {
        name: 'F',
        size: fixture.fileBytes,
        extents: fixture.prepared.flatMap((e) =>
          dataChunkPieces(e.logical, e.length, fixture.imageBytes),
        ),
      },
    ],
    ops: [],
  });
  if (!v.ok) throw new Error(v.errors.map((e) => e.message).join('; '));
  const sim = createSimulation({
    scenario: v.scenario,
    variant,
    trace: true,
    history: false,
  });
  sim.takeEvents();
  const entry = sim.fs.byName('F');
  if (entry === undefined) throw new Error('no file F');
  let commits = 0;
  let inFlushSpace = false;
  const metadataFlushStates: Record<string, number> = {};
  const offsets = reclaimOffsets(
    fixture.seed,
    fixture.fileBytes,
    fixture.writes,
  );
  for (const [k, pos] of offsets.entries()) {
    const buf = new UserBuffer(4096, { byte: 0xcd }, k + 1);
    const r = VARIANTS[variant].bufferedWrite(
      { fs: sim.fs, entry, buf, base: pos },
      pos,
      4096,
    );
    if (!r.ok || r.value !== 4096)
      throw new Error(
        `${fixture.id}: overwrite ${String(k)} at ${String(pos)} failed: ${r.ok ? `short (${String(r.value)})` : r.error.message}`,
      );
    for (const e of sim.takeEvents())
      if (e.kind === 'btrfs.commit' && e.phase === 'trees') commits++;
      else if (e.kind === 'call.enter') inFlushSpace = e.fn === 'flush_space';
      // A flush_space frame opens with the event naming its state (the one that says what it did follows).
      else if (e.kind === 'btrfs.flush' && inFlushSpace) {
        inFlushSpace = false;
        if (e.space === 'metadata')
          metadataFlushStates[e.state] =
            (metadataFlushStates[e.state] ?? 0) + 1;
      }
  }
  return { commits, metadataFlushStates };
}
