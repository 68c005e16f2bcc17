// The space flushers' hands (SpaceFlusher): delalloc and ordered byte counts, writeback of delalloc inode
// by inode (btrfs_start_delalloc_roots), waiting for ordered extents (btrfs_wait_ordered_roots) and the
// transaction commit. Attached to every filesystem made or mounted, so reservations can flush.

import type { Fs } from './fs.ts';
import { completeAllIo } from './ordered.ts';
import type { SpaceFlusher } from './space/flusher.ts';
import { commitTransaction, runDelayedRefs } from './transaction.ts';
import { writepages } from './writeback.ts';

export function attachSpaceFlusher(fs: Fs): void {
  const flusher: SpaceFlusher = {
    delallocBytes: () =>
      [...fs.inodes.values()].reduce((n, e) => n + e.inode.delallocBytes, 0),
    orderedBytes: () =>
      [...fs.ordered.values()].reduce((n, oe) => n + oe.numBytes, 0),
    startDelalloc(bytes) {
      let started = 0;
      const inodes = [...fs.inodes.values()].sort(
        (a, b) => a.inode.ino - b.inode.ino,
      );
      for (const entry of inodes) {
        if (started >= bytes) break;
        if (entry.inode.delallocBytes === 0) continue;
        started += entry.inode.delallocBytes;
        writepages(fs, entry, false);
      }
    },
    waitOrdered() {
      completeAllIo(fs);
    },
    commit(why) {
      commitTransaction(fs, why);
    },
    runDelayedRefs(why) {
      return runDelayedRefs(fs, why);
    },
  };
  fs.attachFlusher(flusher);
}
