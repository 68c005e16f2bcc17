// The scenario format: what a user (or the built-in library) hands the engine. Plain JSON, validated by
// validate.ts before anything runs. Sizes are byte counts or strings like "64K"/"16M".

/** A byte count or a size string ("4K", "16M", "1G"); binary units. */
export type SizeSpec = number | string;

export type VariantId =
  'legacy' | 'v1-posted' | 'srcmap' | 'nested-apply' | 'srcaddr';
export const VARIANT_IDS: readonly VariantId[] = [
  'legacy',
  'v1-posted',
  'srcmap',
  'nested-apply',
  'srcaddr',
];

/** The filesystem a scenario runs on: the five designs are btrfs write paths; `xfs` is XFS itself. */
export type FilesystemId = 'btrfs' | 'xfs';
export const FILESYSTEM_IDS: readonly FilesystemId[] = ['btrfs', 'xfs'];

/** A design a command can run: one of the btrfs designs under review, or XFS (issue 16). */
export type DesignId = VariantId | 'xfs';
export const DESIGN_IDS: readonly DesignId[] = [...VARIANT_IDS, 'xfs'];

/** The filesystem a design runs on. */
export function designFilesystem(design: DesignId): FilesystemId {
  return design === 'xfs' ? 'xfs' : 'btrfs';
}

export interface GeometrySpec {
  /** Page size: 4096 (default) or 65536 for the subpage case. */
  readonly pageSize?: SizeSpec;
  /** Sector (block) size, a power of two, at most the page size. Default 4096. */
  readonly sectorSize?: SizeSpec;
  /** Metadata node size. Default 16384. */
  readonly nodeSize?: SizeSpec;
  /**
   * Device (disk image) size. Default 64M. mkfs lays out its first chunks on it and every later data and
   * metadata chunk is allocated from it on demand.
   */
  readonly deviceSize?: SizeSpec;
}

export type FileFlag = 'NODATACOW' | 'PREALLOC' | 'NODATASUM';

/** A prepared file extent: file range -> a disk extent made for the scenario. */
export interface ExtentSpec {
  /** File offset, sector aligned. */
  readonly offset: SizeSpec;
  /** Length, sector aligned. */
  readonly length: SizeSpec;
  /** regular (written data) or prealloc (fallocated, reads as zeros). Default regular. */
  readonly type?: 'regular' | 'prealloc';
  /** A display name for the disk extent ("X"); extents naming the same disk extent share it (reflink). */
  readonly disk?: string;
  /** Offset into the named disk extent where this file range starts (for shared/bookend layouts). */
  readonly diskOffset?: SizeSpec;
  /** True if another root (a snapshot) also references the disk extent: nocow must refuse it. */
  readonly shared?: boolean;
}

/** Byte content: one repeated value, or the default "old data" pattern (never zero, depends on offset). */
export type FillSpec = { readonly byte: number } | 'pattern';

export interface FileSpec {
  /** The name operations use to refer to the file. */
  readonly name: string;
  /** i_size in bytes. */
  readonly size: SizeSpec;
  readonly flags?: readonly FileFlag[];
  /** Committed extents on disk; ranges not covered are holes. */
  readonly extents?: readonly ExtentSpec[];
  /** What the regular extents contain on disk. Default 'pattern'. */
  readonly fill?: FillSpec;
  /** File ranges whose pages start in the page cache, uptodate and clean. */
  readonly cached?: readonly {
    readonly offset: SizeSpec;
    readonly length: SizeSpec;
  }[];
  /** XFS only: the inode's COW extent size hint (xfs_io -c "cowextsize 256k"); XFS's default when absent. */
  readonly cowextsize?: SizeSpec;
}

export interface SpaceSpec {
  /** Extra data bytes_used by other files (allocating data chunks as they need them). */
  readonly dataUsedByOthers?: SizeSpec;
  /**
   * Start near ENOSPC: other files take every data chunk the device can hold and all of their space but
   * this many bytes (S8: 0). Not together with dataUsedByOthers.
   */
  readonly dataFree?: SizeSpec;
  /**
   * Memory pressure: when a write leaves more than this many dirty pages, balance_dirty_pages starts
   * background writeback of that file (no wait). Default: no limit.
   */
  readonly dirtyLimit?: number;
}

/** What each written byte is: a fixed value, or the fsx rule (k mod 255) + 1 for the op's 1-based index k. */
export type PatternSpec = { readonly byte: number } | 'op-index';

/** fallocate(2) modes: allocate (mode 0), PUNCH_HOLE, ZERO_RANGE; btrfs refuses COLLAPSE and INSERT. */
export type FallocMode =
  'allocate' | 'punch-hole' | 'zero-range' | 'collapse-range' | 'insert-range';
export const FALLOC_MODES: readonly FallocMode[] = [
  'allocate',
  'punch-hole',
  'zero-range',
  'collapse-range',
  'insert-range',
];

/** Range operations within one file: FICLONERANGE, FIDEDUPERANGE, copy_file_range(2). */
export type RemapKind = 'clone-range' | 'dedupe-range' | 'copy-range';

export type OpSpec =
  | {
      readonly op: 'write';
      readonly file: string;
      readonly offset: SizeSpec;
      readonly length: SizeSpec;
      readonly pattern?: PatternSpec;
      /** Simulate a user-space fault: only this many bytes of the first page copy succeed (S11). */
      readonly shortCopyAt?: SizeSpec;
    }
  | {
      readonly op: 'read';
      readonly file: string;
      readonly offset: SizeSpec;
      readonly length: SizeSpec;
    }
  /** Start writeback of the file's dirty pages; with wait false the I/O stays in flight (S7). */
  | { readonly op: 'writeback'; readonly file: string; readonly wait?: boolean }
  /** Let every in-flight I/O and ordered extent complete. */
  | { readonly op: 'complete-io' }
  /** truncate(2): shrink or grow the file to `size`. */
  | { readonly op: 'truncate'; readonly file: string; readonly size: SizeSpec }
  /** fallocate(2) with a mode; keepSize is FALLOC_FL_KEEP_SIZE (default true for punch-hole, else false). */
  | {
      readonly op: 'fallocate';
      readonly file: string;
      readonly mode?: FallocMode;
      readonly offset: SizeSpec;
      readonly length: SizeSpec;
      readonly keepSize?: boolean;
    }
  /** Copy/share `length` bytes at `srcOffset` to `offset` within the same file. */
  | {
      readonly op: RemapKind;
      readonly file: string;
      readonly srcOffset: SizeSpec;
      readonly length: SizeSpec;
      readonly offset: SizeSpec;
    }
  /** fsync(2): write the file back, wait, and make it durable. */
  | { readonly op: 'fsync'; readonly file: string }
  /** sync(2): write every file back and commit the transaction. */
  | { readonly op: 'sync' }
  /** Commit the running transaction (what the commit interval does): no writeback. */
  | { readonly op: 'commit' }
  /**
   * Power fails: the page cache and the device's unflushed writes are lost (with a seed, a seeded subset of
   * the unflushed writes lands, in any order); then the filesystem is mounted again from the disk.
   */
  | { readonly op: 'power-cut'; readonly seed?: number }
  /** Clean unmount (sync and commit) and mount again. */
  | { readonly op: 'remount' }
  /** echo 3 > /proc/sys/vm/drop_caches: clean, idle pages leave the page cache (dirty ones stay). */
  | { readonly op: 'drop-caches' };

export interface ScenarioSpec {
  /** Short id: "S1" ... for built-ins, any [A-Za-z0-9_-] for user scenarios. */
  readonly id: string;
  readonly title: string;
  /** One paragraph: what happens and why it matters. */
  readonly description: string;
  /** kernel-facts.md scenario this one models, e.g. "S2". */
  readonly kernelFacts?: string;
  /** The designs this scenario is meant to compare (all five when absent; not for XFS scenarios). */
  readonly variants?: readonly VariantId[];
  /** The filesystem it runs on (btrfs when absent); an XFS scenario runs under the `xfs` design only. */
  readonly filesystem?: FilesystemId;
  readonly seed?: number;
  readonly geometry?: GeometrySpec;
  readonly space?: SpaceSpec;
  readonly files: readonly FileSpec[];
  readonly ops: readonly OpSpec[];
}

// ---- The validated, normalized form the engine runs (every size a byte count, every default filled) ----

export interface Geometry {
  readonly pageSize: number;
  readonly sectorSize: number;
  readonly nodeSize: number;
  readonly deviceSize: number;
}

export interface ExtentDef {
  readonly offset: number;
  readonly length: number;
  readonly type: 'regular' | 'prealloc';
  /** Disk extent name; defaults to a unique name per extent ("E0", "E1", ...). */
  readonly disk: string;
  readonly diskOffset: number;
  readonly shared: boolean;
}

export interface FileDef {
  readonly name: string;
  readonly size: number;
  readonly flags: readonly FileFlag[];
  readonly extents: readonly ExtentDef[];
  readonly fill: FillSpec;
  readonly cached: readonly {
    readonly offset: number;
    readonly length: number;
  }[];
  /** XFS only: the COW extent size hint in bytes (fsxattr.fsx_cowextsize); absent means no hint set. */
  readonly cowextsize?: number;
}

export type Op =
  | {
      readonly op: 'write';
      readonly file: string;
      readonly offset: number;
      readonly length: number;
      readonly pattern: PatternSpec;
      readonly shortCopyAt?: number;
    }
  | {
      readonly op: 'read';
      readonly file: string;
      readonly offset: number;
      readonly length: number;
    }
  | { readonly op: 'writeback'; readonly file: string; readonly wait: boolean }
  | { readonly op: 'complete-io' }
  | { readonly op: 'truncate'; readonly file: string; readonly size: number }
  | {
      readonly op: 'fallocate';
      readonly file: string;
      readonly mode: FallocMode;
      readonly offset: number;
      readonly length: number;
      readonly keepSize: boolean;
    }
  | {
      readonly op: RemapKind;
      readonly file: string;
      readonly srcOffset: number;
      readonly length: number;
      readonly offset: number;
    }
  | { readonly op: 'fsync'; readonly file: string }
  | { readonly op: 'sync' }
  | { readonly op: 'commit' }
  | { readonly op: 'power-cut'; readonly seed?: number }
  | { readonly op: 'remount' }
  | { readonly op: 'drop-caches' };

export interface Scenario {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly kernelFacts?: string;
  readonly variants: readonly VariantId[];
  /** Absent for btrfs (the scenarios made before XFS). */
  readonly filesystem?: 'xfs';
  readonly seed: number;
  readonly geometry: Geometry;
  readonly space: {
    readonly dataUsedByOthers: number;
    /** Other files fill the device's data space but this many bytes. */
    readonly dataFree?: number;
    readonly dirtyLimit?: number;
  };
  readonly files: readonly FileDef[];
  readonly ops: readonly Op[];
}
