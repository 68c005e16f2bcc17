// File extent items against themselves and the extent tree (btrfs check's fs-tree and backref passes):
// alignment, overlaps, the disk extent each item points into, reference counts, and the inode's nbytes.

import type { Fs, FsInode } from '../../btrfs/fs.ts';
import type { FileExtentRec } from '../../trace/records.ts';
import { inodeLabel, overlaps, type Report } from './problems.ts';

function itemLabel(entry: FsInode, item: FileExtentRec): string {
  return `${inodeLabel(entry)} file extent [${String(item.offset)}, +${String(item.numBytes)}) -> disk ${String(item.diskBytenr)}`;
}

/** Shape of each item and its link to an extent item. */
export function checkFileExtentItems(fs: Fs, report: Report): void {
  const ss = fs.geo.sectorSize;
  for (const entry of fs.inodes.values()) {
    const items = entry.extents.all();
    for (const item of items) {
      const label = itemLabel(entry, item);
      const fields = {
        offset: item.offset,
        numBytes: item.numBytes,
        extentOffset: item.extentOffset,
        diskBytenr: item.diskBytenr,
        diskNumBytes: item.diskNumBytes,
      };
      const bad = Object.entries(fields).filter(([, v]) => v % ss !== 0);
      if (bad.length > 0)
        report(
          'file-extent-unaligned',
          `${label}: ${bad.map(([k, v]) => `${k} ${String(v)}`).join(', ')} not a multiple of the sector size ${String(ss)}`,
        );
      if (
        item.numBytes <= 0 ||
        item.extentOffset < 0 ||
        item.extentOffset + item.numBytes > item.diskNumBytes
      )
        report(
          'file-extent-bounds',
          `${label}: extentOffset ${String(item.extentOffset)} + numBytes ${String(item.numBytes)} must be > extentOffset and <= diskNumBytes ${String(item.diskNumBytes)}`,
        );
      const extent = fs.extentTree.get(item.diskBytenr);
      if (extent === undefined)
        report(
          'file-extent-dangling',
          `${label}: no extent item at bytenr ${String(item.diskBytenr)}`,
        );
      else if (extent.numBytes !== item.diskNumBytes)
        report(
          'file-extent-disk-size',
          `${label}: diskNumBytes ${String(item.diskNumBytes)} but extent item ${extent.name} at ${String(extent.bytenr)} has numBytes ${String(extent.numBytes)}`,
        );
    }
    const spans = items.map((item) => ({
      item,
      start: item.offset,
      end: item.offset + item.numBytes,
    }));
    for (const [a, b] of overlaps(spans))
      report(
        'file-extents-overlap',
        `${inodeLabel(entry)}: file extent items [${String(a.start)}, ${String(a.end)}) and [${String(b.start)}, ${String(b.end)}) overlap`,
      );
  }
}

/**
 * Each extent item's refs = the file extent items (of any inode) pointing at it, plus 1 when `shared`
 * (the reference held by a snapshot root the model does not hold).
 */
export function checkExtentRefs(fs: Fs, report: Report): void {
  const pointing = new Map<number, number>();
  for (const entry of fs.inodes.values())
    for (const item of entry.extents.all())
      pointing.set(item.diskBytenr, (pointing.get(item.diskBytenr) ?? 0) + 1);
  for (const extent of fs.extentTree.all()) {
    const items = pointing.get(extent.bytenr) ?? 0;
    const expected = items + (extent.shared ? 1 : 0);
    if (extent.refs !== expected || extent.refs < 1)
      report(
        'extent-refs',
        `extent item ${extent.name} at ${String(extent.bytenr)}: refs ${String(extent.refs)}, expected ${String(expected)} (${String(items)} file extent item(s)${extent.shared ? ' + 1 shared root' : ''})${expected < 1 ? '; an unreferenced extent item should have been freed' : ''}`,
      );
  }
}

/**
 * nbytes (st_blocks in bytes) = the bytes of the inode's file extent items, regular and prealloc. The
 * model follows v5.2: insert_reserved_file_extent adds num_bytes and subtracts what btrfs_drop_extents
 * dropped; delalloc bytes are not in nbytes (stat adds new_delalloc_bytes on top, btrfs_getattr), and
 * clearing DELALLOC_NEW|ADD_INODE_BYTES at completion only drops new_delalloc_bytes.
 */
export function checkInodeBytes(fs: Fs, report: Report): void {
  for (const entry of fs.inodes.values()) {
    const expected = entry.extents.all().reduce((n, i) => n + i.numBytes, 0);
    if (entry.inode.nbytes !== expected)
      report(
        'inode-nbytes',
        `${inodeLabel(entry)}: nbytes ${String(entry.inode.nbytes)}, expected ${String(expected)} (the sum of its file extent items' numBytes)`,
      );
  }
}

/** disk_i_size never passes i_size (btrfs_inode_safe_disk_i_size_write); equal once everything is written. */
export function checkDiskIsize(
  fs: Fs,
  quiescent: boolean,
  report: Report,
): void {
  for (const entry of fs.inodes.values()) {
    const { isize, diskIsize } = entry.inode;
    if (diskIsize > isize || (quiescent && diskIsize !== isize))
      report(
        'disk-isize',
        `${inodeLabel(entry)}: disk_i_size ${String(diskIsize)}, i_size ${String(isize)} (expected disk_i_size ${quiescent ? '==' : '<='} i_size)`,
      );
  }
}
