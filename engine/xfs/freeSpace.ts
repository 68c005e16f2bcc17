// XFS's free space as the write path sees it: the free-extent list the allocator takes blocks from, and the
// superblock counters m_fdblocks (free blocks not promised to anyone) and m_delalloc_blks (promised to
// delalloc extents) — XFS's counterparts of btrfs's bytes_may_use. Rule: a delalloc reservation takes from
// fdblocks at once; converting it to real blocks moves it out of delalloc, never twice out of fdblocks.

import { fail, ok, type Result } from '../core/errno.ts';
import { InvariantError } from '../core/assert.ts';
import { pickNear, type FreeExtent } from './allocNear.ts';

/** XFS_LOWSP_*: the five low-space thresholds, 1%..5% of the data blocks (xfs_set_low_space_thresholds). */
const LOW_SPACE_STEPS = 5;

export class XfsSpace {
  private free: FreeExtent[];
  /** m_fdblocks: blocks neither allocated nor reserved for delalloc. */
  fdblocks: number;
  /** m_delalloc_blks: blocks promised to delalloc extents of every inode. */
  delallocBlocks = 0;

  /**
   * A filesystem of `dblocks` blocks whose first `metaBlocks` hold the static metadata, with `used` (the
   * root inode chunk) taken too.
   * SIMPLIFICATION: one allocation group, no AGFL or btree blocks taken from free space as trees grow,
   * and no reserve pool (m_resblks) held back from fdblocks.
   */
  constructor(
    readonly dblocks: number,
    metaBlocks: number,
    used: readonly FreeExtent[] = [],
  ) {
    if (metaBlocks >= dblocks)
      throw new InvariantError('XfsSpace: no room for data');
    this.free = [{ startblock: metaBlocks, blockcount: dblocks - metaBlocks }];
    this.fdblocks = dblocks - metaBlocks;
    for (const u of used) {
      const i = this.free.findIndex(
        (f) =>
          f.startblock <= u.startblock &&
          f.startblock + f.blockcount >= u.startblock + u.blockcount,
      );
      if (i < 0) continue;
      this.take(i, u.startblock, u.blockcount);
      this.fdblocks -= u.blockcount;
    }
  }

  /** The free-extent list, sorted by block. */
  freeExtents(): readonly FreeExtent[] {
    return this.free;
  }

  /** m_low_space[i]: (i + 1)% of the data blocks. */
  lowSpace(step: number): number {
    return Math.floor(this.dblocks / 100) * (step + 1);
  }

  /** The throttle shift xfs_iomap_prealloc_size applies as free space falls under 5%, 4% ... 1%. */
  lowSpaceShift(): number {
    if (this.fdblocks >= this.lowSpace(LOW_SPACE_STEPS - 1)) return 0;
    let shift = 2;
    for (let step = LOW_SPACE_STEPS - 2; step >= 0; step--)
      if (this.fdblocks < this.lowSpace(step)) shift++;
    return shift;
  }

  /** xfs_dec_fdblocks for a delalloc reservation (xfs_bmapi_reserve_delalloc): ENOSPC when short. */
  reserveDelalloc(blocks: number): Result<void> {
    if (blocks > this.fdblocks)
      return fail(
        'ENOSPC',
        `delalloc reservation of ${String(blocks)} blocks with ${String(this.fdblocks)} free`,
      );
    this.fdblocks -= blocks;
    this.delallocBlocks += blocks;
    return ok(undefined);
  }

  /** xfs_add_fdblocks when a delalloc extent is punched or trimmed (xfs_bmap_del_extent_delay). */
  unreserveDelalloc(blocks: number): void {
    if (blocks > this.delallocBlocks)
      throw new InvariantError(
        `unreserve ${String(blocks)} of ${String(this.delallocBlocks)} delalloc blocks`,
      );
    this.delallocBlocks -= blocks;
    this.fdblocks += blocks;
  }

  /**
   * xfs_alloc_vextent for a delalloc conversion (wasdel): up to `want` blocks near `target` (pickNear).
   * The blocks were reserved already, so only m_delalloc_blks falls.
   */
  allocateDelalloc(want: number, target: number): FreeExtent {
    const got = this.allocate(want, target);
    this.delallocBlocks -= got.blockcount;
    return got;
  }

  /**
   * An allocation made outside delalloc (mkfs placing a scenario's prepared extents, each written at once
   * as the recorder writes it): up to `len` blocks near `target`, taken from fdblocks.
   */
  allocateNow(len: number, target: number): FreeExtent {
    if (len > this.fdblocks)
      throw new InvariantError(`allocateNow: ${String(len)} blocks not free`);
    const got = this.allocate(len, target);
    this.fdblocks -= got.blockcount;
    return got;
  }

  private allocate(want: number, target: number): FreeExtent {
    const got = pickNear(this.free, want, target);
    const i = this.free.findIndex(
      (f) =>
        f.startblock <= got.startblock &&
        f.startblock + f.blockcount > got.startblock,
    );
    this.take(i, got.startblock, got.blockcount);
    return got;
  }

  /** xfs_free_extent (via the deferred EFI): the blocks go back to the free list and to fdblocks. */
  freeBlocks(startblock: number, blockcount: number): void {
    const end = startblock + blockcount;
    if (
      this.free.some(
        (f) => f.startblock < end && f.startblock + f.blockcount > startblock,
      )
    )
      throw new InvariantError(
        `freeBlocks: [${String(startblock)}, +${String(blockcount)}) is already free`,
      );
    const next = [...this.free, { startblock, blockcount }].sort(
      (a, b) => a.startblock - b.startblock,
    );
    const merged: FreeExtent[] = [];
    for (const f of next) {
      const last = merged.at(-1);
      if (
        last !== undefined &&
        last.startblock + last.blockcount === f.startblock
      )
        merged[merged.length - 1] = {
          startblock: last.startblock,
          blockcount: last.blockcount + f.blockcount,
        };
      else merged.push(f);
    }
    this.free = merged;
    this.fdblocks += blockcount;
  }

  /** Removes blocks [start, +len) from free run `i`, leaving what lies before and after. */
  private take(i: number, start: number, len: number): void {
    const run = this.free[i];
    if (run === undefined) throw new InvariantError('take: no such free run');
    const pieces: FreeExtent[] = [];
    if (start > run.startblock)
      pieces.push({
        startblock: run.startblock,
        blockcount: start - run.startblock,
      });
    const runEnd = run.startblock + run.blockcount;
    if (start + len < runEnd)
      pieces.push({
        startblock: start + len,
        blockcount: runEnd - start - len,
      });
    this.free.splice(i, 1, ...pieces);
  }
}
