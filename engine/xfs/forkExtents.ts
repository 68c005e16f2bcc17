// One XFS inode fork's in-core extent list (struct xfs_ifork's iext tree), in file system blocks.
// Rule: pure — every change returns a new sorted, non-overlapping, fully merged list; a bad edit throws.

import { InvariantError } from '../core/assert.ts';

/** XFS_MAX_BMBT_EXTLEN: the longest extent a bmbt record holds (21 bits of block count). */
export const MAX_EXTLEN = 0x1fffff;

/** A delayed allocation: blocks reserved but not yet placed (br_startblock is nullstartblock(indlen)). */
export interface DelallocExtent {
  readonly state: 'delalloc';
  readonly startoff: number;
  readonly blockcount: number;
}

/** A real extent: file blocks [startoff, +blockcount) live at disk blocks [startblock, +blockcount). */
export interface RealExtent {
  /** XFS_EXT_NORM (written) or XFS_EXT_UNWRITTEN (allocated, reads as zeroes). */
  readonly state: 'written' | 'unwritten';
  readonly startoff: number;
  readonly blockcount: number;
  readonly startblock: number;
}

/** struct xfs_bmbt_irec as the in-core forks hold it. */
export type ForkExtent = DelallocExtent | RealExtent;

/** The gap lookupMapping reports where no extent lies (HOLESTARTBLOCK). */
export interface HoleExtent {
  readonly state: 'hole';
  readonly startoff: number;
  readonly blockcount: number;
}

export type ForkExtents = readonly ForkExtent[];

export const EMPTY_FORK: ForkExtents = [];

export function extentEnd(e: { startoff: number; blockcount: number }): number {
  return e.startoff + e.blockcount;
}

/**
 * xfs_iext_lookup_extent: the first extent that ends after `off` (it may start after `off`), or
 * undefined when none does — the kernel's "eof" for this fork.
 */
export function lookupExtent(
  fork: ForkExtents,
  off: number,
): ForkExtent | undefined {
  return fork.find((e) => extentEnd(e) > off);
}

/**
 * The mapping at `off` no longer than up to `limit`: the extent covering `off` trimmed to start there,
 * or the hole from `off` to the next extent (or to `limit` when no extent follows).
 */
export function lookupMapping(
  fork: ForkExtents,
  off: number,
  limit: number,
): ForkExtent | HoleExtent {
  if (limit <= off)
    throw new InvariantError(`lookupMapping: empty range at ${String(off)}`);
  const got = lookupExtent(fork, off);
  if (got === undefined)
    return { state: 'hole', startoff: off, blockcount: limit - off };
  if (got.startoff > off) {
    return {
      state: 'hole',
      startoff: off,
      blockcount: Math.min(got.startoff, limit) - off,
    };
  }
  return trimExtent(got, off, limit - off);
}

/**
 * xfs_trim_extent: clip `e` to the blocks [off, off+len); a real extent's startblock moves with its start.
 * Throws when they do not overlap (the kernel leaves such a mapping empty; we never build one).
 */
export function trimExtent<E extends ForkExtent | HoleExtent>(
  e: E,
  off: number,
  len: number,
): E {
  const start = Math.max(e.startoff, off);
  const end = Math.min(extentEnd(e), off + len);
  if (end <= start) {
    throw new InvariantError(
      `trimExtent: [${String(e.startoff)}, +${String(e.blockcount)}) misses [${String(off)}, +${String(len)})`,
    );
  }
  const moved = start - e.startoff;
  if (e.state === 'written' || e.state === 'unwritten') {
    return {
      ...e,
      startoff: start,
      blockcount: end - start,
      startblock: e.startblock + moved,
    };
  }
  return { ...e, startoff: start, blockcount: end - start };
}

/**
 * Whether `b` may extend `a` into one record (xfs_bmap_add_extent_hole_delay / _hole_real's merge test):
 * same state, file-contiguous, disk-contiguous for real extents, and within MAX_EXTLEN.
 * SIMPLIFICATION: the kernel also caps a merged delalloc extent by its indirect-block reservation; we
 * keep no indlen.
 */
export function canMerge(a: ForkExtent, b: ForkExtent): boolean {
  if (a.state !== b.state || extentEnd(a) !== b.startoff) return false;
  if (a.blockcount + b.blockcount > MAX_EXTLEN) return false;
  if (a.state === 'delalloc' || b.state === 'delalloc') return true;
  return a.startblock + a.blockcount === b.startblock;
}

function merged(a: ForkExtent, b: ForkExtent): ForkExtent {
  return { ...a, blockcount: a.blockcount + b.blockcount };
}

/** Folds every run of mergeable neighbours into one record. */
function normalize(sorted: readonly ForkExtent[]): ForkExtents {
  const out: ForkExtent[] = [];
  for (const e of sorted) {
    const last = out.at(-1);
    if (last !== undefined && canMerge(last, e))
      out[out.length - 1] = merged(last, e);
    else out.push(e);
  }
  return out;
}

/** Adds `e` into a hole of the fork and merges it with compatible neighbours; an overlap throws. */
export function insertExtent(fork: ForkExtents, e: ForkExtent): ForkExtents {
  if (e.blockcount <= 0 || e.startoff < 0) {
    throw new InvariantError(
      `insertExtent: bad extent [${String(e.startoff)}, +${String(e.blockcount)})`,
    );
  }
  const clash = fork.find(
    (x) => x.startoff < extentEnd(e) && extentEnd(x) > e.startoff,
  );
  if (clash !== undefined) {
    throw new InvariantError(
      `insertExtent: [${String(e.startoff)}, +${String(e.blockcount)}) overlaps [${String(clash.startoff)}, +${String(clash.blockcount)})`,
    );
  }
  const at = fork.findIndex((x) => x.startoff > e.startoff);
  const next =
    at === -1 ? [...fork, e] : [...fork.slice(0, at), e, ...fork.slice(at)];
  return normalize(next);
}

/**
 * Removes the blocks [off, off+len) from the fork (xfs_bmap_del_extent_delay / _real's in-core part):
 * extents inside go, extents across an edge are trimmed, an extent spanning the range splits in two.
 */
export function punchRange(
  fork: ForkExtents,
  off: number,
  len: number,
): ForkExtents {
  if (len <= 0)
    throw new InvariantError(`punchRange: empty range at ${String(off)}`);
  const end = off + len;
  const out: ForkExtent[] = [];
  for (const e of fork) {
    if (extentEnd(e) <= off || e.startoff >= end) {
      out.push(e);
      continue;
    }
    if (e.startoff < off) out.push(trimExtent(e, e.startoff, off - e.startoff));
    if (extentEnd(e) > end) out.push(trimExtent(e, end, extentEnd(e) - end));
  }
  return out;
}

/**
 * xfs_bmap_punch_delalloc_range's in-core part: removes only the delalloc blocks of [off, off+len),
 * leaving real extents alone; returns the new fork and how many reserved blocks were released.
 */
export function punchDelalloc(
  fork: ForkExtents,
  off: number,
  len: number,
): { readonly fork: ForkExtents; readonly blocks: number } {
  let blocks = 0;
  let next = fork;
  for (const e of fork) {
    if (e.state !== 'delalloc') continue;
    const start = Math.max(e.startoff, off);
    const end = Math.min(extentEnd(e), off + len);
    if (end <= start) continue;
    next = punchRange(next, start, end - start);
    blocks += end - start;
  }
  return { fork: next, blocks };
}
