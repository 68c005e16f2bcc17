// The filesystems the write benchmarks run on: one file F, room for the whole volume, on a given device.

import type { BlockDevice } from '../engine/disk/blockDevice.ts';
import type { FsInode } from '../engine/btrfs/fs.ts';
import type { SizeSpec } from '../engine/scenario/types.ts';
import { validateScenario } from '../engine/scenario/validate.ts';
import { createSimulation, type Simulation } from '../engine/sim/simulation.ts';

const MiB = 1024 * 1024;

/** Device bytes a benchmark filesystem needs for `dataBytes` of file data in up to `extents` extents. */
export function deviceBytesFor(dataBytes: number, extents = 1): number {
  return (
    dataSpaceFor(dataBytes) + metadataSpaceFor(dataBytes, extents) + 16 * MiB
  );
}

function dataSpaceFor(dataBytes: number): number {
  return dataBytes + 32 * MiB;
}

/**
 * Metadata for the file extent and checksum items, with room for the reservations in flight: btrfs holds
 * 2 * BTRFS_MAX_LEVEL nodes (256 KiB with 16 KiB nodes) per outstanding extent until writeback, and the
 * engine does not flush delalloc to make room (a SIMPLIFICATION it documents), so every extent a run may
 * leave outstanding gets its room up front. The space is only counted: a device image is sparse.
 */
function metadataSpaceFor(dataBytes: number, extents: number): number {
  const perExtent = 256 * 1024;
  return Math.max(
    64 * MiB,
    Math.ceil(dataBytes / 8 / MiB) * MiB + extents * perExtent,
  );
}

export interface BenchFs {
  readonly sim: Simulation;
  readonly file: FsInode;
}

/**
 * A simulation of one file F (empty, or `existing` bytes of one written extent) on `device`, under the
 * srcmap design (the merged v5.5 semantics). Operations are driven directly, not through the scenario.
 */
export function benchFs(options: {
  readonly dataBytes: number;
  /** Extents the run may leave outstanding at once (1 for sequential writes, which merge). */
  readonly extents?: number;
  readonly existing: number;
  readonly trace: boolean;
  readonly device: BlockDevice;
}): BenchFs {
  const extents: { offset: SizeSpec; length: SizeSpec }[] =
    options.existing > 0 ? [{ offset: 0, length: options.existing }] : [];
  const v = validateScenario({
    id: 'bench',
    title: 'Benchmark file',
    description: 'One file written in 4 KiB pieces by the benchmark.',
    geometry: {
      deviceSize: options.device.size(),
      dataSpace: dataSpaceFor(options.dataBytes),
      metadataSpace: metadataSpaceFor(options.dataBytes, options.extents ?? 1),
    },
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
