// The reduced state's records: serializable, immutable views of every piece of simulated kernel state.
// The engine derives them from its own structures and emits before/after pairs; the reducer stores them.

import type { Errno } from '../core/errno.ts';
import type { FileFlag } from '../scenario/types.ts';

/** Page flags as bits (include/linux/page-flags.h names). */
export const PG = {
  locked: 1 << 0,
  uptodate: 1 << 1,
  dirty: 1 << 2,
  writeback: 1 << 3,
  private: 1 << 4,
  /** PageOrdered / PagePrivate2: an ordered extent covers the page. */
  ordered: 1 << 5,
} as const;
export type PageFlagName = keyof typeof PG;

export interface PageRec {
  readonly ino: number;
  readonly index: number;
  readonly flags: number;
  /** Per-block uptodate bits, one character per block ("1" set, "0" clear). */
  readonly uptodate: string;
  /** Per-block dirty bits. */
  readonly dirty: string;
}

export interface InodeRec {
  readonly ino: number;
  readonly name: string;
  readonly isize: number;
  readonly diskIsize: number;
  readonly flags: readonly FileFlag[];
  /** st_blocks in bytes (inode_add_bytes). */
  readonly nbytes: number;
  readonly outstandingExtents: number;
  readonly delallocBytes: number;
  readonly newDelallocBytes: number;
  /** Bytes of data that will need checksums (metadata reservation sizing). */
  readonly csumBytes: number;
  /** The inode block reserve: the metadata it should hold, and what it holds. */
  readonly rsvSize: number;
  readonly rsvReserved: number;
}

export type FileExtentType = 'regular' | 'prealloc';

/** A file extent item (BTRFS_EXTENT_DATA_KEY): file range -> part of a disk extent. */
export interface FileExtentRec {
  readonly ino: number;
  readonly offset: number;
  readonly numBytes: number;
  readonly type: FileExtentType;
  readonly diskBytenr: number;
  readonly diskNumBytes: number;
  /** Offset into the disk extent where this item's data starts. */
  readonly extentOffset: number;
  readonly ramBytes: number;
}

/** An extent item in the extent tree: an allocated disk extent and its reference count. */
export interface ExtentItemRec {
  readonly bytenr: number;
  readonly numBytes: number;
  readonly refs: number;
  /** Display name ("X", "Y1", ...). */
  readonly name: string;
  /** Referenced by another root too (a snapshot): never written in place. */
  readonly shared: boolean;
}

/** One range of an inode's extent io tree with its bits (EXTENT_* in extent-io-tree.h). */
export interface IoRangeRec {
  readonly ino: number;
  readonly start: number;
  /** Exclusive end. */
  readonly end: number;
  readonly bits: number;
}

export type OrderedType = 'regular' | 'nocow' | 'prealloc';

export interface OrderedRec {
  readonly id: number;
  readonly ino: number;
  readonly fileOffset: number;
  readonly numBytes: number;
  readonly diskBytenr: number;
  readonly diskNumBytes: number;
  readonly type: OrderedType;
  /** submitted: bio in flight; io_done: bio finished, btrfs_finish_ordered_io pending. */
  readonly state: 'submitted' | 'io_done';
}

/** A kind of space: a space_info and the block groups (chunks) that make it up. */
export type SpaceKind = 'data' | 'metadata' | 'system';
/** A chunk's profile on one device: SINGLE, or DUP (two stripes, two copies). */
export type ProfileName = 'single' | 'dup';

export interface SpaceRec {
  readonly kind: SpaceKind;
  /** The bytes of its block groups (total_bytes). */
  readonly total: number;
  readonly used: number;
  readonly reserved: number;
  readonly pinned: number;
  readonly mayUse: number;
  /** space_info->full: the last chunk allocation found no room on the device. */
  readonly full: boolean;
}

/** A block group: one chunk's logical range and what of it is used, reserved and pinned. */
export interface BlockGroupRec {
  readonly start: number;
  readonly length: number;
  readonly type: SpaceKind;
  readonly profile: ProfileName;
  readonly used: number;
  readonly reserved: number;
  readonly pinned: number;
  /** Where each stripe (copy) lives on the device. */
  readonly stripes: readonly number[];
}

/** The device: its size, the bytes its chunks' stripes occupy (dev_item bytes_used), the reserved first MiB. */
export interface DeviceRec {
  readonly total: number;
  readonly allocated: number;
  /** Bytes at the start of the device no chunk may use (BTRFS_DEVICE_RANGE_RESERVED). */
  readonly reserved: number;
}

/** The flush states of fs/btrfs/space-info.h, in the kernel's enum order. */
export type FlushStateName =
  | 'FLUSH_DELAYED_ITEMS_NR'
  | 'FLUSH_DELAYED_ITEMS'
  | 'FLUSH_DELAYED_REFS_NR'
  | 'FLUSH_DELAYED_REFS'
  | 'FLUSH_DELALLOC'
  | 'FLUSH_DELALLOC_WAIT'
  | 'FLUSH_DELALLOC_FULL'
  | 'ALLOC_CHUNK'
  | 'ALLOC_CHUNK_FORCE'
  | 'RUN_DELAYED_IPUTS'
  | 'COMMIT_TRANS'
  | 'RESET_ZONES';

/** A reservation waiting in a space_info's ticket queue (struct reserve_ticket). */
export interface TicketRec {
  readonly id: number;
  readonly space: 'data' | 'metadata';
  readonly bytes: number;
}

/** The reclaim worker of a space_info while it runs: the flush state in progress. */
export interface FlushRec {
  readonly space: 'data' | 'metadata';
  readonly state: FlushStateName;
  /**
   * Metadata: the worker's commit_cycles (full passes through the states so far). Data: 0 while it only
   * allocates chunks, 1 once it runs the data flush states.
   */
  readonly cycle: number;
}

/** A block reserve of the filesystem (the global reserve, the delayed refs reserve): its size and what it holds. */
export interface BlockRsvRec {
  readonly name: 'global' | 'delayed_refs';
  readonly size: number;
  readonly reserved: number;
}

export type IomapTypeName =
  'HOLE' | 'DELALLOC' | 'MAPPED' | 'UNWRITTEN' | 'INLINE' | 'COW';

export interface IomapRec {
  readonly type: IomapTypeName;
  /** IOMAP_F_* names, e.g. ["NEW"]. */
  readonly flags: readonly string[];
  readonly offset: number;
  readonly length: number;
  /** Disk address of `offset`, or -1 (IOMAP_NULL_ADDR). */
  readonly addr: number;
  /** The srcaddr design's one extra field: where to read the old data from, or -1. */
  readonly srcaddr?: number;
}

/** The mapping of the iteration in progress (struct iomap_iter, or iomap_apply's locals). */
export interface IterRec {
  readonly ino: number;
  readonly pos: number;
  readonly len: number;
  readonly iomap: IomapRec;
  /** null where the design has no srcmap. */
  readonly srcmap: IomapRec | null;
}

/** Per-operation counters: what the patch-review comparisons are about. */
export interface CountersRec {
  readonly op: number;
  readonly mappingLookups: number;
  readonly extentLockCycles: number;
  readonly iomapBeginCalls: number;
  readonly syncReads: number;
  readonly bytesRead: number;
  readonly bytesZeroed: number;
  readonly bytesCopied: number;
  readonly dataReservations: number;
  readonly dataReservedBytes: number;
  readonly dataReleasedBytes: number;
  readonly metaReservations: number;
  readonly metaReservedBytes: number;
  readonly metaReleasedBytes: number;
  readonly orderedWaits: number;
  readonly eagainRetries: number;
}

export interface OpResultRec {
  readonly op: number;
  /** Bytes written/read, or -1 with errno. */
  readonly result: number;
  readonly errno: Errno | null;
  /** The data oracle's verdict after this operation. */
  readonly oracleOk: boolean;
  readonly mismatches: readonly string[];
}

/** The filesystem as the last commit left it on disk. */
export interface FsRec {
  /** Generation of the last commit. */
  readonly generation: number;
  /** Where the superblock's root tree node is. */
  readonly root: number;
  /** Metadata nodes the committed trees occupy. */
  readonly nodes: number;
}

/** XFS: one inode as the write path sees it (the model's XfsInode; XFS scenarios only). */
export interface XfsInodeRec {
  readonly ino: number;
  readonly name: string;
  readonly isize: number;
  /** XFS_DIFLAG2_REFLINK: the inode has shared an extent, so writes look for sharing. */
  readonly reflink: boolean;
  /** i_delayed_blks: blocks reserved by delalloc extents in either fork. */
  readonly delayedBlocks: number;
  /** The cowextsize hint in blocks (the inode's, or the default of 32). */
  readonly cowextszHint: number;
}

/** XFS: one extent of an inode's data fork or COW fork (struct xfs_bmbt_irec), in filesystem blocks. */
export interface XfsExtentRec {
  readonly ino: number;
  readonly fork: 'data' | 'cow';
  readonly startoff: number;
  readonly blockcount: number;
  readonly state: 'delalloc' | 'written' | 'unwritten';
  /** First disk block, or -1 for delalloc (no blocks placed yet). */
  readonly startblock: number;
}

/** XFS: the free-space counters (XFS's counterparts of btrfs's space_info). */
export interface XfsSpaceRec {
  readonly blockSize: number;
  /** Data blocks of the filesystem. */
  readonly dblocks: number;
  /** m_fdblocks: blocks neither allocated nor promised to delalloc. */
  readonly fdblocks: number;
  /** m_delalloc_blks: blocks promised to delalloc extents. */
  readonly delallocBlocks: number;
}

/** XFS: a refcount btree record (disk blocks referenced more than once: shared by reflink). */
export interface XfsRefcountRec {
  readonly startblock: number;
  readonly blockcount: number;
  readonly refcount: number;
}

export interface TableTypes {
  fs: FsRec;
  page: PageRec;
  inode: InodeRec;
  fileExtent: FileExtentRec;
  extentItem: ExtentItemRec;
  ioRange: IoRangeRec;
  ordered: OrderedRec;
  space: SpaceRec;
  blockGroup: BlockGroupRec;
  device: DeviceRec;
  ticket: TicketRec;
  flush: FlushRec;
  blockRsv: BlockRsvRec;
  iter: IterRec;
  counters: CountersRec;
  opResult: OpResultRec;
  xfsInode: XfsInodeRec;
  xfsExtent: XfsExtentRec;
  xfsSpace: XfsSpaceRec;
  xfsRefcount: XfsRefcountRec;
}
export type TableName = keyof TableTypes;
export const TABLE_NAMES: readonly TableName[] = [
  'fs',
  'page',
  'inode',
  'fileExtent',
  'extentItem',
  'ioRange',
  'ordered',
  'space',
  'blockGroup',
  'device',
  'ticket',
  'flush',
  'blockRsv',
  'iter',
  'counters',
  'opResult',
  'xfsInode',
  'xfsExtent',
  'xfsSpace',
  'xfsRefcount',
];

/** One record's change: added (before null), removed (after null) or updated. */
export type RecordChange = {
  [T in TableName]: {
    readonly table: T;
    readonly key: string;
    readonly before: TableTypes[T] | null;
    readonly after: TableTypes[T] | null;
  };
}[TableName];
