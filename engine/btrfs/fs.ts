// The simulated filesystem instance: geometry, the device, space_infos, the extent tree, and each
// inode's page cache, io tree, file extents and ordered extents. State only; behaviour lives in the
// modules that take an Fs (reservations, write paths, writeback, read).

import type { BlockDevice } from '../disk/blockDevice.ts';
import type { Superblock } from '../disk/format/superblock.ts';
import { AddressSpace } from '../pagecache/addressSpace.ts';
import type { Geometry } from '../scenario/types.ts';
import type { Recorder } from '../trace/recorder.ts';
import type { FsRec } from '../trace/records.ts';
import { Counters } from './counters.ts';
import { ExtentIoTree } from './extentIoTree.ts';
import { ExtentTree } from './extentTree.ts';
import { FileExtents } from './fileExtents.ts';
import { BtrfsInode } from './inode.ts';
import type { Bio, OrderedExtent } from './ordered.ts';
import { SpaceInfo } from './spaceInfo.ts';
import type { FileFlag } from '../scenario/types.ts';

/** BTRFS_MAX_EXTENT_SIZE: delalloc runs count one outstanding extent per 128 MiB. */
export const MAX_EXTENT_SIZE = 128 * 1024 * 1024;
/** BTRFS_MAX_LEVEL: metadata reservations assume a tree this deep. */
export const MAX_LEVEL = 8;
/** Data starts above the reserved first MiB (where the superblocks live). */
export const DATA_START = 1024 * 1024;

export interface FsInode {
  readonly inode: BtrfsInode;
  readonly mapping: AddressSpace;
  readonly ioTree: ExtentIoTree;
  readonly extents: FileExtents;
}

/** What the last commit left on disk: the superblock written and the metadata nodes it points to. */
export interface CommittedState {
  readonly superblock: Superblock;
  /** Every metadata node of the committed trees; a commit may not overwrite them (copy-on-write). */
  readonly nodes: ReadonlySet<number>;
}

export class Fs {
  readonly data: SpaceInfo;
  readonly meta: SpaceInfo;
  readonly extentTree: ExtentTree;
  readonly counters: Counters;
  readonly inodes = new Map<number, FsInode>();
  readonly ordered = new Map<number, OrderedExtent>();
  /** Bios submitted and not yet completed. */
  readonly inflight: Bio[] = [];
  private nextOrderedId = 1;
  private nextIno = 257;

  constructor(
    readonly geo: Geometry,
    readonly disk: BlockDevice,
    readonly rec: Recorder,
    /** The superblock and trees on disk; replaced by every commit. */
    public committed: CommittedState,
  ) {
    this.data = new SpaceInfo('data', geo.dataSpace, rec);
    this.meta = new SpaceInfo('metadata', geo.metadataSpace, rec);
    this.extentTree = new ExtentTree(
      DATA_START,
      geo.dataSpace,
      geo.sectorSize,
      rec,
    );
    this.counters = new Counters(rec);
  }

  /** The metadata block group: right after the data block group. */
  get metadataStart(): number {
    return DATA_START + this.geo.dataSpace;
  }

  toRec(): FsRec {
    return {
      generation: this.generation,
      root: this.committed.superblock.root,
      nodes: this.committed.nodes.size,
    };
  }

  /** The generation of the last commit (the running transaction is one more). */
  get generation(): number {
    return this.committed.superblock.generation;
  }

  /** A new inode (the next free number, or `ino` when mounting one from disk). */
  createInode(
    name: string,
    size: number,
    flags: readonly FileFlag[],
    ino = this.nextIno,
  ): FsInode {
    this.nextIno = Math.max(this.nextIno, ino + 1);
    const entry: FsInode = {
      inode: new BtrfsInode(ino, name, size, flags, this.rec),
      mapping: new AddressSpace(
        ino,
        this.geo.pageSize,
        this.geo.sectorSize,
        this.rec,
      ),
      ioTree: new ExtentIoTree(ino, this.rec),
      extents: new FileExtents(ino, this.rec),
    };
    this.inodes.set(ino, entry);
    this.rec.change('inode', String(ino), null, entry.inode.toRec());
    return entry;
  }

  byName(name: string): FsInode | undefined {
    for (const entry of this.inodes.values())
      if (entry.inode.name === name) return entry;
    return undefined;
  }

  allocOrderedId(): number {
    return this.nextOrderedId++;
  }
}
