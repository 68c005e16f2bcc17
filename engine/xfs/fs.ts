// The mounted XFS filesystem as the model holds it (struct xfs_mount): the device, free space, the refcount
// records and the open files. Rule: it is the iomap core's host (IomapHost), and each XfsFile an IomapFile,
// so the generic core and page cache run XFS buffered writes without knowing XFS.

import { InvariantError } from '../core/assert.ts';
import type { BlockDevice } from '../disk/blockDevice.ts';
import type { IomapFile, IomapHost } from '../iomap/host.ts';
import { AddressSpace } from '../pagecache/addressSpace.ts';
import { Counters } from '../trace/counters.ts';
import type { Recorder } from '../trace/recorder.ts';
import { ROOT_INODE_CHUNK } from './allocTarget.ts';
import { XfsSpace } from './freeSpace.ts';
import { XfsInode, type XfsInodeInit } from './inode.ts';
import type { RefcountRecords } from './sharedBlocks.ts';

export interface XfsGeometry {
  readonly pageSize: number;
  readonly blockSize: number;
}

/** One open file: the inode and its page cache. */
export class XfsFile implements IomapFile {
  readonly mapping: AddressSpace;
  constructor(
    readonly name: string,
    readonly inode: XfsInode,
    pageSize: number,
    rec: Recorder,
  ) {
    this.mapping = new AddressSpace(inode.ino, pageSize, inode.blockSize, rec);
  }

  /** Whether the page cache holds dirty data for file block `b`. */
  dirtyBlock(b: number): boolean {
    const bs = this.inode.blockSize;
    const ps = this.mapping.pageSize;
    const page = this.mapping.find(Math.floor((b * bs) / ps));
    return page?.dirty[((b * bs) % ps) / bs] === 1;
  }
}

/**
 * Where data starts: mkfs.xfs 6.1 (-m reflink=1, 4 KiB blocks, 320 MiB) put the first file's first block
 * at block 10 (the xfs-srcmap fixture's srcmap addr 40960, and again by hand with xfs_bmap -v).
 * The root inode chunk (blocks 16..23, where every scenario file's inode lives) is taken as well.
 * SIMPLIFICATION: those blocks stand for all static metadata (superblock, AG headers, btree roots, inode
 * chunks, the log), no later metadata takes space, and nothing of it is written to the device, so XFS
 * cannot be mounted again from the disk image (see docs/xfs.md).
 */
export const XFS_META_BLOCKS = 10;

export class XfsFs implements IomapHost {
  readonly counters: Counters;
  readonly space: XfsSpace;
  /** The refcount btree's shared-extent records (count >= 2). */
  refcounts: RefcountRecords = [];
  private readonly files = new Map<string, XfsFile>();
  private nextIno = 0x83;
  readonly disk: { read(addr: number, into: Uint8Array): void };

  constructor(
    readonly geo: XfsGeometry,
    readonly device: BlockDevice,
    readonly rec: Recorder,
  ) {
    this.counters = new Counters(rec);
    this.space = new XfsSpace(
      Math.floor(device.size() / geo.blockSize),
      XFS_META_BLOCKS,
      [
        {
          startblock: ROOT_INODE_CHUNK.offset / geo.blockSize,
          blockcount: ROOT_INODE_CHUNK.length / geo.blockSize,
        },
      ],
    );
    this.disk = {
      read: (addr, into) => {
        device.read(addr, into);
      },
    };
  }

  createFile(
    name: string,
    init: Omit<XfsInodeInit, 'ino' | 'blockSize'>,
  ): XfsFile {
    if (this.files.has(name))
      throw new InvariantError(`xfs: file ${name} exists`);
    const inode = new XfsInode({
      ...init,
      ino: this.nextIno++,
      blockSize: this.geo.blockSize,
    });
    const file = new XfsFile(name, inode, this.geo.pageSize, this.rec);
    this.files.set(name, file);
    return file;
  }

  /** The inode number the next createFile gives (mkfs aims a file's extents at its inode's block). */
  nextInodeNumber(): number {
    return this.nextIno;
  }

  byName(name: string): XfsFile | undefined {
    return this.files.get(name);
  }

  allFiles(): readonly XfsFile[] {
    return [...this.files.values()];
  }
}
