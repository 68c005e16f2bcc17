// The XFS inode: the iomap core's IomapInode, the cowextsize hint's default, the COW fork created on
// demand, block arithmetic, and an ILOCK that counts cycles and refuses to be taken twice.
import { describe, expect, it } from 'vitest';
import type { IomapInode } from '../iomap/host.ts';
import { DEFAULT_COWEXTSZ_HINT, XfsInode } from './inode.ts';

describe('XfsInode', () => {
  it('is an IomapInode whose i_size only grows', () => {
    const ip = new XfsInode({ ino: 131, blockSize: 4096, isize: 100 });
    const asHost: IomapInode = ip;
    asHost.extendTo(50);
    expect(asHost.isize).toBe(100);
    asHost.extendTo(5000);
    expect(ip.isize).toBe(5000);
  });

  it('falls back to 32 blocks of COW hint when the inode sets none, as mkfs.xfs -m reflink=1 leaves it', () => {
    expect(DEFAULT_COWEXTSZ_HINT).toBe(32);
    expect(new XfsInode({ ino: 1, blockSize: 4096 }).cowextszHint()).toBe(32);
    expect(
      new XfsInode({ ino: 1, blockSize: 4096, cowextsize: 64 }).cowextszHint(),
    ).toBe(64);
  });

  it('has a COW fork from the start when reflinked, and only on demand otherwise', () => {
    expect(
      new XfsInode({ ino: 1, blockSize: 4096, reflink: true }).cowFork,
    ).toEqual([]);
    const plain = new XfsInode({ ino: 2, blockSize: 4096 });
    expect(plain.isCowInode()).toBe(false);
    expect(plain.cowFork).toBeNull();
    expect(plain.initCowFork()).toEqual([]);
    expect(plain.cowFork).toEqual([]);
  });

  it('rounds byte offsets to blocks the way XFS_B_TO_FSBT and XFS_B_TO_FSB do', () => {
    const ip = new XfsInode({ ino: 1, blockSize: 4096 });
    expect([ip.blockOf(4095), ip.blockOf(4096)]).toEqual([0, 1]);
    expect([ip.blocksTo(300), ip.blocksTo(4096), ip.blocksTo(4097)]).toEqual([
      1, 1, 2,
    ]);
  });

  it('counts ILOCK cycles and throws when the lock is taken inside itself', () => {
    const ip = new XfsInode({ ino: 1, blockSize: 4096 });
    expect(ip.withIlock(() => 7)).toBe(7);
    expect(() => ip.withIlock(() => ip.withIlock(() => 0))).toThrow(
      /ILOCK taken twice/,
    );
    expect(ip.ilockCycles).toBe(2);
    expect(ip.withIlock(() => 'released')).toBe('released');
  });
});
