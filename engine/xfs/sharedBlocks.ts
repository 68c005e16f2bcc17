// Which disk blocks are shared (the refcount btree's records with a count above one), and the trim of a
// data-fork mapping at the edge between shared and unshared blocks. Rule: pure queries over sorted records.

import { InvariantError } from '../core/assert.ts';
import { trimExtent, type ForkExtent } from './forkExtents.ts';

/** A refcount btree record: disk blocks [startblock, +blockcount) referenced `refcount` times (>= 2). */
export interface RefcountRecord {
  readonly startblock: number;
  readonly blockcount: number;
  readonly refcount: number;
}

export type RefcountRecords = readonly RefcountRecord[];

/** Checks that records are sorted, disjoint and all shared (a count of one is implicit, never stored). */
export function checkRefcounts(records: RefcountRecords): RefcountRecords {
  records.forEach((r, i) => {
    const prev = records[i - 1];
    if (r.refcount < 2 || r.blockcount <= 0) {
      throw new InvariantError(
        `refcount record at ${String(r.startblock)} is not a shared range`,
      );
    }
    if (
      prev !== undefined &&
      prev.startblock + prev.blockcount > r.startblock
    ) {
      throw new InvariantError(
        `refcount records overlap at ${String(r.startblock)}`,
      );
    }
  });
  return records;
}

/**
 * xfs_refcount_find_shared (find_end_of_shared = true): the first shared run of blocks inside
 * [bno, bno+len), extended over adjacent shared records but clipped to the range, or undefined.
 */
export function findShared(
  records: RefcountRecords,
  bno: number,
  len: number,
): { readonly startblock: number; readonly blockcount: number } | undefined {
  const end = bno + len;
  const first = records.find(
    (r) => r.startblock + r.blockcount > bno && r.startblock < end,
  );
  if (first === undefined) return undefined;
  const start = Math.max(first.startblock, bno);
  let stop = Math.min(first.startblock + first.blockcount, end);
  for (const r of records) {
    if (r.startblock === stop && stop < end)
      stop = Math.min(r.startblock + r.blockcount, end);
  }
  return { startblock: start, blockcount: stop - start };
}

/**
 * xfs_reflink_trim_around_shared: only a written real extent can be shared. If its first block is
 * shared, trim it to the shared run and say so; otherwise trim it to end where sharing begins.
 */
export function trimAroundShared(
  records: RefcountRecords,
  e: ForkExtent,
): { readonly extent: ForkExtent; readonly shared: boolean } {
  if (e.state !== 'written') return { extent: e, shared: false };
  const run = findShared(records, e.startblock, e.blockcount);
  if (run === undefined) return { extent: e, shared: false };
  const runOff = e.startoff + (run.startblock - e.startblock);
  if (run.startblock === e.startblock) {
    return { extent: trimExtent(e, e.startoff, run.blockcount), shared: true };
  }
  return {
    extent: trimExtent(e, e.startoff, runOff - e.startoff),
    shared: false,
  };
}

/**
 * xfs_refcount_decrease_extent (run when a remap or unmap drops a data-fork reference): every block of
 * [bno, bno+len) loses one reference. A shared run's count falls (a record reaching one is deleted: one
 * owner is implicit); a block with no record had one owner, so it is returned in `freed` (the caller's
 * xfs_free_extent).
 */
export function decreaseRefcount(
  records: RefcountRecords,
  bno: number,
  len: number,
): {
  readonly records: RefcountRecords;
  readonly freed: readonly { startblock: number; blockcount: number }[];
} {
  const end = bno + len;
  const out: RefcountRecord[] = [];
  const freed: { startblock: number; blockcount: number }[] = [];
  let cursor = bno;
  const keep = (r: RefcountRecord) => {
    if (r.blockcount > 0 && r.refcount >= 2) out.push(r);
  };
  for (const r of records) {
    const rEnd = r.startblock + r.blockcount;
    if (rEnd <= bno || r.startblock >= end) {
      out.push(r);
      continue;
    }
    if (r.startblock > cursor)
      freed.push({ startblock: cursor, blockcount: r.startblock - cursor });
    const from = Math.max(r.startblock, bno);
    const to = Math.min(rEnd, end);
    keep({ ...r, blockcount: from - r.startblock });
    keep({ startblock: from, blockcount: to - from, refcount: r.refcount - 1 });
    keep({ ...r, startblock: to, blockcount: rEnd - to });
    cursor = to;
  }
  if (cursor < end)
    freed.push({ startblock: cursor, blockcount: end - cursor });
  return { records: checkRefcounts(out), freed };
}

/**
 * xfs_refcount_increase_extent (a reflink maps disk blocks [bno, bno+len) into one more file): a block
 * with no record had one owner and now has two; a shared run's count grows by one.
 */
export function increaseRefcount(
  records: RefcountRecords,
  bno: number,
  len: number,
): RefcountRecords {
  const counts = new Map<number, number>();
  for (const r of records)
    for (let b = r.startblock; b < r.startblock + r.blockcount; b++)
      counts.set(b, r.refcount);
  for (let b = bno; b < bno + len; b++) counts.set(b, (counts.get(b) ?? 1) + 1);
  const out: RefcountRecord[] = [];
  for (const [block, refcount] of [...counts].sort((a, b) => a[0] - b[0])) {
    const last = out.at(-1);
    if (
      last !== undefined &&
      last.refcount === refcount &&
      last.startblock + last.blockcount === block
    )
      out[out.length - 1] = { ...last, blockcount: last.blockcount + 1 };
    else out.push({ startblock: block, blockcount: 1, refcount });
  }
  return checkRefcounts(out);
}
