// The simulated filesystem instance: geometry, the device, space_infos, the extent tree, and each
// inode's page cache, io tree, file extents and ordered extents. State only; behaviour lives in the
// modules that take an Fs (reservations, write paths, writeback, read).

import { InvariantError } from '../core/assert.ts';
import type { BlockDevice } from '../disk/blockDevice.ts';
import type { Superblock } from '../disk/format/superblock.ts';
import type { ShapeNode } from '../disk/format/tree.ts';
import type { IomapFile, IomapHost } from '../iomap/host.ts';
import { AddressSpace } from '../pagecache/addressSpace.ts';
import type { Geometry } from '../scenario/types.ts';
import type { Recorder } from '../trace/recorder.ts';
import type { FsRec } from '../trace/records.ts';
import { Counters } from '../trace/counters.ts';
import { ExtentIoTree } from './extentIoTree.ts';
import { ExtentTree } from './extentTree.ts';
import { FileExtents } from './fileExtents.ts';
import { FileExtentsByExtent } from './fileExtentsByExtent.ts';
import { BtrfsInode } from './inode.ts';
import type { Bio, OrderedExtent } from './orderedTypes.ts';
import type { Chunk } from './space/chunkMap.ts';
import type { SpaceFlusher } from './space/flusher.ts';
import { DelayedRefsRsv } from './space/delayedRefsRsv.ts';
import { FsSpace } from './space/fsSpace.ts';
import { GlobalRsv } from './space/globalRsv.ts';
import { LogicalDisk } from './space/logicalDisk.ts';
import type { SpaceInfo } from './space/spaceInfo.ts';
import { TransactionChanges } from './transactionChanges.ts';
import type { FileFlag } from '../scenario/types.ts';

/** BTRFS_MAX_EXTENT_SIZE: delalloc runs count one outstanding extent per 128 MiB. */
export const MAX_EXTENT_SIZE = 128 * 1024 * 1024;

/** A btrfs file: the iomap core's IomapFile (inode and mapping) plus btrfs's per-inode trees. */
export interface FsInode extends IomapFile {
  readonly inode: BtrfsInode;
  readonly mapping: AddressSpace;
  readonly ioTree: ExtentIoTree;
  readonly extents: FileExtents;
}

/** What the last commit left on disk: the superblock written and the metadata nodes it points to. */
export interface CommittedState {
  readonly superblock: Superblock;
  /** Every tree node the committed trees use (logical); a commit may not overwrite them (copy-on-write). */
  readonly nodes: ReadonlySet<number>;
  /** The bytes of the root, extent and csum trees: what sizes the global block reserve. */
  readonly globalTreeBytes: number;
  /** Each committed tree (by tree id) as the next commit copies it on write. */
  readonly trees: ReadonlyMap<number, ShapeNode>;
}

export interface FsOptions {
  /**
   * Every commit also regenerates every item of every tree and copies the trees from those without writing
   * them, and throws unless that makes exactly the nodes the copy from the transaction's changes writes
   * (tests: a change the change set missed fails there). Default false.
   */
  readonly checkCommits?: boolean;
}

/** The filesystem; as the host of the iomap core it implements IomapHost. */
export class Fs implements IomapHost {
  /** Chunks, block groups and the space_infos. */
  readonly space: FsSpace;
  readonly data: SpaceInfo;
  readonly meta: SpaceInfo;
  readonly system: SpaceInfo;
  readonly globalRsv: GlobalRsv;
  readonly delayedRefsRsv: DelayedRefsRsv;
  /** Logical addresses mapped through the chunks onto the device (btrfs_map_block). */
  readonly disk: LogicalDisk;
  readonly extentTree: ExtentTree;
  /** What the running transaction changed: the keys the next commit regenerates. */
  readonly changes = new TransactionChanges();
  readonly fileExtentsByExtent = new FileExtentsByExtent();
  readonly checkCommits: boolean;
  readonly counters: Counters;
  readonly inodes = new Map<number, FsInode>();
  /**
   * The root's delalloc_inodes list: every inode with delalloc, in the order each got its first delalloc
   * byte (btrfs_add_delalloc_inode adds at the tail, btrfs_del_delalloc_inode removes it at zero).
   */
  readonly delallocInodes = new Set<FsInode>();
  readonly ordered = new Map<number, OrderedExtent>();
  /** Bios submitted and not yet completed. */
  readonly inflight: Bio[] = [];
  private nextOrderedId = 1;
  private nextIno = 257;

  private flusherImpl: SpaceFlusher | null = null;

  constructor(
    readonly geo: Geometry,
    /** The physical device; superblocks are written here, everything else through `disk`. */
    readonly device: BlockDevice,
    readonly rec: Recorder,
    /** The superblock and trees on disk; replaced by every commit. */
    public committed: CommittedState,
    options: FsOptions = {},
  ) {
    this.checkCommits = options.checkCommits ?? false;
    this.space = new FsSpace(device.size(), rec);
    this.data = this.space.info.data;
    this.meta = this.space.info.metadata;
    this.system = this.space.info.system;
    this.globalRsv = new GlobalRsv(this.meta, rec);
    this.delayedRefsRsv = new DelayedRefsRsv(this.meta, geo.nodeSize, rec);
    this.disk = new LogicalDisk(this.space.chunks, device);
    this.extentTree = new ExtentTree(geo.sectorSize, rec, this.changes);
    this.counters = new Counters(rec);
  }

  /** Maps a chunk and adds its block group; a data group also becomes allocatable. */
  addChunk(chunk: Chunk): void {
    this.space.addChunk(chunk);
    if (chunk.type === 'data')
      this.extentTree.addGroup(chunk.start, chunk.length);
  }

  /** Writeback, waiting and committing for the space flushers (set once, by whoever made this Fs). */
  get flusher(): SpaceFlusher {
    if (this.flusherImpl === null)
      throw new InvariantError('the filesystem has no space flusher');
    return this.flusherImpl;
  }

  attachFlusher(flusher: SpaceFlusher): void {
    this.flusherImpl = flusher;
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
      inode: new BtrfsInode(ino, name, size, flags, this.rec, () => {
        this.changes.inode(ino);
      }),
      mapping: new AddressSpace(
        ino,
        this.geo.pageSize,
        this.geo.sectorSize,
        this.rec,
      ),
      ioTree: new ExtentIoTree(ino, this.rec),
      extents: new FileExtents(ino, this.rec, (removed, added) => {
        for (const item of [removed, added]) {
          if (item === null) continue;
          this.changes.fileExtent(ino, item.offset);
          if (item.diskBytenr !== 0) this.changes.extent(item.diskBytenr);
        }
        if (removed !== null) this.fileExtentsByExtent.remove(removed);
        if (added !== null) this.fileExtentsByExtent.add(added);
      }),
    };
    this.inodes.set(ino, entry);
    this.changes.inode(ino);
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
