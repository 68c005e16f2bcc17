// The global block reserve (block-rsv.c, btrfs_update_global_block_rsv): metadata held back for the trees
// every transaction touches, sized from the root, extent and csum trees' bytes, and at least enough for an
// unlink's items and their delayed refs; at most 512 MiB. `btrfs filesystem df` shows it as GlobalReserve.
// Its reserved bytes count in the metadata space_info's bytes_may_use.

import { shortSize } from '../../core/units.ts';
import { MKFS_MIN_DEVICE, REFERENCE_DEVICE } from './mkfsLayout.ts';
import type { Recorder } from '../../trace/recorder.ts';
import type { BlockRsvRec } from '../../trace/records.ts';
import type { SpaceInfo } from './spaceInfo.ts';

/** BTRFS_MAX_LEVEL: reservations assume a path this deep. */
const MAX_LEVEL = 8;
/** BTRFS_UNLINK_METADATA_UNITS: the items an unlink touches. */
const UNLINK_METADATA_UNITS = 6;
const MAX_GLOBAL_RSV = 512 * 1024 * 1024;

/** btrfs_calc_insert_metadata_size: COW a path of MAX_LEVEL nodes, twice (a split), per item. */
export function calcInsertMetadataSize(
  nodeSize: number,
  items: number,
): number {
  return nodeSize * MAX_LEVEL * 2 * items;
}

/** btrfs_calc_metadata_size: COW one path of MAX_LEVEL nodes per item (an update, no split). */
export function calcMetadataSize(nodeSize: number, items: number): number {
  return nodeSize * MAX_LEVEL * items;
}

/**
 * The global reserve's size. `treeBytes`: the root, extent and csum trees' bytes. The minimum counts the
 * root tree, the extent, csum and free space trees and an unlink's items, plus the unlink's delayed refs
 * (doubled for the free space tree, which mkfs turns on). SIMPLIFICATION: the engine keeps no free space
 * tree but sizes the reserve as the kernel does with one; and on a device smaller than mkfs.btrfs accepts,
 * whose chunks mkfsLayout.ts scales down, the minimum scales with them (5.5 MiB would not fit).
 */
export function globalRsvSize(
  nodeSize: number,
  treeBytes: number,
  deviceSize: number,
): number {
  const minItems = 1 + 3 + UNLINK_METADATA_UNITS;
  let minimum =
    calcInsertMetadataSize(nodeSize, minItems) +
    calcInsertMetadataSize(nodeSize, UNLINK_METADATA_UNITS) * 2;
  if (deviceSize < MKFS_MIN_DEVICE)
    minimum =
      Math.floor((minimum * deviceSize) / REFERENCE_DEVICE / nodeSize) *
      nodeSize;
  return Math.min(Math.max(treeBytes, minimum), MAX_GLOBAL_RSV);
}

export class GlobalRsv {
  size = 0;
  reserved = 0;

  constructor(
    private readonly meta: SpaceInfo,
    private readonly rec: Recorder,
  ) {
    rec.change('blockRsv', 'global', null, this.toRec());
  }

  /** Resizes the reserve and fills it (or gives back its excess) in the metadata bytes_may_use. */
  update(size: number): string | null {
    if (size === this.size && this.reserved === size) return null;
    const before = this.rec.enabled ? this.toRec() : null;
    const delta = size - this.reserved;
    this.size = size;
    this.reserved = size;
    // As the kernel does, the reserve is filled whether or not the space_info has the room.
    this.meta.adjust({ mayUse: delta });
    this.rec.change('blockRsv', 'global', before, this.toRec());
    return `global block reserve ${shortSize(size)}: metadata bytes_may_use ${delta >= 0 ? '+=' : '-='} ${shortSize(Math.abs(delta))}`;
  }

  toRec(): BlockRsvRec {
    return { name: 'global', size: this.size, reserved: this.reserved };
  }
}
