// The filesystems the write benchmarks run on: one file F, room for the whole volume, on a given device.

import type { BlockDevice } from '../engine/disk/blockDevice.ts';
import type { FsInode } from '../engine/btrfs/fs.ts';
import { DEVICE_RANGE_RESERVED } from '../engine/btrfs/space/chunkMap.ts';
import { dataChunkPieces } from '../engine/btrfs/space/chunkSize.ts';
import { mkfsSizes } from '../engine/btrfs/space/mkfsLayout.ts';
import { validateScenario } from '../engine/scenario/validate.ts';
import { createSimulation, type Simulation } from '../engine/sim/simulation.ts';

const MiB = 1024 * 1024;

/**
 * Device bytes a benchmark filesystem needs for `dataBytes` of file data: mkfs's chunks (metadata and system
 * DUP, the reserved first MiB) leave the rest for data chunks, and that rest must hold the data with a
 * quarter to spare and 64 MiB more for the metadata chunks the run adds. Linux 6.18 agrees with the engine
 * that a 144 MiB btrfs holds 63 MiB of data (64 MiB of sequential 4 KiB writes fail at 63 MiB on both),
 * so a fixed share of the device is not enough for small files. The space is only counted: a device image
 * is sparse.
 */
export function deviceBytesFor(dataBytes: number): number {
  const needed = Math.ceil((dataBytes * 1.25) / MiB) * MiB + 64 * MiB;
  let size = needed;
  for (;;) {
    const mkfs = mkfsSizes(size);
    const forData =
      size - DEVICE_RANGE_RESERVED - 2 * mkfs.system - 2 * mkfs.metadata;
    if (forData >= needed) return size;
    size += 16 * MiB;
  }
}

export interface BenchFs {
  readonly sim: Simulation;
  readonly file: FsInode;
}

/**
 * A simulation of one file F (empty, or `existing` bytes written as extents of one data chunk each) on
 * `device` (sized with deviceBytesFor), under the srcmap design (the merged v5.5 semantics). Operations
 * are driven directly, not through the scenario.
 */
export function benchFs(options: {
  readonly existing: number;
  readonly trace: boolean;
  readonly device: BlockDevice;
}): BenchFs {
  // An extent lies inside one block group: the existing data is as many extents as its data chunks take.
  const extents = dataChunkPieces(0, options.existing, options.device.size());
  const v = validateScenario({
    id: 'bench',
    title: 'Benchmark file',
    description: 'One file written in 4 KiB pieces by the benchmark.',
    geometry: { deviceSize: options.device.size() },
    files: [{ name: 'F', size: options.existing, extents }],
    ops: [],
  });
  if (!v.ok)
    throw new Error(
      `bench scenario: ${v.errors.map((e) => e.message).join('; ')}`,
    );
  const sim = createSimulation({
    scenario: v.scenario,
    variant: 'srcmap',
    trace: options.trace,
    history: false,
    device: options.device,
  });
  const file = sim.fs.byName('F');
  if (file === undefined) throw new Error('bench scenario: no file F');
  return { sim, file };
}
