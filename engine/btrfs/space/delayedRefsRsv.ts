// The delayed refs reserve (fs_info->delayed_refs_rsv, delayed-ref.c and block-rsv.c): metadata held for
// running the transaction's delayed refs. Its size grows by one delayed ref's worth per extent whose
// references change in the transaction (a ref head), data extents and the tree blocks a tree's first change
// in the transaction COWs; metadata that other block reserves give back fills it before it returns to the
// space_info; running the delayed refs (at commit, or FLUSH_DELAYED_REFS) empties it. Its reserved bytes
// count in the metadata bytes_may_use.
//
// SIMPLIFICATION: the engine applies each reference change at once; this reserve only keeps the kernel's
// metadata accounting of them until the commit (or a flush) says they ran.

import type { Recorder } from '../../trace/recorder.ts';
import type { BlockRsvRec } from '../../trace/records.ts';
import { calcInsertMetadataSize } from './globalRsv.ts';
import type { SpaceInfo } from './spaceInfo.ts';

/** btrfs_calc_delayed_ref_bytes(1): one insert's worth, doubled for the free space tree mkfs turns on. */
export function delayedRefBytes(nodeSize: number): number {
  return calcInsertMetadataSize(nodeSize, 1) * 2;
}

export class DelayedRefsRsv {
  size = 0;
  reserved = 0;
  /** Data extents (by bytenr) and trees (by name) with a ref head in the running transaction. */
  private readonly heads = new Set<number | string>();

  constructor(
    private readonly meta: SpaceInfo,
    private readonly nodeSize: number,
    private readonly rec: Recorder,
  ) {
    rec.change('blockRsv', 'delayed_refs', null, this.toRec());
  }

  private update(body: () => void): void {
    const before = this.rec.enabled ? this.toRec() : null;
    body();
    this.rec.change('blockRsv', 'delayed_refs', before, this.toRec());
  }

  /** The references of the extent at `bytenr` change in this transaction (a new ref head grows the size). */
  addHead(bytenr: number): void {
    this.add(bytenr);
  }

  /**
   * A tree changes for the first time in this transaction: its leaf is COWed, a new tree block whose
   * allocation is a delayed ref. SIMPLIFICATION: one head per tree per transaction (the kernel has one per
   * block of the path, and one for each block freed).
   */
  addTreeCow(tree: 'fs' | 'csum'): void {
    this.add(`${tree} tree`);
  }

  private add(head: number | string): void {
    if (this.heads.has(head)) return;
    this.heads.add(head);
    this.update(() => {
      this.size += delayedRefBytes(this.nodeSize);
    });
  }

  /** Takes what it lacks of `bytes` another reserve gives back (they stay in bytes_may_use); returns it. */
  absorb(bytes: number): number {
    const take = Math.max(0, Math.min(bytes, this.size - this.reserved));
    if (take > 0)
      this.update(() => {
        this.reserved += take;
      });
    return take;
  }

  /** The delayed refs ran: the reserve empties and gives its bytes back to the metadata space_info. */
  release(): number {
    const bytes = this.reserved;
    if (this.size === 0 && bytes === 0 && this.heads.size === 0) return 0;
    this.heads.clear();
    this.update(() => {
      this.size = 0;
      this.reserved = 0;
    });
    if (bytes > 0) this.meta.adjust({ mayUse: -bytes });
    return bytes;
  }

  /** Ref heads waiting (the delayed refs a run would process). */
  headCount(): number {
    return this.heads.size;
  }

  toRec(): BlockRsvRec {
    return { name: 'delayed_refs', size: this.size, reserved: this.reserved };
  }
}
