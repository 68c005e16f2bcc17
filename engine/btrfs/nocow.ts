// check_can_nocow / can_nocow_extent: when data space is exhausted, a NODATACOW or PREALLOC inode may
// still write in place over an extent that is not shared and carries no checksums.

import { InvariantError } from '../core/assert.ts';
import { alignDown, alignUp, shortSize } from '../core/units.ts';
import type { FileExtentRec } from '../trace/records.ts';
import type { Fs, FsInode } from './fs.ts';
import { lockExtent, unlockExtent } from './extentLock.ts';
import { lookupOrderedRange, waitOrdered } from './ordered.ts';

/** can_nocow_extent: may the item at `offset` be overwritten in place? */
export function canNocowItem(
  fs: Fs,
  entry: FsInode,
  item: FileExtentRec,
): boolean {
  // A regular extent only in a NODATACOW inode: a PREALLOC inode's written extents are copied on write,
  // checksums or not (a NODATASUM|PREALLOC inode, from mount -o nodatasum and a fallocate, copies them too).
  if (item.type === 'regular' && !entry.inode.has('NODATACOW')) return false;
  const extent = fs.extentTree.get(item.diskBytenr);
  if (extent === undefined)
    throw new InvariantError(
      `can_nocow_extent: no extent item at ${String(item.diskBytenr)}`,
    );
  // A snapshot's reference is one of the extent's refs, so a shared extent has a cross reference too.
  if (crossRefExists(entry, item, extent.numBytes, extent.refs)) return false;
  // Checksums under the extent force CoW, so they are never left stale (prealloc extents have none).
  return !fs.extentTree.csums.has(item.diskBytenr + item.extentOffset);
}

/**
 * btrfs_cross_ref_exist (check_committed_ref): another reference to the extent exists unless all of its refs
 * are the one back reference this item names, (this inode, key offset minus extent offset). The bookends a
 * split leaves in the same file share that back reference; a clone, to another file or another offset, does
 * not.
 */
function crossRefExists(
  entry: FsInode,
  item: FileExtentRec,
  extentBytes: number,
  refs: number,
): boolean {
  const key = item.offset - item.extentOffset;
  let own = 0;
  for (const other of entry.extents.overlapping(key, key + extentBytes))
    if (
      other.diskBytenr === item.diskBytenr &&
      other.offset - other.extentOffset === key
    )
      own++;
  return own !== refs;
}

/** Returns the number of bytes from `pos` that can be written without CoW (0 when none). */
export function checkCanNocow(
  fs: Fs,
  entry: FsInode,
  pos: number,
  writeBytes: number,
): number {
  const ss = fs.geo.sectorSize;
  const start = alignDown(pos, ss);
  const end = alignUp(pos + writeBytes, ss);
  return fs.rec.call(
    'check_can_nocow',
    'could this write go in place, without new data space?',
    () => {
      lockExtent(
        fs,
        entry,
        start,
        end,
        'check_can_nocow looks at the extent under the range',
      );
      const ordered = lookupOrderedRange(fs, entry.inode.ino, start, end);
      // Only a failed data reservation leads here, and its FLUSH_DELALLOC_FULL waited for every ordered
      // extent; in Linux another task may have started one since.
      if (ordered !== undefined) waitOrdered(fs, ordered);
      fs.counters.add('mappingLookups');
      // Stryker disable next-line ArithmeticOperator: the length only bounds a hole's mapping, and a hole is never written in place
      const em = entry.extents.lookup(start, end - start);
      let bytes = 0;
      if (em.item !== undefined && canNocowItem(fs, entry, em.item))
        bytes = Math.min(end, em.start + em.len) - pos;
      unlockExtent(fs, entry, { start, end });
      const ok = bytes > 0;
      fs.rec.emit(
        'btrfs.nocow',
        { ok, bytes: Math.max(0, bytes) },
        ok
          ? `can_nocow_extent: ${shortSize(Math.min(bytes, writeBytes))} can be overwritten in place (NODATACOW/PREALLOC, not shared)`
          : em.item === undefined
            ? 'cannot nocow: no extent under the range'
            : 'cannot nocow: the extent is shared, checksummed or not nocow-able',
      );
      return ok ? Math.min(bytes, writeBytes) : 0;
    },
  );
}
