// The engine side of a fill fixture: a new file on a fresh engine filesystem of the fixture's size, written
// write by write through a design's buffered write path until the first error or short write, then synced;
// and the engine's mkfs layout for an image size. Writes go straight into the design (no data oracle, which
// would read the growing file back after every write).

import { writepages } from '../engine/btrfs/writeback.ts';
import { commitTransaction } from '../engine/btrfs/transaction.ts';
import { UserBuffer } from '../engine/iomap/userBuffer.ts';
import type { VariantId } from '../engine/scenario/types.ts';
import { validateScenario } from '../engine/scenario/validate.ts';
import { createSimulation, type Simulation } from '../engine/sim/simulation.ts';
import { VARIANTS } from '../engine/variants/registry.ts';
import type { Fs } from '../engine/btrfs/fs.ts';
import type { KernelChunk, KernelSpace, SpaceCounters } from './fixture.ts';

export interface EngineFill {
  readonly bytesWritten: number;
  readonly writes: number;
  /** The errno of the first failed write, or "short". */
  readonly error: string;
  readonly chunks: readonly KernelChunk[];
  readonly space: KernelSpace;
}

/** A fresh engine filesystem with one empty file F on a device of `imageBytes`. */
export function freshEngineFs(
  imageBytes: number,
  variant: VariantId,
): Simulation {
  const v = validateScenario({
    id: 'fill',
    title: 'Fill to ENOSPC',
    description: 'One new file written until the first error.',
    geometry: { deviceSize: imageBytes },
    files: [{ name: 'F', size: 0 }],
    ops: [],
  });
  if (!v.ok) throw new Error(v.errors.map((e) => e.message).join('; '));
  return createSimulation({
    scenario: v.scenario,
    variant,
    trace: false,
    history: false,
  });
}

export function engineChunks(fs: Fs): KernelChunk[] {
  return fs.space.chunks.all().map((c) => ({
    logical: c.start,
    length: c.length,
    type:
      c.type === 'data'
        ? 'DATA'
        : c.type === 'metadata'
          ? 'METADATA'
          : 'SYSTEM',
    profile: c.profile,
    stripes: c.stripes,
  }));
}

export function engineSpace(fs: Fs): KernelSpace {
  const counters = (kind: 'data' | 'metadata' | 'system'): SpaceCounters => {
    const s = fs.space.info[kind];
    return {
      total: s.total,
      mayUse: s.mayUse,
      reserved: s.reserved,
      pinned: s.pinned,
      used: s.used,
    };
  };
  return {
    data: counters('data'),
    metadata: counters('metadata'),
    system: counters('system'),
    globalReserve: { size: fs.globalRsv.size, reserved: fs.globalRsv.reserved },
  };
}

/** Write k writes `writeBytes` at k * `stride` until a write fails or comes back short; then a sync. */
export function engineFill(
  imageBytes: number,
  writeBytes: number,
  stride: number,
  variant: VariantId,
): EngineFill {
  const sim = freshEngineFs(imageBytes, variant);
  const fs = sim.fs;
  const entry = fs.byName('F');
  if (entry === undefined) throw new Error('no file F');
  let bytesWritten = 0;
  let writes = 0;
  let error: string;
  for (;;) {
    const pos = writes * stride;
    const buf = new UserBuffer(writeBytes, { byte: 0xab }, writes + 1);
    const r = VARIANTS[variant].bufferedWrite(
      { fs, entry, buf, base: pos },
      pos,
      writeBytes,
    );
    if (!r.ok) {
      error = r.error.errno;
      break;
    }
    bytesWritten += r.value;
    if (r.value < writeBytes) {
      error = 'short';
      break;
    }
    writes++;
  }
  writepages(fs, entry, true);
  commitTransaction(fs, 'syncfs');
  return {
    bytesWritten,
    writes,
    error,
    chunks: engineChunks(fs),
    space: engineSpace(fs),
  };
}
