// btrfs_drop_extents and friends: make room for a new file extent item by trimming, splitting (with a
// bookend reference) or deleting the old items over a range, and dropping references on the disk extents
// they pointed into. An extent whose last reference goes is freed: used -> pinned until commit.

import { InvariantError } from '../core/assert.ts';
import { shortRange, shortSize } from '../core/units.ts';
import type { FileExtentRec } from '../trace/records.ts';
import type { Fs, FsInode } from './fs.ts';

/** btrfs_inc_extent_ref: one more file extent item points into the disk extent. */
export function incRef(fs: Fs, diskBytenr: number, why: string): void {
  const item = fs.extentTree.get(diskBytenr);
  if (item === undefined)
    throw new InvariantError(`incRef: no extent item at ${String(diskBytenr)}`);
  fs.extentTree.setRefs(diskBytenr, item.refs + 1);
  fs.delayedRefsRsv.addHead(diskBytenr);
  fs.rec.emit(
    'btrfs.extent',
    { action: 'ref' },
    `extent ${item.name} refs ${String(item.refs)} -> ${String(item.refs + 1)}: ${why}`,
  );
}

/** btrfs_free_extent (a delayed ref, run at once here): one reference fewer; at zero, pin the space. */
export function decRef(fs: Fs, diskBytenr: number, why: string): void {
  const item = fs.extentTree.get(diskBytenr);
  if (item === undefined)
    throw new InvariantError(`decRef: no extent item at ${String(diskBytenr)}`);
  fs.delayedRefsRsv.addHead(diskBytenr);
  if (item.refs > 1) {
    fs.extentTree.setRefs(diskBytenr, item.refs - 1);
    fs.rec.emit(
      'btrfs.extent',
      { action: 'ref' },
      `extent ${item.name} refs ${String(item.refs)} -> ${String(item.refs - 1)}: ${why}`,
    );
    return;
  }
  fs.extentTree.removeAndPin(diskBytenr);
  fs.space.account(diskBytenr, {
    used: -item.numBytes,
    pinned: item.numBytes,
  });
  fs.rec.emit(
    'btrfs.extent',
    { action: 'free' },
    `extent ${item.name} lost its last reference: bytes_used -= ${shortSize(item.numBytes)}, bytes_pinned += ${shortSize(item.numBytes)} until the transaction commits`,
  );
}

/** Removes file extent items over [start, end). Returns the bytes of items dropped (inode bytes). */
export function dropExtents(
  fs: Fs,
  entry: FsInode,
  start: number,
  end: number,
): number {
  return fs.rec.call(
    'btrfs_drop_extents',
    `remove the old file extent items over ${shortRange(start, end)}`,
    () => {
      // Stryker disable next-line StringLiteral: the name only keys the tree's one ref head per transaction, and no other caller adds the fs tree's
      fs.delayedRefsRsv.addTreeCow('fs');
      let dropped = 0;
      for (const item of entry.extents.overlapping(start, end)) {
        const itemEnd = item.offset + item.numBytes;
        if (item.offset < start && itemEnd > end) {
          // The new range sits inside the item: keep both sides, the right one is a bookend.
          const left: FileExtentRec = {
            ...item,
            numBytes: start - item.offset,
          };
          const right: FileExtentRec = {
            ...item,
            offset: end,
            numBytes: itemEnd - end,
            extentOffset: item.extentOffset + (end - item.offset),
          };
          entry.extents.replace(item, left);
          entry.extents.insert(right);
          fs.rec.emit(
            'btrfs.extent',
            { action: 'split' },
            `split the item at ${shortSize(item.offset)} around the new range`,
          );
          incRef(
            fs,
            item.diskBytenr,
            'the split leaves two items pointing into it (bookend)',
          );
          dropped += end - start;
        } else if (item.offset < start) {
          entry.extents.replace(item, {
            ...item,
            numBytes: start - item.offset,
          });
          fs.rec.emit(
            'btrfs.extent',
            { action: 'split' },
            `trim the end of the item at ${shortSize(item.offset)}`,
          );
          dropped += itemEnd - start;
        } else if (itemEnd > end) {
          entry.extents.replace(item, {
            ...item,
            offset: end,
            numBytes: itemEnd - end,
            extentOffset: item.extentOffset + (end - item.offset),
          });
          fs.rec.emit(
            'btrfs.extent',
            { action: 'split' },
            `trim the front of the item at ${shortSize(item.offset)}`,
          );
          dropped += end - item.offset;
        } else {
          entry.extents.remove(item);
          fs.rec.emit(
            'btrfs.extent',
            { action: 'drop' },
            `delete the item at ${shortSize(item.offset)}: fully overwritten`,
          );
          decRef(
            fs,
            item.diskBytenr,
            'a file extent item no longer points into it',
          );
          dropped += item.numBytes;
        }
      }
      return dropped;
    },
  );
}
