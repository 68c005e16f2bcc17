// What the space flushers ask of the rest of the filesystem (header-like: types only, so the reservation
// code can run writeback and commits without importing them): delalloc and ordered bytes, writeback of
// delalloc, waiting for ordered extents, and a transaction commit.

export interface SpaceFlusher {
  /** fs_info->delalloc_bytes: dirty bytes with a reservation and no disk location yet. */
  delallocBytes(): number;
  /** fs_info->ordered_bytes: bytes of ordered extents not yet finished. */
  orderedBytes(): number;
  /** btrfs_start_delalloc_roots: start writeback of delalloc, inode by inode, until about `bytes` are started. */
  startDelalloc(bytes: number): void;
  /** btrfs_wait_ordered_roots: wait until every ordered extent is finished. */
  waitOrdered(): void;
  /** btrfs_commit_current_transaction. */
  commit(why: string): void;
  /** btrfs_run_delayed_refs; returns the metadata bytes the delayed refs reserve gave back. */
  runDelayedRefs(why: string): number;
}
