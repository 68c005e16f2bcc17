// The allocator's choice held to what Linux 6.18 did on a fresh mkfs.xfs -m reflink=1 (4 KiB blocks): free
// space [10, 16) and [24, ...) around the root inode chunk; a 16 KiB file's data went to block 10, its
// 32-block COW extent to block 24; a 64 KiB file went to 24 and its COW extent to 40 (xfs_io bmap -vp).
import { describe, expect, it } from 'vitest';
import { allocTarget, inodeBlock } from './allocTarget.ts';
import { computeDiff, pickNear } from './allocNear.ts';
import { XfsSpace } from './freeSpace.ts';

const fresh = () =>
  new XfsSpace(20480, 10, [{ startblock: 16, blockcount: 8 }]);

describe('the near allocator', () => {
  it('puts inode 0x83 at block 16, inside the root inode chunk', () => {
    expect(inodeBlock(0x83, 4096)).toBe(16);
  });

  it('takes a run before the target from its start when it cannot reach past the wanted range', () => {
    expect(computeDiff(16, 4, { startblock: 10, blockcount: 6 })).toEqual({
      start: 10,
      diff: 6,
    });
    expect(computeDiff(16, 4, { startblock: 24, blockcount: 100 })).toEqual({
      start: 24,
      diff: 8,
    });
    expect(computeDiff(16, 4, { startblock: 12, blockcount: 100 })).toEqual({
      start: 16,
      diff: 0,
    });
  });

  it('places a 16 KiB file at block 10 and its 32-block COW extent at block 24, as 6.18 did', () => {
    const space = fresh();
    expect(space.allocateNow(4, 16)).toEqual({ startblock: 10, blockcount: 4 });
    space.reserveDelalloc(32);
    expect(space.allocateDelalloc(32, inodeBlock(0x83, 4096))).toEqual({
      startblock: 24,
      blockcount: 32,
    });
  });

  it('places a 64 KiB file at block 24 (the gap before the inode chunk is too short) and its COW extent after it', () => {
    const space = fresh();
    expect(space.allocateNow(16, 16)).toEqual({
      startblock: 24,
      blockcount: 16,
    });
    space.reserveDelalloc(32);
    expect(space.allocateDelalloc(32, 16)).toEqual({
      startblock: 40,
      blockcount: 32,
    });
  });

  it('prefers a run that holds the whole request over a nearer short one, and takes the longest when none does', () => {
    const free = [
      { startblock: 100, blockcount: 2 },
      { startblock: 200, blockcount: 8 },
      { startblock: 300, blockcount: 5 },
    ];
    expect(pickNear(free, 8, 100)).toEqual({ startblock: 200, blockcount: 8 });
    expect(pickNear(free, 20, 290)).toEqual({ startblock: 200, blockcount: 8 });
  });
});

describe('the allocation target', () => {
  it('is the inode block for a fork with no real extent before the range', () => {
    expect(allocTarget([], 0, 32, 0x83, 4096)).toBe(16);
  });

  it('follows the previous extent on disk, across a small file gap but not a large one', () => {
    const fork = [
      {
        state: 'written' as const,
        startoff: 0,
        blockcount: 16,
        startblock: 24,
      },
    ];
    expect(allocTarget(fork, 16, 32, 0x83, 4096)).toBe(40);
    expect(allocTarget(fork, 20, 1, 0x83, 4096)).toBe(44);
    expect(allocTarget(fork, 100, 1, 0x83, 4096)).toBe(40);
  });
});
