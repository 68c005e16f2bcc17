// Where XFS's allocator puts an extent near a target block (xfs_alloc_vextent_near_bno and
// xfs_alloc_ag_vextent_near in libxfs/xfs_alloc.c, with xfs_bmap_btalloc's length selection). Rule: pure;
// a free run that holds the whole request beats any shorter one, then the closest start to the target wins.

import { InvariantError } from '../core/assert.ts';

/** A run of free disk blocks (a record of the by-block free-space btree, bnobt). */
export interface FreeExtent {
  readonly startblock: number;
  readonly blockcount: number;
}

/**
 * xfs_alloc_compute_diff for user data with no alignment: the start block inside free run `run` that the
 * allocator would take for `len` blocks wanted at `target`, and its distance from the target. A run at or
 * after the target, or one that cannot reach past the end of the wanted range, is used from its start (so
 * a growing file can later extend into what is left); otherwise the allocation starts at the target.
 */
export function computeDiff(
  target: number,
  len: number,
  run: FreeExtent,
): { readonly start: number; readonly diff: number } {
  const runEnd = run.startblock + run.blockcount;
  const start =
    run.startblock >= target || runEnd < target + len ? run.startblock : target;
  return { start, diff: Math.abs(start - target) };
}

/**
 * The extent xfs_bmap_btalloc_best_length gets for `want` blocks near `target` from the free runs `free`
 * (sorted by block): minlen is the request capped at the longest free run (xfs_bmap_select_minlen), so a
 * run that holds the whole request is always preferred; among the runs long enough, the one whose start
 * (computeDiff) lies closest to the target, the lower block on a tie.
 * SIMPLIFICATION: no busy extents, no AGFL refill, no stripe or extent-size-hint alignment of the length
 * (args->prod/mod), one allocation group; the kernel's two-cursor search over the by-block and by-size
 * btrees reaches the same choice on these inputs.
 */
export function pickNear(
  free: readonly FreeExtent[],
  want: number,
  target: number,
): FreeExtent {
  if (want <= 0)
    throw new InvariantError(`pickNear: bad length ${String(want)}`);
  const longest = Math.max(0, ...free.map((f) => f.blockcount));
  const minlen = Math.min(want, longest);
  let best: { start: number; diff: number; run: FreeExtent } | null = null;
  for (const run of free) {
    if (run.blockcount < minlen || run.blockcount === 0) continue;
    const c = computeDiff(target, Math.min(want, run.blockcount), run);
    if (best === null || c.diff < best.diff) best = { ...c, run };
  }
  if (best === null)
    throw new InvariantError(`pickNear: no free space for ${String(want)}`);
  const runEnd = best.run.startblock + best.run.blockcount;
  return {
    startblock: best.start,
    blockcount: Math.min(want, runEnd - best.start),
  };
}
