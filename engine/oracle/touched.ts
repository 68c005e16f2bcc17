// What one operation could have changed in a read of a file, for the incremental data oracle: the ranges
// the operation names, a change of size, cached pages that appeared, left or changed which blocks are
// uptodate, file extent items added or removed, and every disk write that landed under one of the file's
// extents. A read returns cached uptodate blocks, else the extent's disk bytes, else zeros: whatever changes
// one of those is in the list. Read-only over the Fs apart from the disk's write observer, which a watch
// holds from its start to its end.

import type { Fs, FsInode } from '../btrfs/fs.ts';
import { alignDown, alignUp } from '../core/units.ts';
import type { Page } from '../pagecache/page.ts';
import type { Op } from '../scenario/types.ts';
import type { FileExtentRec } from '../trace/records.ts';
import { sameBytes } from '../core/bytes.ts';

/** Bytes [start, end) of a file. */
export interface Range {
  readonly start: number;
  readonly end: number;
}

/** A file as it was when an operation began. */
export interface FileWatch {
  readonly fs: Fs;
  readonly entry: FsInode;
  readonly size: number;
  /** The cached pages in index order. */
  readonly pages: readonly Page[];
  /** Every cached page's per-block uptodate bytes, page after page in index order. */
  readonly uptodate: Uint8Array;
  readonly extents: readonly FileExtentRec[];
}

/** Logical disk writes seen while a watch is open, as [offset, end) pairs. */
export interface DiskWrites {
  readonly ranges: [number, number][];
  /** Stops watching the disk. */
  close(): void;
}

/** Notes the file's state before an operation. */
export function watchFile(fs: Fs, entry: FsInode): FileWatch {
  const pages = entry.mapping.all();
  const blocks = fs.geo.pageSize / fs.geo.sectorSize;
  const uptodate = new Uint8Array(pages.length * blocks);
  for (const [i, page] of pages.entries())
    uptodate.set(page.uptodate, i * blocks);
  return {
    fs,
    entry,
    size: entry.inode.isize,
    pages,
    uptodate,
    extents: [...entry.extents.all()],
  };
}

/** Records every logical write to `fs`'s disk until closed. */
export function watchDisk(fs: Fs): DiskWrites {
  const ranges: [number, number][] = [];
  const disk = fs.disk;
  disk.onWrite = (offset, length) => {
    ranges.push([offset, offset + length]);
  };
  return {
    ranges,
    close() {
      disk.onWrite = null;
    },
  };
}

/** The file ranges `op` names (its source too: a clone or copy reads it). */
export function opRanges(op: Op, file: string): Range[] {
  switch (op.op) {
    case 'write':
    case 'read':
    case 'fallocate':
      return op.file === file
        ? [{ start: op.offset, end: op.offset + op.length }]
        : [];
    case 'clone-range':
    case 'dedupe-range':
    case 'copy-range':
      return op.file === file
        ? [
            { start: op.srcOffset, end: op.srcOffset + op.length },
            { start: op.offset, end: op.offset + op.length },
          ]
        : [];
    case 'truncate':
      return op.file === file ? [{ start: op.size, end: op.size }] : [];
    case 'writeback':
    case 'complete-io':
    case 'fsync':
    case 'sync':
    case 'commit':
    case 'power-cut':
    case 'remount':
    case 'drop-caches':
      return [];
  }
}

/**
 * What may read differently now than when `watch` began, widened to whole pages, merged and clipped to the
 * file's size: `named` (the operation's own ranges), the size change, the pages and extent items that
 * changed, and the file extents under `writes`.
 */
export function touchedRanges(
  watch: FileWatch,
  named: readonly Range[],
  writes: readonly (readonly [number, number])[],
): Range[] {
  const { entry } = watch;
  const ps = watch.fs.geo.pageSize;
  const size = entry.inode.isize;
  const out: Range[] = [...named];
  if (size !== watch.size)
    out.push({
      start: Math.min(size, watch.size),
      end: Math.max(size, watch.size),
    });
  const page = (index: number): Range => ({
    start: index * ps,
    end: (index + 1) * ps,
  });
  // Both lists are in index order: walk them together.
  const blocks = watch.fs.geo.pageSize / watch.fs.geo.sectorSize;
  const was = watch.pages;
  const now = entry.mapping.all();
  for (let i = 0, j = 0; i < was.length || j < now.length;) {
    const a = was[i];
    const b = now[j];
    if (b === undefined || (a !== undefined && a.index < b.index)) {
      out.push(page((a as Page).index)); // left the cache
      i++;
    } else if (a === undefined || b.index < a.index) {
      out.push(page(b.index)); // came into it
      j++;
    } else {
      const before = watch.uptodate.subarray(i * blocks, (i + 1) * blocks);
      if (a !== b || !sameBytes(before, b.uptodate)) out.push(page(b.index));
      i++;
      j++;
    }
  }
  const items = entry.extents.all();
  out.push(...changedItems(watch.extents, items));
  out.push(...underWrites(items, writes));
  return merge(out, ps, size);
}

function itemRange(it: FileExtentRec): Range {
  return { start: it.offset, end: it.offset + it.numBytes };
}

/** The ranges of items in one list and not the other (items never change in place; both sorted by offset). */
function changedItems(
  was: readonly FileExtentRec[],
  now: readonly FileExtentRec[],
): Range[] {
  const out: Range[] = [];
  for (let i = 0, j = 0; i < was.length || j < now.length;) {
    const a = was[i];
    const b = now[j];
    if (a !== undefined && a === b) {
      i++;
      j++;
    } else if (b === undefined || (a !== undefined && a.offset <= b.offset)) {
      out.push(itemRange(a as FileExtentRec));
      i++;
    } else {
      out.push(itemRange(b));
      j++;
    }
  }
  return out;
}

/** The file ranges of regular extents whose disk bytes a write in `writes` covered. */
function underWrites(
  items: readonly FileExtentRec[],
  writes: readonly (readonly [number, number])[],
): Range[] {
  if (writes.length === 0) return [];
  const sorted = [...writes].sort((a, b) => a[0] - b[0]);
  // The furthest end among the writes so far: a write further left may still reach past a later start.
  const reach: number[] = [];
  let far = -Infinity;
  for (const [, end] of sorted) reach.push((far = Math.max(far, end)));
  const out: Range[] = [];
  for (const it of items) {
    if (it.type !== 'regular') continue;
    const lo = it.diskBytenr + it.extentOffset;
    const hi = lo + it.numBytes;
    // The writes that start before `hi`, from the last one back while they can still reach past `lo`.
    for (let i = lastStartBefore(sorted, hi); i >= 0; i--) {
      if ((reach[i] as number) <= lo) break;
      const [ws, we] = sorted[i] as readonly [number, number];
      const a = Math.max(lo, ws);
      const b = Math.min(hi, we);
      if (a < b)
        out.push({ start: it.offset + (a - lo), end: it.offset + (b - lo) });
    }
  }
  return out;
}

/** The index of the last write starting before `at`, or -1. */
function lastStartBefore(
  sorted: readonly (readonly [number, number])[],
  at: number,
): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as readonly [number, number])[0] < at) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** `ranges` widened to page boundaries, clipped to [0, size), sorted and merged. */
function merge(ranges: readonly Range[], ps: number, size: number): Range[] {
  const wide = ranges
    .map((r) => ({
      start: alignDown(Math.max(0, r.start), ps),
      end: Math.min(size, alignUp(Math.max(r.start + 1, r.end), ps)),
    }))
    .filter((r) => r.start < r.end)
    .sort((a, b) => a.start - b.start);
  const out: { start: number; end: number }[] = [];
  for (const r of wide) {
    const last = out[out.length - 1];
    if (last !== undefined && r.start <= last.end)
      last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}
