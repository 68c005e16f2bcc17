// btrfs_prealloc_file_range: fill the holes of a file range with preallocated (unwritten) extents. The
// space is reserved (bytes_may_use), allocated (bytes_reserved) and, once the PREALLOC file extent item
// and its extent item exist, used (bytes_used). Prealloc extents read as zeros until written.

import { fail, ok, type Result } from '../core/errno.ts';
import { shortRange, shortSize } from '../core/units.ts';
import type { Fs, FsInode } from './fs.ts';
import { reserveDataBytes } from './space/reserveBytes.ts';
import { reserveExtent } from './reserveExtent.ts';

/** The holes of [start, end) as [start, end) pairs (btrfs_get_extent reporting no item there). */
function holesIn(
  entry: FsInode,
  start: number,
  end: number,
): [number, number][] {
  const holes: [number, number][] = [];
  for (let cursor = start; cursor < end;) {
    // A hole's map ends at `end` at the latest; an extent's may reach past it, and ends the walk.
    const em = entry.extents.lookup(cursor, end - cursor);
    const stop = em.start + em.len;
    if (em.kind === 'hole') holes.push([cursor, stop]);
    cursor = stop;
  }
  return holes;
}

/** Counts and records `bytes` of data bytes_may_use reserved for preallocation. */
export function noteDataReservation(fs: Fs, bytes: number): void {
  fs.counters.add('dataReservations');
  fs.counters.add('dataReservedBytes', bytes);
  fs.rec.emit(
    'btrfs.reserve',
    { space: 'data', bytes, ok: true },
    `btrfs_alloc_data_chunk_ondemand: data bytes_may_use += ${shortSize(bytes)}`,
  );
}

/** Preallocates every hole of the sector-aligned range [start, end); ENOSPC changes nothing. */
export function preallocHoles(
  fs: Fs,
  entry: FsInode,
  start: number,
  end: number,
): Result<void> {
  return fs.rec.call(
    'btrfs_prealloc_file_range',
    `preallocate the holes of ${shortRange(start, end)}`,
    () => {
      const holes = holesIn(entry, start, end);
      const bytes = holes.reduce((n, [s, e]) => n + e - s, 0);
      if (bytes === 0) return ok(undefined);
      // btrfs_alloc_data_chunk_ondemand: a data reservation that may allocate chunks and flush.
      if (!reserveDataBytes(fs, bytes)) {
        fs.rec.emit(
          'btrfs.reserve',
          { space: 'data', bytes, ok: false },
          `ENOSPC: ${shortSize(bytes)} of holes to preallocate, ${shortSize(Math.max(0, fs.data.free()))} free and no room for another data chunk`,
        );
        return fail(
          'ENOSPC',
          `no data space to preallocate ${shortSize(bytes)}`,
        );
      }
      noteDataReservation(fs, bytes);
      for (const [s, e] of holes) fillHole(fs, entry, s, e);
      return ok(undefined);
    },
  );
}

/**
 * Preallocates the sector-aligned [start, end), a hole now, with the data bytes_may_use the caller reserved
 * for it (btrfs_zero_range drops the range's extents first).
 */
export function preallocRange(
  fs: Fs,
  entry: FsInode,
  start: number,
  end: number,
): void {
  fs.rec.call(
    'btrfs_prealloc_file_range',
    `preallocate ${shortRange(start, end)}`,
    () => {
      fillHole(fs, entry, start, end);
    },
  );
}

/** Fills one hole with prealloc extents; the inode becomes BTRFS_INODE_PREALLOC. */
function fillHole(fs: Fs, entry: FsInode, start: number, end: number): void {
  for (let cursor = start; cursor < end;) {
    const piece = reserveExtent(fs, end - cursor, 'prealloc');
    const { name } = piece;
    entry.extents.insert({
      ino: entry.inode.ino,
      offset: cursor,
      numBytes: piece.bytes,
      type: 'prealloc',
      diskBytenr: piece.bytenr,
      diskNumBytes: piece.bytes,
      extentOffset: 0,
      ramBytes: piece.bytes,
    });
    entry.inode.update(() => {
      entry.inode.nbytes += piece.bytes;
    });
    // SIMPLIFICATION: the delayed ref for the new extent runs here, not at commit.
    fs.delayedRefsRsv.addHead(piece.bytenr);
    fs.extentTree.insertItem({
      bytenr: piece.bytenr,
      numBytes: piece.bytes,
      refs: 1,
      name,
      shared: false,
    });
    fs.space.account(piece.bytenr, {
      reserved: -piece.bytes,
      used: piece.bytes,
    });
    fs.rec.emit(
      'btrfs.extent',
      { action: 'insert' },
      `insert a PREALLOC file extent item [${shortSize(cursor)}, +${shortSize(piece.bytes)}); bytes_reserved -> bytes_used`,
    );
    cursor += piece.bytes;
  }
  // BTRFS_INODE_PREALLOC: writeback now tries the prealloc extents in place (run_delalloc_nocow).
  entry.inode.addFlag('PREALLOC');
}
