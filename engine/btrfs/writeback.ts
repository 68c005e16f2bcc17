// Buffered writeback (extent_writepages): find and lock delalloc runs, allocate by CoW (cow_file_range)
// or write in place (run_delalloc_nocow), create ordered extents, move pages from dirty to writeback,
// checksum at submission, and submit bios. Completion is ordered.ts's business.

import { crc32c } from '../core/crc32c.ts';
import { alignDown, alignUp, shortRange, shortSize } from '../core/units.ts';
import { PG } from '../trace/records.ts';
import { clearExtentBits, setExtentBits } from './delallocHooks.ts';
import { cachedPage } from './cachedPage.ts';
import type { Fs, FsInode } from './fs.ts';
import { EXTENT } from './ioTreeBits.ts';
import { canNocowItem } from './nocow.ts';
import { reserveExtent } from './reserveExtent.ts';
import { addOrdered, completeAllIo, waitOnPageWriteback } from './ordered.ts';
import type { OrderedExtent } from './orderedTypes.ts';

/** A byte range of a file to write back; absent means the whole file. */
export interface WritebackRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Writes back the dirty pages of `entry` (those overlapping `range`, widened to whole delalloc runs, as
 * filemap_fdatawrite_range does); with `wait`, also waits for completion of all in-flight I/O.
 */
export function writepages(
  fs: Fs,
  entry: FsInode,
  wait: boolean,
  range?: WritebackRange,
): void {
  fs.rec.call(
    'extent_writepages',
    range === undefined
      ? `write back the dirty pages of ${entry.inode.name}`
      : `write back the dirty pages of ${entry.inode.name} in ${shortRange(range.start, range.end)}`,
    () => {
      const ps = fs.geo.pageSize;
      const span =
        range === undefined
          ? null
          : delallocSpan(entry, range.start, range.end, ps);
      const created: OrderedExtent[] = [];
      for (const page of entry.mapping.all()) {
        if (!page.has(PG.dirty)) continue;
        const pageStart = page.index * ps;
        if (
          span !== null &&
          (pageStart + ps <= span.start || pageStart >= span.end)
        )
          continue;
        // WB_SYNC_NONE skips a page still under writeback; WB_SYNC_ALL waits for it, then writes it again.
        if (page.has(PG.writeback)) {
          if (!wait) continue;
          waitOnPageWriteback(fs, entry.inode.ino, page.index);
        }
        fs.rec.call(
          '__extent_writepage',
          `write back page ${String(page.index)}`,
          () => {
            entry.mapping.setFlags(
              page,
              PG.locked,
              0,
              'lock the page for writeback',
            );
            // The page reaching past i_size holds it: no dirty page starts at or past i_size (a write
            // extends i_size over what it dirties, a truncate drops the pages past its new EOF first).
            const isize = entry.inode.isize;
            if (pageStart + ps > isize) {
              entry.mapping.mutate(page, () => {
                page.data.fill(0, isize - pageStart);
              });
              fs.rec.emit(
                'page.zero',
                {
                  ino: page.ino,
                  index: page.index,
                  ranges: [[isize - pageStart, ps]],
                },
                'zero the part of the EOF page past i_size before it is written',
              );
            }
            // writepage_delalloc: turn every delalloc run that reaches into this page into ordered
            // extents, from the page on: find_lock_delalloc_range locks folios in order, so the bytes of
            // a run before this page stay delalloc for their own page (one skipped under writeback).
            for (;;) {
              const run = entry.ioTree.firstRun(pageStart, EXTENT.DELALLOC);
              if (run === null || run.start >= pageStart + ps) break;
              created.push(
                ...runDelallocRange(
                  fs,
                  entry,
                  Math.max(run.start, pageStart),
                  skippedPageStart(entry, page.index, run.end, wait),
                ),
              );
            }
            entry.mapping.clearDirty(page);
            entry.mapping.setFlags(
              page,
              PG.writeback,
              PG.locked,
              'clear_page_dirty_for_io, set_page_writeback, unlock the page',
            );
          },
        );
      }
      for (const oe of created) submitOrdered(fs, entry, oe);
      if (wait) completeAllIo(fs);
    },
  );
}

/**
 * Where a run allocated from page `index` must stop: at the first later page this pass skips (dirty but
 * still under writeback, WB_SYNC_NONE), else at `end`.
 * SIMPLIFICATION: the kernel allocates the whole run and leaves the skipped page dirty under the ordered
 * extent until a later writeback; the engine submits an ordered extent's bytes in one bio, so every page
 * it covers must go to writeback in this pass.
 */
function skippedPageStart(
  entry: FsInode,
  index: number,
  end: number,
  wait: boolean,
): number {
  if (wait) return end;
  const ps = entry.mapping.pageSize;
  for (let i = index + 1; i * ps < end; i++) {
    // Every page of a delalloc run is dirty: under writeback, this pass skips it.
    if (cachedPage(entry, i).has(PG.writeback)) return i * ps;
  }
  return end;
}

/**
 * The pages to write back for [start, end): the pages the range touches, and forward from them to the end
 * of every delalloc run reaching into them. Forward, because find_lock_delalloc_range locks a run from the
 * page being written to the run's end, and the engine submits an ordered extent's bio at once, so every
 * page of it must go to writeback with it. Never backward: a run is locked from the written page on, so
 * the bytes of a run before the range stay delalloc (btrfs_truncate's wait from the new EOF block leaves
 * the blocks below it dirty).
 * SIMPLIFICATION: the kernel writes back only the pages in the range and leaves the run's later pages
 * dirty (under the ordered extent) until a later writeback or btrfs_start_ordered_extent reaches them.
 */
function delallocSpan(
  entry: FsInode,
  start: number,
  end: number,
  pageSize: number,
): WritebackRange {
  const s = alignDown(start, pageSize);
  let e = end;
  // Runs come in file order and never overlap, so one pass reaches every run a widening brings in.
  for (const r of entry.ioTree.find(
    s,
    Number.MAX_SAFE_INTEGER,
    EXTENT.DELALLOC,
  )) {
    if (r.start >= alignUp(e, pageSize)) break;
    e = Math.max(e, r.end);
  }
  return { start: s, end: e };
}

/** btrfs_run_delalloc_range: nocow for NODATACOW/PREALLOC inodes where possible, CoW otherwise. */
function runDelallocRange(
  fs: Fs,
  entry: FsInode,
  start: number,
  end: number,
): OrderedExtent[] {
  return fs.rec.call(
    'btrfs_run_delalloc_range',
    `allocate [${shortSize(start)}, ${shortSize(end)})`,
    () => {
      setExtentBits(
        fs,
        entry,
        start,
        end,
        EXTENT.LOCKED,
        'find_lock_delalloc_range',
      );
      fs.counters.add('extentLockCycles');
      if (entry.inode.has('NODATACOW') || entry.inode.has('PREALLOC'))
        return runDelallocNocow(fs, entry, start, end);
      return cowFileRange(fs, entry, start, end);
    },
  );
}

function cowFileRange(
  fs: Fs,
  entry: FsInode,
  start: number,
  end: number,
): OrderedExtent[] {
  return fs.rec.call(
    'cow_file_range',
    'copy on write: the data goes to newly allocated space',
    () => {
      const noreserve = entry.ioTree.find(start, end, EXTENT.NORESERVE);
      if (noreserve.length > 0) {
        // fallback_to_cow: a nocow write reserved no data space; account it now.
        const len = noreserve.reduce((n, r) => n + r.end - r.start, 0);
        fs.data.adjust({ mayUse: len });
        clearExtentBits(
          fs,
          entry,
          start,
          end,
          EXTENT.NORESERVE,
          'fallback_to_cow: bytes_may_use re-added',
        );
      }
      // btrfs_reserve_extent may return less than asked when free space is fragmented: one ordered
      // extent per allocated piece.
      const out: OrderedExtent[] = [];
      for (let cursor = start; cursor < end;) {
        const piece = reserveExtent(fs, end - cursor, 'new');
        out.push(
          addOrdered(fs, entry, {
            fileOffset: cursor,
            numBytes: piece.bytes,
            diskBytenr: piece.bytenr,
            diskNumBytes: piece.bytes,
            type: 'regular',
          }),
        );
        cursor += piece.bytes;
      }
      clearExtentBits(
        fs,
        entry,
        start,
        end,
        EXTENT.LOCKED | EXTENT.DELALLOC,
        'extent_clear_unlock_delalloc (the reservation moved to bytes_reserved)',
      );
      setPagesOrdered(fs, entry, start, end);
      return out;
    },
  );
}

function runDelallocNocow(
  fs: Fs,
  entry: FsInode,
  start: number,
  end: number,
): OrderedExtent[] {
  return fs.rec.call(
    'run_delalloc_nocow',
    'NODATACOW/PREALLOC inode: try to write in place',
    () => {
      const out: OrderedExtent[] = [];
      let cursor = start;
      while (cursor < end) {
        fs.counters.add('mappingLookups');
        // Stryker disable next-line ArithmeticOperator: the length only bounds a hole's mapping, and the stop below clips any mapping to the range
        const em = entry.extents.lookup(cursor, end - cursor);
        const stop = Math.min(end, em.start + em.len);
        const item = em.item;
        if (item !== undefined && canNocowItem(fs, entry, item)) {
          const type = item.type === 'prealloc' ? 'prealloc' : 'nocow';
          const diskBytenr =
            item.diskBytenr + item.extentOffset + (cursor - item.offset);
          out.push(
            addOrdered(fs, entry, {
              fileOffset: cursor,
              numBytes: stop - cursor,
              diskBytenr,
              diskNumBytes: stop - cursor,
              type,
            }),
          );
          clearExtentBits(
            fs,
            entry,
            cursor,
            stop,
            EXTENT.LOCKED | EXTENT.DELALLOC | EXTENT.CLEAR_DATA_RESV,
            `${type} write in place: the data reservation is released, nothing moves to bytes_reserved`,
          );
          setPagesOrdered(fs, entry, cursor, stop);
        } else {
          out.push(...cowFileRange(fs, entry, cursor, stop));
        }
        cursor = stop;
      }
      return out;
    },
  );
}

function setPagesOrdered(
  fs: Fs,
  entry: FsInode,
  start: number,
  end: number,
): void {
  const ps = fs.geo.pageSize;
  for (let index = Math.floor(start / ps); index * ps < end; index++)
    entry.mapping.setFlags(
      cachedPage(entry, index),
      PG.ordered,
      0,
      'PAGE_SET_ORDERED: an ordered extent covers the page',
    );
}

/**
 * The bytes a submission gathers pass through this buffer, a piece at a time: a fresh array the size of an
 * ordered extent (up to 128 MiB) costs a page fault per 4 KiB on first touch, which dominated writeback.
 * Block devices copy what they are given, so the buffer is reused.
 */
const GATHER_BYTES = 1024 * 1024;
const gather = new Uint8Array(GATHER_BYTES);

/** Gathers the ordered extent's bytes from the page cache, checksums them and submits one bio. */
function submitOrdered(fs: Fs, entry: FsInode, oe: OrderedExtent): void {
  fs.rec.call(
    'btrfs_submit_data_bio',
    `submit ${shortSize(oe.numBytes)} to disk at ${String(oe.diskBytenr)}`,
    () => {
      const ps = fs.geo.pageSize;
      const ss = fs.geo.sectorSize;
      const end = oe.fileOffset + oe.numBytes;
      // The bio carries every page the ordered extent has bytes in.
      const pages: number[] = [];
      for (
        let index = Math.floor(oe.fileOffset / ps);
        index * ps < end;
        index++
      )
        pages.push(index);
      // Pieces of at most GATHER_BYTES, whole sectors each (page and sector sizes divide it).
      for (let piece = oe.fileOffset; piece < end; piece += GATHER_BYTES) {
        const pieceEnd = Math.min(end, piece + GATHER_BYTES);
        for (let off = piece; off < pieceEnd;) {
          const index = Math.floor(off / ps);
          const inPage = off - index * ps;
          const len = Math.min(ps - inPage, pieceEnd - off);
          const data = cachedPage(entry, index).data;
          gather.set(data.subarray(inPage, inPage + len), off - piece);
          off += len;
        }
        const bytes = gather.subarray(0, pieceEnd - piece);
        if (!entry.inode.nodatasum)
          for (let s = 0; s < bytes.length; s += ss)
            oe.csums.push(crc32c(bytes.subarray(s, s + ss)));
        fs.disk.write(oe.diskBytenr + (piece - oe.fileOffset), bytes);
      }
      fs.inflight.push({
        ino: entry.inode.ino,
        bytenr: oe.diskBytenr,
        length: oe.numBytes,
        pages,
        orderedIds: [oe.id],
      });
      fs.rec.emit(
        'io.submit',
        { dir: 'write', bytenr: oe.diskBytenr, length: oe.numBytes },
        entry.inode.nodatasum
          ? 'write the data (nodatasum: no checksums)'
          : `write the data; ${String(oe.csums.length)} checksum(s) computed at submission`,
      );
    },
  );
}
