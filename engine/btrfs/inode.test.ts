// BtrfsInode: what makes the next commit rewrite the inode item (a change to what the item records, never
// a write of the same value), the flags, and NODATACOW implying NODATASUM.

import { describe, expect, it } from 'vitest';
import { Recorder } from '../trace/recorder.ts';
import { BtrfsInode } from './inode.ts';

/** An inode of 8 KiB with `flags`, and how many times it told its filesystem the item changed. */
function inodeOf(flags: ConstructorParameters<typeof BtrfsInode>[3] = []) {
  const told = { count: 0 };
  const inode = new BtrfsInode(
    257,
    'F',
    8192,
    flags,
    new Recorder(true),
    () => {
      told.count++;
    },
  );
  return { inode, told };
}

describe('BtrfsInode', () => {
  it('marks the inode item changed when disk_i_size or nbytes changes, not when either is set to what it was', () => {
    const { inode, told } = inodeOf();
    inode.diskIsize = 8192;
    inode.nbytes = 0;
    expect(told.count).toBe(0);
    inode.diskIsize = 4096;
    expect(told.count).toBe(1);
    inode.nbytes = 4096;
    expect(told.count).toBe(2);
    expect([inode.diskIsize, inode.nbytes]).toEqual([4096, 4096]);
  });

  it('adds a flag once, and marks the item changed only the first time', () => {
    const { inode, told } = inodeOf();
    inode.addFlag('PREALLOC');
    inode.addFlag('PREALLOC');
    expect(inode.flags).toEqual(['PREALLOC']);
    expect(told.count).toBe(1);
  });

  it.each([
    [['NODATACOW'], true],
    [['NODATASUM'], true],
    [[], false],
  ] as const)('with flags %j, nodatasum is %s', (flags, nodatasum) => {
    // btrfs: a NODATACOW inode's data has no checksums either (BTRFS_INODE_NODATACOW implies NODATASUM).
    expect(inodeOf(flags).inode.nodatasum).toBe(nodatasum);
  });
});
