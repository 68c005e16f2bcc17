// Holds the engine to one btrfs scenario fixture on what is stable across kernel versions and allocators:
// each op's result; the file's size and sha256; the data counters as deltas from the baseline (may_use
// exactly; reserved + used + pinned as one sum at every checkpoint, and each of the three at a commit, since
// before a commit the split depends on when delayed references run); the extent shape (extentShape.ts)
// and delalloc ranges as fiemap shows them (fiemapModel.ts); and the ordered extents each op added (file
// range and kind); where the fixture recorded it, the metadata bytes_may_use as a delta from the baseline,
// within METADATA_MAY_USE_TOLERANCE.

import type { Op, VariantId } from '../engine/scenario/types.ts';
import type { OrderedType } from '../engine/trace/records.ts';
import type {
  BtrfsScenarioFixture,
  Checkpoint,
  DataCounters,
} from './fixture.ts';
import {
  engineCheckpoints,
  type EngineCheckpoint,
  type OrderedAdd,
} from './engineCheckpoints.ts';
import {
  describeShape,
  extentShape,
  placedKernelExtents,
} from './extentShape.ts';
import { DifferenceList, type Difference } from './difference.ts';
import { describeRanges, engineFiemap, kernelDelalloc } from './fiemapModel.ts';

/** Ops after which the kernel has committed the transaction (a mount after a power cut replays and commits). */
const COMMITS: ReadonlySet<Op['op']> = new Set([
  'sync',
  'commit',
  'remount',
  'power-cut',
]);

function delta(c: DataCounters, base: DataCounters): DataCounters {
  return {
    mayUse: c.mayUse - base.mayUse,
    reserved: c.reserved - base.reserved,
    pinned: c.pinned - base.pinned,
    used: c.used - base.used,
  };
}

const held = (c: DataCounters) => c.reserved + c.used + c.pinned;

/**
 * How far the engine's metadata bytes_may_use (from the baseline) may be from the kernel's: one inode
 * update, calc_metadata_size(1) = 128 KiB with 16 KiB nodes. The kernel also reserves for the delayed inode
 * item a write leaves (btrfs_delayed_update_inode) until the delayed items run, which the engine does not
 * model (it updates inodes at once); everything else (the inode's block reserve, the global reserve) is
 * the same arithmetic on both sides.
 */
export const METADATA_MAY_USE_TOLERANCE = 128 * 1024;

/** The ordered extents btrfs_ordered_extent_add reported for the op. */
export function kernelOrdered(cp: Checkpoint): OrderedAdd[] {
  return cp.events
    .filter((e) => e.event === 'btrfs_ordered_extent_add')
    .map((e) => {
      const field = (name: string) =>
        new RegExp(`\\b${name}=(\\S+)`).exec(e.text)?.[1] ?? '';
      const flags = field('flags').split('|');
      const type: OrderedType = flags.includes('NOCOW')
        ? 'nocow'
        : flags.includes('PREALLOC')
          ? 'prealloc'
          : 'regular';
      return {
        fileOffset: Number(field('file_offset')),
        length: Number(field('len')),
        type,
      };
    });
}

function describeOrdered(list: readonly OrderedAdd[]): string {
  return list.length === 0
    ? 'none'
    : list
        .map(
          (o) =>
            `${o.type} [${String(o.fileOffset)}, ${String(o.fileOffset + o.length)})`,
        )
        .join(', ');
}

export function compareBtrfs(
  fixture: BtrfsScenarioFixture,
  variant: VariantId,
): Difference[] {
  const engine = engineCheckpoints(fixture.scenario, variant);
  const differences = new DifferenceList(fixture.id);
  const differ = differences.compare.bind(differences);
  const kBaseExtents = placedKernelExtents(fixture.baseline.extents);
  const eBaseExtents = engineFiemap(
    engine.baseline.extents,
    engine.baseline.delalloc,
  ).extents;
  const compareFile = (at: number, k: Checkpoint, e: EngineCheckpoint) => {
    differ(at, 'size', String(k.size), String(e.size));
    differ(at, 'sha256', k.sha256, e.sha256);
    const shown = engineFiemap(e.extents, e.delalloc);
    differ(
      at,
      'extents',
      describeShape(extentShape(placedKernelExtents(k.extents), kBaseExtents)),
      describeShape(extentShape(shown.extents, eBaseExtents)),
    );
    differ(
      at,
      'delalloc',
      describeRanges(kernelDelalloc(k.extents)),
      describeRanges(shown.delalloc),
    );
  };
  compareFile(-1, fixture.baseline, engine.baseline);
  differ(
    -1,
    'checkpoints',
    String(fixture.checkpoints.length),
    String(engine.checkpoints.length),
  );
  for (const [i, k] of fixture.checkpoints.entries()) {
    const e = engine.checkpoints[i];
    const op = fixture.scenario.ops[i];
    if (e === undefined || op === undefined) break;
    differ(i, 'result', k.result.ok ? 'ok' : k.result.errno, e.errno ?? 'ok');
    compareFile(i, k, e);
    const kd = delta(k.counters, fixture.baseline.counters);
    const ed = delta(e.counters, engine.baseline.counters);
    differ(i, 'counters.mayUse', String(kd.mayUse), String(ed.mayUse));
    if (k.metadata !== undefined && fixture.baseline.metadata !== undefined) {
      const km = k.metadata.mayUse - fixture.baseline.metadata.mayUse;
      const em = e.metadataMayUse - engine.baseline.metadataMayUse;
      if (Math.abs(km - em) > METADATA_MAY_USE_TOLERANCE)
        differ(i, 'metadata.mayUse', String(km), String(em));
    }
    differ(i, 'counters.held', String(held(kd)), String(held(ed)));
    if (COMMITS.has(op.op))
      for (const f of ['reserved', 'used', 'pinned'] as const)
        differ(i, `counters.${f}`, String(kd[f]), String(ed[f]));
    // At a power cut the kernel's events are the abandoned mount's unmount, which the copy never saw.
    if (op.op !== 'power-cut')
      differ(
        i,
        'ordered',
        describeOrdered(kernelOrdered(k)),
        describeOrdered(e.ordered),
      );
  }
  return differences.all;
}
