// The kernel conformance fixtures: what the recorder measured on a real kernel, as JSON under
// conformance/fixtures/. The recorder writes them; the checks read them and hold the engine to them.

import type { Op, Scenario } from '../engine/scenario/types.ts';

/** Where a fixture came from: the kernel release and the tools that drove it. */
export interface Provenance {
  /** `uname -r`. */
  readonly kernel: string;
  /** Tool name -> its version line (mkfs.btrfs, xfs_io, filefrag, ...). */
  readonly tools: Readonly<Record<string, string>>;
  /** When it was recorded (ISO 8601). */
  readonly recordedAt: string;
}

/** The data space_info counters of /sys/fs/btrfs/<uuid>/allocation/data/, in bytes. */
export interface DataCounters {
  readonly mayUse: number;
  readonly reserved: number;
  readonly pinned: number;
  readonly used: number;
}

/** One space_info of /sys/fs/btrfs/<uuid>/allocation/<kind>/, in bytes (total_bytes and the bytes_* counters). */
export interface SpaceCounters extends DataCounters {
  readonly total: number;
}

/** The space_infos and the global block reserve, as sysfs shows them. */
export interface KernelSpace {
  readonly data: SpaceCounters;
  readonly metadata: SpaceCounters;
  readonly system: SpaceCounters;
  /** global_rsv_size and global_rsv_reserved (what `btrfs filesystem df` calls GlobalReserve). */
  readonly globalReserve: { readonly size: number; readonly reserved: number };
}

/** One chunk of `btrfs inspect-internal dump-tree -t chunk`: its logical range, type, profile and stripes. */
export interface KernelChunk {
  readonly logical: number;
  readonly length: number;
  readonly type: 'DATA' | 'METADATA' | 'SYSTEM';
  readonly profile: 'single' | 'dup';
  /** Each stripe's physical offset on the (one) device. */
  readonly stripes: readonly number[];
}

/** One extent of `filefrag -v`, in bytes. */
export interface KernelExtent {
  readonly logical: number;
  readonly physical: number;
  readonly length: number;
  /** filefrag's flag names: unwritten, shared, last, delalloc, unknown_loc, eof, ... */
  readonly flags: readonly string[];
}

/** One trace event line: the event name and its text after the name, with task, cpu and time removed. */
export interface TraceEvent {
  readonly event: string;
  readonly text: string;
}

/** How an operation ended on the kernel: the bytes or 0 it returned, or the errno xfs_io reported. */
export type KernelResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly errno: string; readonly message: string };

/** The file and the filesystem after one operation (or after setup, for the baseline). */
export interface Checkpoint {
  /** The operation's index in the fixture's scenario ops, or -1 for the baseline after setup. */
  readonly op: number;
  /** The xfs_io command (or other action) that ran it. */
  readonly command: string;
  readonly result: KernelResult;
  readonly counters: DataCounters;
  /** The metadata space_info and the global reserve (recorded since the space fixtures; absent before). */
  readonly metadata?: SpaceCounters;
  readonly globalReserve?: { readonly size: number; readonly reserved: number };
  readonly extents: readonly KernelExtent[];
  readonly size: number;
  readonly sha256: string;
  /** The tracepoint events the operation caused on this filesystem, in order. */
  readonly events: readonly TraceEvent[];
}

/** A btrfs image geometry as the recorder made it (close to the scenario's; mkfs.btrfs needs ~110 MiB). */
export interface BtrfsGeometry {
  readonly imageBytes: number;
  readonly sectorSize: number;
  readonly nodeSize: number;
}

/** One scenario recorded on btrfs: the scenario as run (engine format) and a checkpoint per op. */
export interface BtrfsScenarioFixture {
  readonly kind: 'btrfs-scenario';
  /** The built-in id, or the conformance scenario's id. */
  readonly id: string;
  /** Whether `id` is an engine built-in (its ops, then `appendedOps`). */
  readonly builtin: boolean;
  /** Ops the recorder appended to the built-in's (a final sync, so every counter settles). */
  readonly appendedOps: readonly Op[];
  readonly scenario: Scenario;
  /** How the setup made the scenario's starting state on the real filesystem. */
  readonly setup: readonly string[];
  readonly geometry: BtrfsGeometry;
  readonly provenance: Provenance;
  readonly baseline: Checkpoint;
  readonly checkpoints: readonly Checkpoint[];
}

/** One iomap mapping as the iomap_iter_dstmap / iomap_iter_srcmap tracepoints print it. */
export interface KernelIomap {
  readonly offset: number;
  readonly length: number;
  readonly addr: number;
  readonly type: string;
  readonly flags: readonly string[];
}

/** The unaligned overwrite of a reflinked file on XFS: the iomap and srcmap of each iteration. */
export interface XfsSrcmapFixture {
  readonly kind: 'xfs-srcmap';
  readonly id: string;
  /** The built-in scenario whose write this is (its file, offset and length). */
  readonly scenario: string;
  readonly write: { readonly offset: number; readonly length: number };
  readonly fileSize: number;
  readonly setup: readonly string[];
  readonly provenance: Provenance;
  /** One entry per iomap_iter of the write: the dstmap, and the srcmap when the tracepoint fired. */
  readonly iterations: readonly {
    readonly dstmap: KernelIomap;
    readonly srcmap: KernelIomap | null;
  }[];
  readonly events: readonly TraceEvent[];
  readonly sha256: string;
}

/** An op log of the project's exerciser, replayed on a real btrfs file. */
export interface FsxReplayFixture {
  readonly kind: 'fsx-replay';
  readonly id: string;
  /** Recorded on XFS (mkfs.xfs -m reflink=1) and held to the xfs design; btrfs when absent. */
  readonly filesystem?: 'xfs';
  /** How the log was made: `iomap-explorer exercise` arguments. */
  readonly exercise: {
    readonly variant: string;
    readonly seed: number;
    readonly ops: number;
    readonly maxSize: string;
  };
  /** The log, as the exerciser wrote it. */
  readonly log: string;
  readonly geometry: BtrfsGeometry;
  readonly provenance: Provenance;
  /** Ops whose kernel result was an error, by 1-based op number (k), with the errno. */
  readonly errors: readonly { readonly k: number; readonly errno: string }[];
  readonly size: number;
  readonly sha256: string;
}

/** A fresh filesystem as mkfs.btrfs lays it out on images of several sizes, seen by a mount. */
export interface MkfsLayoutFixture {
  readonly kind: 'mkfs-layout';
  readonly id: string;
  readonly provenance: Provenance;
  readonly layouts: readonly {
    readonly imageBytes: number;
    readonly chunks: readonly KernelChunk[];
    /** The device's dev_item.bytes_used: what the chunks' stripes occupy. */
    readonly deviceBytesUsed: number;
    readonly space: KernelSpace;
  }[];
}

/** A new file written until the first error on a fresh filesystem: how far it got and the chunks it left. */
export interface FillFixture {
  readonly kind: 'fill';
  readonly id: string;
  readonly provenance: Provenance;
  readonly imageBytes: number;
  /** Write k (from 0) writes `writeBytes` at k * `stride`. */
  readonly writeBytes: number;
  readonly stride: number;
  /** Bytes written before the first failed (or short) write, and the writes that completed in full. */
  readonly bytesWritten: number;
  readonly writes: number;
  /** The errno of the first failed write, or "short" when a write returned less than asked. */
  readonly error: string;
  /** After mkfs and mount, before the first write. */
  readonly before: {
    readonly chunks: readonly KernelChunk[];
    readonly space: KernelSpace;
  };
  /** After the failed write and a syncfs. */
  readonly after: {
    readonly chunks: readonly KernelChunk[];
    readonly space: KernelSpace;
  };
}

/** A COW-fork extent as the xfs tracepoints show it: file block, disk block and length, in blocks. */
export interface KernelCowExtent {
  readonly startoff: number;
  readonly startblock: number;
  readonly blockcount: number;
  /** br_state: XFS_EXT_UNWRITTEN (the trace's flag 1) until a write's I/O converts the blocks. */
  readonly unwritten: boolean;
}

/**
 * An XFS built-in scenario's writes and fsyncs run on a real XFS (reflink=1), one xfs_io process: the
 * dstmap/srcmap of every iomap iteration, then, after the scenario's last op and before the file is
 * closed (a close may trim post-EOF preallocation), the data fork as FIEMAP reports it and the COW fork.
 */
export interface XfsWriteFixture {
  readonly kind: 'xfs-write';
  readonly id: string;
  /** The XFS built-in run (its files and ops). */
  readonly scenario: string;
  readonly setup: readonly string[];
  readonly provenance: Provenance;
  /** Every iomap iteration of the scenario's writes, in order. */
  readonly iterations: XfsSrcmapFixture['iterations'];
  /** `xfs_io -c "fiemap -v"` of the file after the last op, in bytes, holes left out. */
  readonly dataFork: readonly KernelExtent[];
  /**
   * The COW fork after the last op: the extents xfs_map_blocks_alloc allocated in it less the pieces
   * xfs_reflink_cow_remap_from moved into the data fork (XFS_IOC_GETBMAPX refuses BMV_IF_COWFORK with
   * EINVAL on this kernel, so `xfs_io bmap -c` cannot show it). Reservations writeback never reached
   * would not appear; the scenarios recorded write back every one.
   */
  readonly cowFork: readonly KernelCowExtent[];
  readonly events: readonly TraceEvent[];
  readonly size: number;
  readonly sha256: string;
}

/**
 * Random 4 KiB overwrites of a file already on disk, with no sync between them: each one reserves metadata
 * for a new ordered extent, so the metadata space_info keeps running its flush states. What Linux ran.
 */
export interface ReclaimFixture {
  readonly kind: 'reclaim';
  readonly id: string;
  readonly provenance: Provenance;
  readonly imageBytes: number;
  /** The file, written and synced before the overwrites, and its extents then (`filefrag -v`). */
  readonly fileBytes: number;
  readonly prepared: readonly KernelExtent[];
  /** Overwrite k writes 4 KiB at the k-th offset of reclaimOffsets(seed, fileBytes, writes). */
  readonly seed: number;
  readonly writes: number;
  /** btrfs_transaction_commit events during the overwrites. */
  readonly commits: number;
  /** btrfs_flush_space events of the metadata space_info during the overwrites, by state name. */
  readonly metadataFlushStates: Readonly<Record<string, number>>;
}

export type Fixture =
  | ReclaimFixture
  | BtrfsScenarioFixture
  | XfsSrcmapFixture
  | XfsWriteFixture
  | FsxReplayFixture
  | MkfsLayoutFixture
  | FillFixture;
