// Named simplifications: differences between the engine and the recorded kernel that are understood and
// accepted, each by fixture id and field (and checkpoint, when only one differs), with the reason. The
// checks fail on any difference not listed here, and on any entry that no longer matches a difference.

export interface AllowedDifference {
  /** The fixture id ("S8", "xfs-srcmap", "fsx-srcmap-seed1"). */
  readonly scenario: string;
  /** The compared field, as the difference names it ("counters.mayUse", "extents", "srcmap.flags"). */
  readonly field: string;
  /** The op index of the checkpoint; every checkpoint of the field when absent. */
  readonly checkpoint?: number;
  readonly reason: string;
}

export const ALLOWLIST: readonly AllowedDifference[] = [
  {
    scenario: 'S15',
    field: 'metadata.mayUse',
    checkpoint: 3,
    reason:
      "the engine's fsync commits the whole transaction (a documented simplification: no log tree), and the commit runs the delayed refs, emptying the delayed refs reserve that the inode's metadata reservation went into; the kernel's fsync writes the log tree and leaves the transaction and its delayed refs, with their reserve (the 1.2 MiB here), for the next commit. After the next sync both are back at the global reserve",
  },
  {
    scenario: 'xfs-srcmap',
    field: 'dstmap.flags',
    reason:
      'XFS marks the COW-fork delalloc reservation it returns IOMAP_F_NEW (made by this call; xfs punches it out again if the write fails) and IOMAP_F_SHARED (the data-fork extent is shared); the srcmap design gives btrfs a plain DELALLOC iomap: its iomap_end releases an unused reservation itself rather than keying it off IOMAP_F_NEW, and every btrfs data write is CoW, so SHARED would say nothing. The types and the srcmap (MAPPED, no flags) agree',
  },
];
