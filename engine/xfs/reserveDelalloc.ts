// xfs_bmapi_reserve_delalloc (libxfs/xfs_bmap.c): put a delayed-allocation extent into a hole of one
// fork, in the COW fork grown to the cowextsize hint. Rule: the reservation never overlaps a neighbour
// and always covers the blocks asked for; it returns the new fork and the extent it reserved.

import { InvariantError } from '../core/assert.ts';
import {
  extentEnd,
  insertExtent,
  lookupExtent,
  MAX_EXTLEN,
  type DelallocExtent,
  type ForkExtents,
} from './forkExtents.ts';

export interface DelallocRequest {
  /** First block to reserve (offset_fsb). */
  readonly off: number;
  /** Blocks asked for, preallocation included. */
  readonly len: number;
  /** The COW fork's extent size hint in blocks, or 0 for the data fork (no alignment). */
  readonly extsz: number;
}

export interface Reserved {
  readonly fork: ForkExtents;
  readonly extent: DelallocExtent;
}

/**
 * xfs_bmap_extsize_align, for a delalloc reservation in a hole: widen [off, off+len) out to multiples of
 * `extsz`, then pull the edges back so they do not reach into the previous or next extent of the fork.
 * SIMPLIFICATION: the kernel may also slide an aligned range backwards when the next extent blocks it
 * (keeping its length); we only clip, which gives the same answer whenever the neighbours are aligned.
 */
export function alignToExtsz(
  off: number,
  len: number,
  extsz: number,
  prevEnd: number,
  nextStart: number,
): { readonly off: number; readonly len: number } {
  let start = Math.floor(off / extsz) * extsz;
  let end = Math.ceil((off + len) / extsz) * extsz;
  if (start < prevEnd) start = prevEnd;
  if (end > nextStart) end = Math.max(off + len, nextStart);
  if (end - start > MAX_EXTLEN) end = start + MAX_EXTLEN;
  return { off: start, len: end - start };
}

/**
 * Reserves delalloc blocks at `req.off` in `fork`, which must be a hole there. The length is capped at
 * MAX_EXTLEN and at the next extent; with `extsz` (the COW fork's use_cowextszhint, taken when there is
 * no speculative preallocation) it is aligned by alignToExtsz.
 * SIMPLIFICATION: no quota, no fdblocks or indirect-block (indlen) accounting and so no ENOSPC retry
 * without the hint; the returned extent is the reservation itself, before any merge with a neighbour.
 */
export function reserveDelalloc(
  fork: ForkExtents,
  req: DelallocRequest,
): Reserved {
  const next = lookupExtent(fork, req.off);
  if (next !== undefined && next.startoff <= req.off) {
    throw new InvariantError(
      `reserveDelalloc: block ${String(req.off)} is not a hole`,
    );
  }
  let len = Math.min(req.len, MAX_EXTLEN);
  if (next !== undefined) len = Math.min(len, next.startoff - req.off);
  let off = req.off;
  if (req.extsz > 0) {
    const prev = fork.filter((e) => extentEnd(e) <= req.off).at(-1);
    const aligned = alignToExtsz(
      off,
      len,
      req.extsz,
      prev === undefined ? 0 : extentEnd(prev),
      next === undefined ? Number.POSITIVE_INFINITY : next.startoff,
    );
    off = aligned.off;
    len = aligned.len;
  }
  const extent: DelallocExtent = {
    state: 'delalloc',
    startoff: off,
    blockcount: len,
  };
  return { fork: insertExtent(fork, extent), extent };
}
