// A btrfs inode's in-memory state (struct btrfs_inode + VFS inode fields the write path touches).

import { shortSize } from '../core/units.ts';
import type { FileFlag } from '../scenario/types.ts';
import type { IomapInode } from '../iomap/host.ts';
import type { Recorder } from '../trace/recorder.ts';
import type { InodeRec } from '../trace/records.ts';

export class BtrfsInode implements IomapInode {
  isize: number;
  private diskIsizeValue: number;
  private nbytesValue = 0;
  outstandingExtents = 0;
  delallocBytes = 0;
  newDelallocBytes = 0;
  csumBytes = 0;
  rsvSize = 0;
  rsvReserved = 0;

  constructor(
    readonly ino: number,
    readonly name: string,
    size: number,
    private fileFlags: readonly FileFlag[],
    private readonly rec: Recorder,
    /** Told when what the inode item records (disk_i_size, nbytes, flags) changes. */
    private readonly itemChanged: () => void,
  ) {
    this.isize = size;
    this.diskIsizeValue = size;
  }

  /** The size the inode item records (disk_i_size). */
  get diskIsize(): number {
    return this.diskIsizeValue;
  }

  set diskIsize(size: number) {
    if (size !== this.diskIsizeValue) this.itemChanged();
    this.diskIsizeValue = size;
  }

  /** The bytes of data the file's extents hold (inode_get_bytes). */
  get nbytes(): number {
    return this.nbytesValue;
  }

  set nbytes(bytes: number) {
    if (bytes !== this.nbytesValue) this.itemChanged();
    this.nbytesValue = bytes;
  }

  get flags(): readonly FileFlag[] {
    return this.fileFlags;
  }

  has(flag: FileFlag): boolean {
    return this.fileFlags.includes(flag);
  }

  /** Sets an inode flag (fallocate sets PREALLOC once the inode has prealloc extents). */
  addFlag(flag: FileFlag): void {
    if (this.has(flag)) return;
    this.update(() => {
      this.fileFlags = [...this.fileFlags, flag];
    });
    this.itemChanged();
  }

  /** NODATACOW implies NODATASUM, as in btrfs. */
  get nodatasum(): boolean {
    return this.has('NODATASUM') || this.has('NODATACOW');
  }

  /** i_size_write when a write ends past i_size (in memory only; disk_i_size follows at completion). */
  extendTo(end: number): void {
    if (end <= this.isize) return;
    this.update(() => {
      this.isize = end;
    });
    this.rec.emit(
      'btrfs.inode',
      { ino: this.ino },
      `i_size_write: i_size = ${shortSize(end)} (in memory only)`,
    );
  }

  /** Records a change made by `body` to this inode. */
  update(body: () => void): void {
    const before = this.rec.enabled ? this.toRec() : null;
    body();
    // Stryker disable next-line ConditionalExpression: rec.change records nothing when the recorder is off; the guard only spares building the record
    if (this.rec.enabled)
      this.rec.change('inode', String(this.ino), before, this.toRec());
  }

  toRec(): InodeRec {
    return {
      ino: this.ino,
      name: this.name,
      isize: this.isize,
      diskIsize: this.diskIsize,
      flags: this.flags,
      nbytes: this.nbytes,
      outstandingExtents: this.outstandingExtents,
      delallocBytes: this.delallocBytes,
      newDelallocBytes: this.newDelallocBytes,
      csumBytes: this.csumBytes,
      rsvSize: this.rsvSize,
      rsvReserved: this.rsvReserved,
    };
  }
}
