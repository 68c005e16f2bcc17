// Where an extent moves at CoW completion: when a step inserts a file extent item, the disk address its file
// range had before the operation rewrote it (from the item the same operation dropped or split), so the panel
// can draw the range travelling from its old disk address to its new one. Pure; reads the event log only.

import type { FileExtentRec, StepEvent } from '@engine';

export interface ExtentMove {
  readonly ino: number;
  /** The file range that moved. */
  readonly offset: number;
  readonly numBytes: number;
  /** Its disk address before, and after this step. */
  readonly fromDisk: number;
  readonly toDisk: number;
}

/** The disk address of file byte `at` under item `r`. */
function diskOf(r: FileExtentRec, at: number): number {
  return r.diskBytenr + r.extentOffset + (at - r.offset);
}

/**
 * The move step `seq` makes, or null: a file extent item inserted with a disk address (not a hole) whose
 * file range, earlier in the same operation, was mapped somewhere else on disk (btrfs_finish_ordered_io
 * drops the old item, then insert_reserved_file_extent adds the new one).
 */
export function extentMove(
  events: readonly StepEvent[],
  seq: number,
): ExtentMove | null {
  const e = events[seq];
  if (e === undefined || e.op < 0) return null;
  for (const c of e.changes ?? []) {
    if (c.table !== 'fileExtent' || c.after === null || c.before !== null)
      continue;
    const added = c.after;
    if (added.diskBytenr === 0) continue;
    for (let s = seq - 1; s >= 0; s--) {
      const prev = events[s];
      if (prev === undefined || prev.op !== e.op) break;
      for (const p of prev.changes ?? []) {
        if (p.table !== 'fileExtent' || p.before === null) continue;
        const old = p.before;
        if (
          old.ino !== added.ino ||
          old.diskBytenr === 0 ||
          added.offset < old.offset ||
          added.offset >= old.offset + old.numBytes
        )
          continue;
        const fromDisk = diskOf(old, added.offset);
        const toDisk = diskOf(added, added.offset);
        if (fromDisk === toDisk) continue;
        return {
          ino: added.ino,
          offset: added.offset,
          numBytes: added.numBytes,
          fromDisk,
          toDisk,
        };
      }
    }
  }
  return null;
}
