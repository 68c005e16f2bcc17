// Extent io tree bits (fs/btrfs/extent-io-tree.h, v5.2 values) and their display names.

export const EXTENT = {
  DIRTY: 1 << 0,
  UPTODATE: 1 << 1,
  LOCKED: 1 << 2,
  NEW: 1 << 3,
  DELALLOC: 1 << 4,
  DEFRAG: 1 << 5,
  BOUNDARY: 1 << 6,
  NODATASUM: 1 << 7,
  CLEAR_META_RESV: 1 << 8,
  NEED_WAIT: 1 << 9,
  DAMAGED: 1 << 10,
  NORESERVE: 1 << 11,
  QGROUP_RESERVED: 1 << 12,
  CLEAR_DATA_RESV: 1 << 13,
  DELALLOC_NEW: 1 << 14,
  /** Later kernels: clearing DELALLOC_NEW with this moves new_delalloc_bytes into the inode's bytes. */
  ADD_INODE_BYTES: 1 << 15,
} as const;

export type ExtentBitName = keyof typeof EXTENT;

export const EXTENT_DO_ACCOUNTING =
  EXTENT.CLEAR_META_RESV | EXTENT.CLEAR_DATA_RESV;

/** Bits that only steer a clear operation's hooks; they are never stored on a range. */
export const CONTROL_BITS =
  EXTENT.CLEAR_META_RESV | EXTENT.CLEAR_DATA_RESV | EXTENT.ADD_INODE_BYTES;

export function bitNames(bits: number): string[] {
  return (Object.keys(EXTENT) as ExtentBitName[]).filter(
    (name) => (bits & EXTENT[name]) !== 0,
  );
}
