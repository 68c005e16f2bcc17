// The fork's extent list: lookups that report holes, trims that move startblock, inserts that merge only
// compatible neighbours, punches that split.
import { describe, expect, it } from 'vitest';
import {
  canMerge,
  insertExtent,
  lookupExtent,
  lookupMapping,
  MAX_EXTLEN,
  punchRange,
  trimExtent,
  type ForkExtent,
} from './forkExtents.ts';

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
const delalloc = (startoff: number, blockcount: number): ForkExtent => ({
  state: 'delalloc',
  startoff,
  blockcount,
});

describe('lookupExtent and lookupMapping', () => {
  const fork = [written(4, 4, 100), delalloc(12, 2)];

  it('finds the extent covering or following a block, or none past the last (eof)', () => {
    expect(lookupExtent(fork, 5)).toEqual(fork[0]);
    expect(lookupExtent(fork, 8)).toEqual(fork[1]);
    expect(lookupExtent(fork, 14)).toBeUndefined();
  });

  it('reports the covering extent trimmed to start at the block', () => {
    expect(lookupMapping(fork, 6, 100)).toEqual(written(6, 2, 102));
  });

  it('reports a hole up to the next extent, or up to the limit when none follows', () => {
    expect(lookupMapping(fork, 0, 100)).toEqual({
      state: 'hole',
      startoff: 0,
      blockcount: 4,
    });
    expect(lookupMapping(fork, 8, 10)).toEqual({
      state: 'hole',
      startoff: 8,
      blockcount: 2,
    });
    expect(lookupMapping(fork, 20, 24)).toEqual({
      state: 'hole',
      startoff: 20,
      blockcount: 4,
    });
  });
});

describe('trimExtent', () => {
  it('clips both ends and moves a real extent start block with its start', () => {
    expect(trimExtent(written(0, 10, 50), 3, 4)).toEqual(written(3, 4, 53));
    expect(trimExtent(delalloc(0, 10), 8, 10)).toEqual(delalloc(8, 2));
  });

  it('throws when the range misses the extent', () => {
    expect(() => trimExtent(written(0, 4, 50), 4, 2)).toThrow(/misses/);
  });
});

describe('insertExtent', () => {
  it('keeps the list sorted', () => {
    const fork = insertExtent(
      insertExtent([], written(10, 2, 7)),
      written(0, 2, 90),
    );
    expect(fork.map((e) => e.startoff)).toEqual([0, 10]);
  });

  it('merges file- and disk-contiguous written extents, and adjacent delalloc', () => {
    expect(insertExtent([written(0, 2, 10)], written(2, 3, 12))).toEqual([
      written(0, 5, 10),
    ]);
    expect(
      insertExtent([delalloc(0, 2), delalloc(4, 2)], delalloc(2, 2)),
    ).toEqual([delalloc(0, 6)]);
  });

  it('does not merge across a disk gap, a state change or MAX_EXTLEN', () => {
    expect(insertExtent([written(0, 2, 10)], written(2, 2, 20))).toHaveLength(
      2,
    );
    expect(insertExtent([written(0, 2, 10)], delalloc(2, 2))).toHaveLength(2);
    expect(
      insertExtent([written(0, 2, 10)], {
        state: 'unwritten',
        startoff: 2,
        blockcount: 2,
        startblock: 12,
      }),
    ).toHaveLength(2);
    expect(canMerge(delalloc(0, MAX_EXTLEN), delalloc(MAX_EXTLEN, 1))).toBe(
      false,
    );
  });

  it('throws on an overlap', () => {
    expect(() => insertExtent([written(0, 4, 10)], delalloc(3, 2))).toThrow(
      /overlaps/,
    );
  });
});

describe('punchRange', () => {
  it('splits an extent that spans the range, keeping each piece on its own blocks', () => {
    expect(punchRange([written(0, 10, 100)], 3, 4)).toEqual([
      written(0, 3, 100),
      written(7, 3, 107),
    ]);
  });

  it('drops extents inside the range and trims those across its edges', () => {
    const fork = [delalloc(0, 4), written(4, 2, 30), delalloc(8, 4)];
    expect(punchRange(fork, 2, 8)).toEqual([delalloc(0, 2), delalloc(10, 2)]);
  });

  it('leaves a fork untouched when the range is a hole', () => {
    const fork = [delalloc(0, 2)];
    expect(punchRange(fork, 4, 4)).toEqual(fork);
  });
});
