// A toy filesystem for tests of the iomap core alone: one file mapped 1:1 onto a byte array, the counters
// the core bumps kept in a map. Rule: nothing of btrfs or XFS, only what engine/iomap/host.ts asks for.

import { AddressSpace } from '../pagecache/addressSpace.ts';
import { Recorder } from '../trace/recorder.ts';
import type { IomapCounterName, IomapFile, IomapHost } from '../iomap/host.ts';

export const TOY_PAGE = 4096;
export const TOY_BLOCK = 1024;

/** A host over `disk` with a file of `isize` bytes; `trace` keeps the step events in `rec.events`. */
export function toyHost(disk: Uint8Array, isize: number, trace = false) {
  const rec = new Recorder(trace);
  const counted = new Map<IomapCounterName, number>();
  const host: IomapHost = {
    geo: { pageSize: TOY_PAGE },
    rec,
    counters: {
      add: (name, n = 1) => counted.set(name, (counted.get(name) ?? 0) + n),
    },
    disk: {
      read: (addr, into) => {
        into.set(disk.subarray(addr, addr + into.length));
      },
    },
  };
  const inode = {
    ino: 7,
    isize,
    extendTo(end: number) {
      inode.isize = Math.max(inode.isize, end);
    },
  };
  const file: IomapFile = {
    inode,
    mapping: new AddressSpace(7, TOY_PAGE, TOY_BLOCK, rec),
  };
  return { host, file, inode, counted, rec };
}
