// The reservation a buffered write takes before touching pages (btrfs_buffered_write and the v1 port
// btrfs_buffered_iomap_begin do the same): data space, or the nocow fallback when data space is gone and
// the inode may write in place, then metadata for the sectors written.

import { fail, ok, type Result } from '../core/errno.ts';
import { alignUp, shortSize } from '../core/units.ts';
import type { Fs, FsInode } from './fs.ts';
import { checkCanNocow } from './nocow.ts';
import {
  freeReservedData,
  reserveData,
  reserveMetadata,
} from './reservations.ts';

export interface WriteReservation {
  /** Bytes of the write the reservation covers (shrunk to the nocow-able length on the fallback). */
  readonly writeBytes: number;
  /** Sector-aligned bytes reserved for [pos, pos + writeBytes). */
  readonly reservedBytes: number;
  /** The nocow fallback: only metadata was reserved. */
  readonly nocow: boolean;
}

export function reserveWriteSpace(
  fs: Fs,
  entry: FsInode,
  pos: number,
  length: number,
): Result<WriteReservation> {
  const ss = fs.geo.sectorSize;
  const sectorOffset = pos % ss;
  let writeBytes = length;
  let nocow = false;
  if (!reserveData(fs, pos, writeBytes)) {
    const nocowable =
      entry.inode.has('NODATACOW') || entry.inode.has('PREALLOC')
        ? checkCanNocow(fs, entry, pos, writeBytes)
        : 0;
    if (nocowable <= 0) {
      return fail(
        'ENOSPC',
        `no data space for ${shortSize(alignUp(writeBytes + sectorOffset, ss))} and the range cannot be written in place`,
      );
    }
    nocow = true;
    writeBytes = nocowable;
  }
  const reservedBytes = alignUp(writeBytes + sectorOffset, ss);
  if (!reserveMetadata(fs, entry.inode, reservedBytes)) {
    if (!nocow)
      freeReservedData(fs, pos, writeBytes, 'the metadata reservation failed');
    return fail('ENOSPC', 'no metadata space for the write');
  }
  return ok({ writeBytes, reservedBytes, nocow });
}
