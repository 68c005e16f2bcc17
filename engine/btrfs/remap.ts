// Reflink within a file (FICLONERANGE, FIDEDUPERANGE; btrfs_remap_file_range): the destination range's
// file extent items are replaced by items pointing into the source's disk extents, whose reference counts
// grow — no data is copied. A later write to either side must CoW, and nocow must refuse the now shared
// extent. Dedupe does the same only when both ranges hold the same bytes.

import { fail, ok, type Result } from '../core/errno.ts';
import { alignDown, alignUp, shortSize } from '../core/units.ts';
import { remapChecks, type RemapArgs } from '../core/remapChecks.ts';
import { safeDiskIsize } from './diskIsize.ts';
import { dropExtents, incRef } from './dropExtents.ts';
import { truncatePagecacheRange } from './invalidate.ts';
import { lockExtent, unlockExtent } from './extentLock.ts';
import type { Fs, FsInode } from './fs.ts';
import { bufferedRead } from './readpage.ts';
import { contExpand } from './truncate.ts';
import { writepages } from './writeback.ts';

export function cloneRange(
  fs: Fs,
  entry: FsInode,
  args: RemapArgs,
): Result<number> {
  const checked = remapChecks(
    fs.geo.sectorSize,
    entry.inode.isize,
    args,
    false,
  );
  if (!checked.ok) return checked;
  if (checked.value.len === 0) return ok(0);
  return fs.rec.call(
    'btrfs_clone_files',
    `share [${shortSize(args.srcOffset)}, +${shortSize(checked.value.len)}) at ${shortSize(args.offset)}`,
    () => {
      flushSource(fs, entry);
      return remap(fs, entry, args.srcOffset, args.offset, checked.value, true);
    },
  );
}

export function dedupeRange(
  fs: Fs,
  entry: FsInode,
  args: RemapArgs,
): Result<number> {
  const checked = remapChecks(fs.geo.sectorSize, entry.inode.isize, args, true);
  if (!checked.ok) return checked;
  const { len } = checked.value;
  if (len === 0) return ok(0);
  return fs.rec.call(
    'btrfs_dedupe_file_range',
    `share [${shortSize(args.srcOffset)}, +${shortSize(len)}) at ${shortSize(args.offset)} if the bytes are equal`,
    () => {
      flushSource(fs, entry);
      const a = bufferedRead(fs, entry, args.srcOffset, len);
      if (!a.ok) return fail(a.error.errno, a.error.message);
      const b = bufferedRead(fs, entry, args.offset, len);
      if (!b.ok) return fail(b.error.errno, b.error.message);
      if (!a.value.every((byte, i) => byte === b.value[i])) {
        fs.rec.emit(
          'btrfs.extent',
          { action: 'ref' },
          'FILE_DEDUPE_RANGE_DIFFERS: the ranges hold different bytes; nothing is shared',
        );
        return ok(0);
      }
      // btrfs_extent_same_range: the bytes are equal, so the cached pages stay.
      return remap(
        fs,
        entry,
        args.srcOffset,
        args.offset,
        checked.value,
        false,
      );
    },
  );
}

/**
 * btrfs_remap_file_range_prep starts writeback of the whole source file (filemap_flush: WB_SYNC_NONE, no
 * wait) before anything is shared, so a nocow write still dirty reaches its extent in place while the extent
 * has no other reference; written back after the clone it would have to be copied on write, with no data
 * space reserved for it when the write found none (EXTENT_NORESERVE). A page still under writeback is
 * skipped, as any background writeback skips it.
 */
function flushSource(fs: Fs, entry: FsInode): void {
  fs.rec.call(
    'filemap_flush',
    'start writeback of the whole source file before its extents gain references',
    () => {
      writepages(fs, entry, false);
    },
  );
}

interface Piece {
  readonly at: number;
  readonly len: number;
  readonly type: 'regular' | 'prealloc';
  readonly diskBytenr: number;
  readonly diskNumBytes: number;
  readonly extentOffset: number;
  readonly ramBytes: number;
}

/** Shares [src, +blockLen) at dst; a clone (`dropPages`) then drops the destination's cached pages. */
function remap(
  fs: Fs,
  entry: FsInode,
  src: number,
  dst: number,
  { len, blockLen }: { len: number; blockLen: number },
  dropPages: boolean,
): Result<number> {
  const { inode } = entry;
  // btrfs_remap_file_range_prep: both ranges reach the disk first (every page they touch, whole).
  writepages(fs, entry, true, { start: src, end: src + blockLen });
  writepages(fs, entry, true, { start: dst, end: dst + blockLen });
  if (dst > inode.isize) {
    const wbStart = alignDown(inode.isize, fs.geo.sectorSize);
    const expanded = contExpand(fs, entry, dst);
    if (!expanded.ok) return fail(expanded.error.errno, expanded.error.message);
    // btrfs_clone_files: the EOF block cont_expand just zeroed reaches the disk too, so dropping the
    // destination's pages below cannot lose it.
    writepages(fs, entry, true, { start: wbStart, end: dst });
  }
  lockExtent(fs, entry, src, src + blockLen, 'the clone source');
  lockExtent(fs, entry, dst, dst + blockLen, 'the clone destination');
  const pieces: Piece[] = entry.extents
    .overlapping(src, src + blockLen)
    .map((item) => {
      const s = Math.max(src, item.offset);
      const e = Math.min(src + blockLen, item.offset + item.numBytes);
      return {
        at: s,
        len: e - s,
        type: item.type,
        diskBytenr: item.diskBytenr,
        diskNumBytes: item.diskNumBytes,
        extentOffset: item.extentOffset + (s - item.offset),
        // btrfs_clone keeps the source item's ram_bytes: the size of the whole (uncompressed) extent.
        ramBytes: item.ramBytes,
      };
    });
  // References first: dropping the destination must not free an extent the source still shares.
  for (const p of pieces)
    incRef(fs, p.diskBytenr, 'a cloned file extent item points into it');
  const dropped = dropExtents(fs, entry, dst, dst + blockLen);
  let added = 0;
  for (const p of pieces) {
    entry.extents.insert({
      ino: inode.ino,
      offset: dst + (p.at - src),
      numBytes: p.len,
      type: p.type,
      diskBytenr: p.diskBytenr,
      diskNumBytes: p.diskNumBytes,
      extentOffset: p.extentOffset,
      ramBytes: p.ramBytes,
    });
    added += p.len;
  }
  fs.rec.emit(
    'btrfs.extent',
    { action: 'insert' },
    `btrfs_clone: ${String(pieces.length)} file extent item(s) now share the source's disk extents`,
  );
  const end = dst + len;
  inode.update(() => {
    inode.nbytes += added - dropped;
    inode.isize = Math.max(inode.isize, end);
    // SIMPLIFICATION: clone_finish_inode_update brings disk_i_size up only when the file grows; here it
    // always follows i_size, so a power cut never leaves the cloned items past the recorded size (where
    // btrfs_cont_expand would later hide them in memory only, and they would read back after eviction).
    inode.diskIsize = safeDiskIsize(entry);
  });
  unlockExtent(fs, entry, { start: dst, end: dst + blockLen });
  unlockExtent(fs, entry, { start: src, end: src + blockLen });
  // btrfs_clone_files: truncate_inode_pages_range over whole pages (round_down/round_up to PAGE_SIZE,
  // kernel 4.6, 65bfa6580791): with blocks smaller than a page, zeroing the covered part of a partial
  // page in place would leave it uptodate with zeros over what the clone put there. Every page the range
  // touches was written back whole above, so dropping it loses nothing.
  if (dropPages) {
    const ps = fs.geo.pageSize;
    truncatePagecacheRange(
      fs,
      entry,
      alignDown(dst, ps),
      alignUp(dst + blockLen, ps),
      'truncate_inode_pages_range of the destination',
    );
  }
  fs.rec.emit(
    'btrfs.inode',
    { ino: inode.ino },
    `i_size ${shortSize(inode.isize)}; ${shortSize(len)} cloned`,
  );
  return ok(len);
}
