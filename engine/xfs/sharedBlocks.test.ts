// Sharing is read from refcount records: the first shared run inside a range, and the trim of a data-fork
// mapping at the shared/unshared edge (xfs_reflink_trim_around_shared).
import { describe, expect, it } from 'vitest';
import type { ForkExtent } from './forkExtents.ts';
import {
  checkRefcounts,
  findShared,
  trimAroundShared,
} from './sharedBlocks.ts';

const refs = checkRefcounts([
  { startblock: 10, blockcount: 4, refcount: 2 },
  { startblock: 14, blockcount: 2, refcount: 3 },
  { startblock: 30, blockcount: 2, refcount: 2 },
]);
const written = (
  startoff: number,
  blockcount: number,
  startblock: number,
): ForkExtent => ({
  state: 'written',
  startoff,
  blockcount,
  startblock,
});

describe('findShared', () => {
  it('finds the first shared run, joined over adjacent records and clipped to the range', () => {
    expect(findShared(refs, 0, 100)).toEqual({ startblock: 10, blockcount: 6 });
    expect(findShared(refs, 12, 3)).toEqual({ startblock: 12, blockcount: 3 });
    expect(findShared(refs, 16, 10)).toBeUndefined();
  });
});

describe('trimAroundShared', () => {
  it('trims a mapping that starts shared to its shared run', () => {
    expect(trimAroundShared(refs, written(0, 8, 12))).toEqual({
      extent: written(0, 4, 12),
      shared: true,
    });
  });

  it('trims a mapping that starts unshared to end where sharing begins', () => {
    expect(trimAroundShared(refs, written(0, 8, 26))).toEqual({
      extent: written(0, 4, 26),
      shared: false,
    });
  });

  it('never calls delalloc, unwritten or unshared blocks shared', () => {
    const d: ForkExtent = { state: 'delalloc', startoff: 0, blockcount: 4 };
    expect(trimAroundShared(refs, d)).toEqual({ extent: d, shared: false });
    const u: ForkExtent = {
      state: 'unwritten',
      startoff: 0,
      blockcount: 4,
      startblock: 10,
    };
    expect(trimAroundShared(refs, u).shared).toBe(false);
    expect(trimAroundShared(refs, written(0, 4, 50))).toEqual({
      extent: written(0, 4, 50),
      shared: false,
    });
  });

  it('rejects records that are not shared or overlap', () => {
    expect(() =>
      checkRefcounts([{ startblock: 1, blockcount: 1, refcount: 1 }]),
    ).toThrow(/not a shared/);
    expect(() =>
      checkRefcounts([
        { startblock: 1, blockcount: 4, refcount: 2 },
        { startblock: 3, blockcount: 1, refcount: 2 },
      ]),
    ).toThrow(/overlap/);
  });
});
