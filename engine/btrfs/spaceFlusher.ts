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
      // start_delalloc_inodes: the delalloc list from its head, until about `bytes` are started.
      // SIMPLIFICATION: the kernel moves each inode it visits to the list's tail; here an inode keeps its
      // place, which matters only when writeback leaves some of its delalloc (a page under writeback).
      let started = 0;
      for (const entry of [...fs.delallocInodes]) {
        if (started >= bytes) break;
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
