// btrfs_reserve_extent: find data space for (up to) a range — less when free space is fragmented — and
// hold it: the reservation moves from bytes_may_use to bytes_reserved until its extent item is inserted.

import { InvariantError } from '../core/assert.ts';
import { shortSize } from '../core/units.ts';
import type { Fs } from './fs.ts';

export interface ReservedExtent {
  readonly bytenr: number;
  readonly bytes: number;
  /** Display name (Y, Y2, ...). */
  readonly name: string;
}

/** Reserves up to `bytes` (at least one sector) for a `kind` extent; the space was reserved in may_use. */
export function reserveExtent(
  fs: Fs,
  bytes: number,
  kind: 'new' | 'prealloc',
): ReservedExtent {
  const piece = fs.extentTree.allocate(bytes, fs.geo.sectorSize);
  if (piece === null)
    throw new InvariantError(
      `no free data space for ${shortSize(bytes)} although it was reserved`,
    );
  const name = fs.extentTree.nextName();
  fs.extentTree.reserveRange(piece.bytenr, piece.bytes, name);
  fs.data.adjust({ mayUse: -piece.bytes });
  fs.space.account(piece.bytenr, { reserved: piece.bytes });
  fs.rec.emit(
    'btrfs.extent',
    { action: 'alloc' },
    `btrfs_reserve_extent: ${kind} extent ${name} at ${String(piece.bytenr)}; bytes_may_use -= ${shortSize(piece.bytes)}, bytes_reserved += ${shortSize(piece.bytes)}`,
  );
  return { ...piece, name };
}
