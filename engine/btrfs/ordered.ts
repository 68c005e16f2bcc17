// Ordered extents and in-flight bios: an ordered extent tracks a written-back range from submission to
// btrfs_finish_ordered_io; a waiter (a writer, fsync, or the complete-io operation) runs the pending
// completions deterministically.

import { InvariantError } from '../core/assert.ts';
import { shortSize } from '../core/units.ts';
import { PG, type OrderedRec } from '../trace/records.ts';
import { dropExtents, incRef } from './dropExtents.ts';
import { cachedPage } from './cachedPage.ts';
import type { Fs, FsInode } from './fs.ts';
import { clearExtentBits, setExtentBits } from './delallocHooks.ts';
import { EXTENT } from './ioTreeBits.ts';
import { releaseMetadata } from './reservations.ts';
import { safeDiskIsize } from './diskIsize.ts';
import type { Bio, OrderedExtent } from './orderedTypes.ts';

export function orderedRec(oe: OrderedExtent): OrderedRec {
  const {
    id,
    ino,
    fileOffset,
    numBytes,
    diskBytenr,
    diskNumBytes,
    type,
    state,
  } = oe;
  return {
    id,
    ino,
    fileOffset,
    numBytes,
    diskBytenr,
    diskNumBytes,
    type,
    state,
  };
}

export function addOrdered(
  fs: Fs,
  entry: FsInode,
  oe: Omit<OrderedExtent, 'id' | 'state' | 'csums' | 'ino'>,
): OrderedExtent {
  const full: OrderedExtent = {
    ...oe,
    id: fs.allocOrderedId(),
    ino: entry.inode.ino,
    state: 'submitted',
    csums: [],
  };
  fs.ordered.set(full.id, full);
  fs.rec.change('ordered', String(full.id), null, orderedRec(full));
  entry.inode.update(() => {
    entry.inode.outstandingExtents += 1;
  });
  fs.rec.emit(
    'btrfs.ordered',
    { id: full.id, action: 'add' },
    `btrfs_add_ordered_extent: ${full.type} ordered extent for file [${shortSize(full.fileOffset)}, +${shortSize(full.numBytes)}) -> disk ${String(full.diskBytenr)}`,
  );
  return full;
}

/** btrfs_lookup_ordered_range: the first ordered extent of `ino` overlapping [start, end). */
export function lookupOrderedRange(
  fs: Fs,
  ino: number,
  start: number,
  end: number,
): OrderedExtent | undefined {
  for (const oe of fs.ordered.values()) {
    if (
      oe.ino === ino &&
      oe.fileOffset < end &&
      oe.fileOffset + oe.numBytes > start
    )
      return oe;
  }
  return undefined;
}

/** end_io for every in-flight bio that carries part of `oe` (or every bio when oe is undefined). */
export function completeBios(fs: Fs, oe?: OrderedExtent): void {
  for (const bio of fs.inflight.filter(
    (b) => oe === undefined || b.orderedIds.includes(oe.id),
  ))
    completeBio(fs, bio);
}

/** end_bio_extent_writepage: the device wrote the bio; its pages and ordered extents move on. */
function completeBio(fs: Fs, bio: Bio): void {
  fs.inflight.splice(fs.inflight.indexOf(bio), 1);
  fs.rec.call(
    'end_bio_extent_writepage',
    'the device finished writing the bio',
    () => {
      fs.rec.advance(100);
      fs.rec.emit(
        'io.complete',
        { dir: 'write', bytenr: bio.bytenr, length: bio.length },
        `write of ${shortSize(bio.length)} at disk ${String(bio.bytenr)} completed`,
      );
      const entry = fs.inodes.get(bio.ino);
      // Stryker disable next-line ConditionalExpression: no operation removes an inode, and a power cut mounts a new Fs without the old bios
      if (entry === undefined)
        throw new InvariantError(`a bio of unknown inode ${String(bio.ino)}`);
      const still = pagesStillUnderWriteback(fs, bio);
      for (const index of bio.pages) {
        // A page (with sectors smaller than it) may be in several bios: it ends writeback with the last.
        if (still.has(index)) continue;
        entry.mapping.setFlags(
          cachedPage(entry, index),
          0,
          PG.writeback,
          `end_page_writeback on page ${String(index)}`,
        );
      }
      // An ordered extent goes to disk in one bio (writeback.ts), so this bio's completion finishes its I/O.
      for (const id of bio.orderedIds) {
        const o = fs.ordered.get(id);
        // Stryker disable next-line ConditionalExpression: a bio never outlives its ordered extent (both finishers complete its bios first)
        if (o === undefined)
          throw new InvariantError(
            `a bio of the finished ordered extent ${String(id)} completed`,
          );
        const before = orderedRec(o);
        o.state = 'io_done';
        fs.rec.change('ordered', String(id), before, orderedRec(o));
        fs.rec.emit(
          'btrfs.ordered',
          { id, action: 'io_done' },
          `all I/O of ordered extent ${String(id)} is done: queue btrfs_finish_ordered_io`,
        );
      }
    },
  );
}

/** The pages of `bio`'s file that another in-flight bio (`bio` is already off the list) still carries. */
function pagesStillUnderWriteback(fs: Fs, bio: Bio): Set<number> {
  const still = new Set<number>();
  for (const other of fs.inflight)
    if (other.ino === bio.ino)
      for (const index of other.pages) still.add(index);
  return still;
}

/** wait_on_page_writeback: every bio carrying part of the page completes. */
export function waitOnPageWriteback(fs: Fs, ino: number, index: number): void {
  fs.rec.call(
    'wait_on_page_writeback',
    `page ${String(index)} is under writeback: its checksum was computed, it must not change`,
    () => {
      for (const bio of fs.inflight.filter(
        (b) => b.ino === ino && b.pages.includes(index),
      ))
        completeBio(fs, bio);
    },
  );
}

/** btrfs_start_ordered_extent(wait=1): push the I/O to completion and run btrfs_finish_ordered_io. */
export function waitOrdered(fs: Fs, oe: OrderedExtent): void {
  fs.rec.call(
    'btrfs_start_ordered_extent',
    `wait for ordered extent ${String(oe.id)} to finish`,
    () => {
      fs.counters.add('orderedWaits');
      fs.rec.emit(
        'btrfs.ordered',
        { id: oe.id, action: 'wait' },
        'sleep until the ordered extent completes',
      );
      completeBios(fs, oe);
      finishOrderedIo(fs, oe);
    },
  );
}

/** Completes every in-flight bio and finishes every ordered extent (the complete-io operation). */
export function completeAllIo(fs: Fs): void {
  completeBios(fs);
  // In id order: ids grow, and a Map keeps the order of insertion.
  for (const oe of [...fs.ordered.values()]) finishOrderedIo(fs, oe);
}

/** btrfs_finish_ordered_io: record the written range in the metadata and drop the ordered extent. */
export function finishOrderedIo(fs: Fs, oe: OrderedExtent): void {
  const entry = fs.inodes.get(oe.ino);
  // Stryker disable next-line ConditionalExpression: no operation removes an inode, and a power cut mounts a new Fs without the old ordered extents
  if (entry === undefined)
    throw new InvariantError(
      `ordered extent ${String(oe.id)} of unknown inode`,
    );
  const { inode } = entry;
  const start = oe.fileOffset;
  const end = oe.fileOffset + oe.numBytes;
  fs.rec.call(
    'btrfs_finish_ordered_io',
    `make ordered extent ${String(oe.id)} part of the file's metadata`,
    () => {
      setExtentBits(
        fs,
        entry,
        start,
        end,
        EXTENT.LOCKED,
        'lock_extent_bits for the metadata update',
      );
      if (oe.type === 'regular') {
        fs.rec.call(
          'insert_reserved_file_extent',
          'point the file range at the newly written extent',
          () => {
            const dropped = dropExtents(fs, entry, start, end);
            entry.extents.insert({
              ino: oe.ino,
              offset: start,
              numBytes: oe.numBytes,
              type: 'regular',
              diskBytenr: oe.diskBytenr,
              diskNumBytes: oe.diskNumBytes,
              extentOffset: 0,
              ramBytes: oe.numBytes,
            });
            inode.update(() => {
              inode.nbytes += oe.numBytes - dropped;
            });
            fs.rec.emit(
              'btrfs.extent',
              { action: 'insert' },
              `insert a regular file extent item [${shortSize(start)}, +${shortSize(oe.numBytes)})`,
            );
            // SIMPLIFICATION: the delayed ref for the new extent runs here, not at commit.
            fs.delayedRefsRsv.addHead(oe.diskBytenr);
            fs.extentTree.insertItem({
              bytenr: oe.diskBytenr,
              numBytes: oe.diskNumBytes,
              refs: 1,
              name: fs.extentTree.nameOf(oe.diskBytenr),
              shared: false,
            });
            fs.space.account(oe.diskBytenr, {
              reserved: -oe.diskNumBytes,
              used: oe.diskNumBytes,
            });
            fs.rec.emit(
              'btrfs.extent',
              { action: 'alloc' },
              `delayed ref: bytes_reserved -= ${shortSize(oe.diskNumBytes)}, bytes_used += ${shortSize(oe.diskNumBytes)}`,
            );
          },
        );
      } else if (oe.type === 'prealloc') {
        markExtentWritten(fs, entry, start, end);
      }
      // Stryker disable next-line StringLiteral: the name only keys the reserve's heads, and no other caller names the csum tree, so any name counts it once too
      if (oe.csums.length > 0) fs.delayedRefsRsv.addTreeCow('csum');
      for (let i = 0; i < oe.csums.length; i++)
        fs.extentTree.setCsum(
          oe.diskBytenr + i * fs.geo.sectorSize,
          oe.csums[i] as number,
        );
      clearExtentBits(
        fs,
        entry,
        start,
        end,
        EXTENT.DELALLOC_NEW | EXTENT.ADD_INODE_BYTES,
        'the new bytes now belong to an extent',
      );
      inode.update(() => {
        inode.diskIsize = safeDiskIsize(entry);
      });
      fs.rec.emit(
        'btrfs.inode',
        { ino: inode.ino },
        `disk_i_size = ${shortSize(inode.diskIsize)}`,
      );
      clearExtentBits(fs, entry, start, end, EXTENT.LOCKED, 'unlock_extent');
      fs.ordered.delete(oe.id);
      fs.rec.change('ordered', String(oe.id), orderedRec(oe), null);
      inode.update(() => {
        inode.outstandingExtents -= 1;
      });
      for (
        let index = Math.floor(start / fs.geo.pageSize);
        // Stryker disable next-line EqualityOperator: the page after the end has PG_ordered only if an ordered extent covers it (fsck checks), so it is left alone either way
        index * fs.geo.pageSize < end;
        index++
      ) {
        const page = entry.mapping.find(index);
        if (page !== undefined && !orderedCovers(fs, oe.ino, index))
          entry.mapping.setFlags(
            page,
            0,
            PG.ordered,
            'the page has no ordered extent left',
          );
      }
      fs.rec.emit(
        'btrfs.ordered',
        { id: oe.id, action: 'finish' },
        `btrfs_remove_ordered_extent ${String(oe.id)}`,
      );
      releaseMetadata(fs, inode, oe.numBytes, 'the ordered extent is finished');
    },
  );
}

function orderedCovers(fs: Fs, ino: number, index: number): boolean {
  const ps = fs.geo.pageSize;
  return (
    lookupOrderedRange(fs, ino, index * ps, (index + 1) * ps) !== undefined
  );
}

/** btrfs_mark_extent_written: the written part of a prealloc item becomes regular (split 1 -> up to 3). */
function markExtentWritten(
  fs: Fs,
  entry: FsInode,
  start: number,
  end: number,
): void {
  fs.rec.call(
    'btrfs_mark_extent_written',
    'the prealloc extent now holds data in the written range',
    () => {
      for (const item of entry.extents.overlapping(start, end)) {
        // Stryker disable next-line ConditionalExpression: a prealloc ordered extent is cut to one prealloc item's range (run_delalloc_nocow), so no regular item overlaps it
        if (item.type !== 'prealloc') continue;
        const itemEnd = item.offset + item.numBytes;
        const s = Math.max(start, item.offset);
        const e = Math.min(end, itemEnd);
        const pieces = [
          { offset: item.offset, end: s, type: 'prealloc' as const },
          { offset: s, end: e, type: 'regular' as const },
          { offset: e, end: itemEnd, type: 'prealloc' as const },
        ].filter((p) => p.end > p.offset);
        entry.extents.remove(item);
        for (const p of pieces) {
          entry.extents.insert({
            ...item,
            offset: p.offset,
            numBytes: p.end - p.offset,
            type: p.type,
            extentOffset: item.extentOffset + (p.offset - item.offset),
          });
        }
        fs.rec.emit(
          'btrfs.extent',
          { action: 'split' },
          `split the prealloc item into ${String(pieces.length)}: the written part turns regular`,
        );
        for (let i = 1; i < pieces.length; i++)
          incRef(
            fs,
            item.diskBytenr,
            'another item points into the prealloc extent',
          );
      }
    },
  );
}
