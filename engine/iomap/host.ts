// What the iomap core needs from the filesystem that hosts it: the recorder, the counters it bumps, reading
// the disk, the page size, and per file the page cache, i_size and extending it. Rule: iomap owns these
// types and each filesystem implements them; nothing in engine/iomap imports a filesystem.

import type { AddressSpace } from '../pagecache/addressSpace.ts';
import type { Recorder } from '../trace/recorder.ts';
import type { CountersRec } from '../trace/records.ts';

/** The per-operation counters the iomap core itself increments. */
export type IomapCounterName = Extract<
  keyof CountersRec,
  'iomapBeginCalls' | 'syncReads' | 'bytesRead' | 'bytesZeroed' | 'bytesCopied'
>;

/** The filesystem as the iomap core sees it (struct super_block plus what iomap reaches through it). */
export interface IomapHost {
  readonly geo: { readonly pageSize: number };
  readonly rec: Recorder;
  readonly counters: {
    add(name: IomapCounterName, n?: number): void;
  };
  /** Reads the bytes at a disk address of the filesystem's own (an iomap addr) into `into`. */
  readonly disk: {
    read(addr: number, into: Uint8Array): void;
  };
}

/** The inode fields the core reads and writes (i_ino, i_size, and i_size_write past EOF). */
export interface IomapInode {
  readonly ino: number;
  readonly isize: number;
  /** Raises i_size to `end` when it lies beyond it (iomap_write_end's i_size_write). */
  extendTo(end: number): void;
}

/** One open file of the host: its inode and its page cache (inode->i_mapping). */
export interface IomapFile {
  readonly inode: IomapInode;
  readonly mapping: AddressSpace;
}
