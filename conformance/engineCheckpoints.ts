// Runs a scenario in the engine one operation at a time and reads, after setup and after each operation,
// the same things the recorder measured on the kernel: the data space_info counters, the file's extents
// (as filefrag would see them), its size and sha256, the ordered extents the operation added, its result.

import { createHash } from 'node:crypto';
import { EXTENT } from '../engine/btrfs/ioTreeBits.ts';
import { createSimulation } from '../engine/sim/simulation.ts';
import type { Scenario, VariantId } from '../engine/scenario/types.ts';
import type { OrderedType } from '../engine/trace/records.ts';
import {
  applyEvent,
  emptyState,
  type ReducedState,
} from '../engine/trace/reducer.ts';
import type { DataCounters } from './fixture.ts';
import type { PlacedExtent } from './extentShape.ts';
import type { Range } from './fiemapModel.ts';

/** An ordered extent as btrfs_ordered_extent_add describes it. */
export interface OrderedAdd {
  readonly fileOffset: number;
  readonly length: number;
  readonly type: OrderedType;
}

export interface EngineCheckpoint {
  /** The errno, or null when the operation succeeded. */
  readonly errno: string | null;
  readonly counters: DataCounters;
  /** The metadata space_info's bytes_may_use (the global reserve included). */
  readonly metadataMayUse: number;
  readonly extents: readonly PlacedExtent[];
  /** Ranges whose DELALLOC bit is set in the file's extent io tree. */
  readonly delalloc: readonly Range[];
  readonly size: number;
  readonly sha256: string;
  readonly ordered: readonly OrderedAdd[];
}

function counters(state: ReducedState): DataCounters {
  const data = state.tables.space.get('data');
  if (data === undefined) throw new Error('the engine has no data space_info');
  return {
    mayUse: data.mayUse,
    reserved: data.reserved,
    pinned: data.pinned,
    used: data.used,
  };
}

/**
 * The file's extents with the kernel's FIEMAP_EXTENT_SHARED rule: a disk extent is shared when another root
 * references it (the engine's `shared` flag) or when two file extent items reference it with different
 * back references (inode, file offset minus offset into the extent) — a clone, not a split bookend.
 */
function extents(state: ReducedState, ino: number): PlacedExtent[] {
  const items = [...state.tables.fileExtent.values()];
  const backrefs = new Map<number, Set<string>>();
  for (const it of items) {
    if (it.diskBytenr === 0) continue;
    const refs = backrefs.get(it.diskBytenr) ?? new Set<string>();
    refs.add(`${String(it.ino)}:${String(it.offset - it.extentOffset)}`);
    backrefs.set(it.diskBytenr, refs);
  }
  return items
    .filter((it) => it.ino === ino && it.diskBytenr !== 0)
    .sort((a, b) => a.offset - b.offset)
    .map((it) => ({
      logical: it.offset,
      physical: it.diskBytenr + it.extentOffset,
      length: it.numBytes,
      unwritten: it.type === 'prealloc',
      shared:
        (state.tables.extentItem.get(String(it.diskBytenr))?.shared ?? false) ||
        (backrefs.get(it.diskBytenr)?.size ?? 0) > 1,
    }));
}

/** The baseline (after setup) and one checkpoint per operation of the scenario's one file. */
export function engineCheckpoints(
  scenario: Scenario,
  variant: VariantId,
): { baseline: EngineCheckpoint; checkpoints: EngineCheckpoint[] } {
  const [file] = scenario.files;
  if (file === undefined) throw new Error(`${scenario.id} has no file`);
  const sim = createSimulation({ scenario, variant });
  const state = emptyState();
  const entry = sim.fs.byName(file.name);
  if (entry === undefined)
    throw new Error(`${scenario.id}: no file ${file.name}`);
  const ino = entry.inode.ino;
  const take = (from: number, errno: string | null): EngineCheckpoint => {
    const ordered: OrderedAdd[] = [];
    for (const event of sim.events.slice(from)) {
      applyEvent(state, event);
      for (const c of event.changes ?? [])
        if (
          c.table === 'ordered' &&
          c.before === null &&
          c.after !== null &&
          c.after.ino === ino
        )
          ordered.push({
            fileOffset: c.after.fileOffset,
            length: c.after.numBytes,
            type: c.after.type,
          });
    }
    const bytes = sim.fileBytes(file.name);
    return {
      errno,
      counters: counters(state),
      metadataMayUse: state.tables.space.get('metadata')?.mayUse ?? 0,
      extents: extents(state, ino),
      delalloc: [...state.tables.ioRange.values()]
        .filter((r) => r.ino === ino && (r.bits & EXTENT.DELALLOC) !== 0)
        .map((r) => ({ start: r.start, end: r.end })),
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      ordered,
    };
  };
  const baseline = take(0, null);
  const checkpoints: EngineCheckpoint[] = [];
  for (;;) {
    const from = sim.events.length;
    const outcome = sim.step();
    if (outcome === null) break;
    checkpoints.push(take(from, outcome.error?.errno ?? null));
  }
  return { baseline, checkpoints };
}
