// What a read of a whole file would return, seen without touching any state: cached uptodate blocks, else
// the extent on disk, else zeros. Walked piece by piece (cached blocks, disk runs, zero runs), so its cost
// follows the cached pages and the extents, never the file size: a 1 TiB sparse file is a few pieces.

import type { Fs, FsInode } from '../btrfs/fs.ts';
import type { Page } from '../pagecache/page.ts';
import type { FileExtentRec } from '../trace/records.ts';
import { SparseFile } from './sparseFile.ts';

/** Where a piece of a file's content comes from: cached page bytes, a run on disk, or zeros. */
export type Piece =
  | { readonly kind: 'cache'; readonly bytes: Uint8Array }
  | { readonly kind: 'disk'; readonly addr: number }
  | { readonly kind: 'zero' };

/** Disk runs are read at most this many bytes at a time. */
const READ_CHUNK = 1024 * 1024;

/** rangeMatches' disk buffer: filled and compared within one call, never kept. */
const SCRATCH = new Uint8Array(READ_CHUNK);

/** A cached uptodate block run: [start, end) of the file, with its bytes. */
interface CachedRun {
  readonly start: number;
  readonly end: number;
  readonly bytes: Uint8Array;
}

/** The uptodate blocks of the file's cached pages within [from, to), in file order, one run per page stretch. */
function cachedRuns(
  fs: Fs,
  entry: FsInode,
  from: number,
  to: number,
): CachedRun[] {
  const ps = fs.geo.pageSize;
  const bs = fs.geo.sectorSize;
  const runs: CachedRun[] = [];
  for (const page of pagesIn(
    entry,
    Math.floor(from / ps),
    Math.ceil(to / ps),
  )) {
    const base = page.index * ps;
    for (let b = 0; b < page.blocks;) {
      if (page.uptodate[b] !== 1) {
        b++;
        continue;
      }
      let e = b + 1;
      while (e < page.blocks && page.uptodate[e] === 1) e++;
      const start = Math.max(base + b * bs, from);
      const end = Math.min(base + e * bs, to);
      if (start < end)
        runs.push({
          start,
          end,
          bytes: page.data.subarray(start - base, end - base),
        });
      b = e;
    }
  }
  return runs;
}

/** The cached pages with indices in [first, last), in order: looked up one by one when that is fewer. */
function pagesIn(entry: FsInode, first: number, last: number): Page[] {
  if (last - first <= entry.mapping.count)
    return Array.from({ length: last - first }, (_, i) =>
      entry.mapping.find(first + i),
    ).filter((p) => p !== undefined);
  return entry.mapping.all().filter((p) => p.index >= first && p.index < last);
}

/** The first of `items` (sorted, disjoint) that ends past `at`. */
function firstEndingAfter(items: readonly FileExtentRec[], at: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const it = items[mid] as FileExtentRec;
    if (it.offset + it.numBytes <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Walks the file as a read would see it, in order, without touching any state. `visit` gets each piece's
 * file offset and length and returns false to stop; adjacent disk runs contiguous on disk come as one.
 * With `range`, only [start, end) of it (clipped to the size) is walked.
 */
export function walkFile(
  fs: Fs,
  entry: FsInode,
  visit: (at: number, len: number, piece: Piece) => boolean,
  range?: { readonly start: number; readonly end: number },
): boolean {
  const isize = entry.inode.isize;
  const from = Math.min(range?.start ?? 0, isize);
  const size = Math.min(range?.end ?? isize, isize);
  const items = entry.extents.all();
  let item = firstEndingAfter(items, from);
  let pending: { at: number; len: number; piece: Piece } | null = null;
  const flush = (): boolean => {
    const p = pending;
    pending = null;
    return p === null || visit(p.at, p.len, p.piece);
  };
  /** A mapped (not cached) stretch [from, to), split at extent boundaries, merged with the piece before. */
  const mapped = (from: number, to: number): boolean => {
    for (let at = from; at < to;) {
      while (item < items.length) {
        const it = items[item];
        if (it === undefined || it.offset + it.numBytes > at) break;
        item++;
      }
      const it = items[item];
      const inside = it !== undefined && it.offset <= at;
      const end = Math.min(
        to,
        inside ? it.offset + it.numBytes : (it?.offset ?? to),
      );
      const len = end - at;
      const addr =
        inside && it.type === 'regular'
          ? it.diskBytenr + it.extentOffset + (at - it.offset)
          : -1;
      const p: { at: number; len: number; piece: Piece } | null = pending;
      if (addr < 0 && p?.piece.kind === 'zero' && p.at + p.len === at)
        p.len += len;
      else if (
        addr >= 0 &&
        p?.piece.kind === 'disk' &&
        p.at + p.len === at &&
        p.piece.addr + p.len === addr
      )
        p.len += len;
      else {
        if (!flush()) return false;
        pending = {
          at,
          len,
          piece: addr < 0 ? { kind: 'zero' } : { kind: 'disk', addr },
        };
      }
      at = end;
    }
    return true;
  };
  let at = from;
  for (const run of cachedRuns(fs, entry, from, size)) {
    if (!mapped(at, run.start) || !flush()) return false;
    if (
      !visit(run.start, run.end - run.start, {
        kind: 'cache',
        bytes: run.bytes,
      })
    )
      return false;
    at = run.end;
  }
  return mapped(at, size) && flush();
}

/**
 * Calls `take` with the file's bytes in order, at most `zeros.length` (or a disk read) at a time; zero runs
 * come from `zeros`, so memory stays bounded whatever the size.
 */
export function streamFile(
  fs: Fs,
  entry: FsInode,
  take: (bytes: Uint8Array) => void,
): void {
  const zeros = new Uint8Array(READ_CHUNK);
  const buf = new Uint8Array(READ_CHUNK);
  walkFile(fs, entry, (_at, len, piece) => {
    if (piece.kind === 'cache') take(piece.bytes);
    else
      for (let done = 0; done < len; done += READ_CHUNK) {
        const n = Math.min(READ_CHUNK, len - done);
        if (piece.kind === 'zero') take(zeros.subarray(0, n));
        else {
          fs.disk.read(piece.addr + done, buf.subarray(0, n));
          take(buf.subarray(0, n));
        }
      }
    return true;
  });
}

/** What a read of the whole file would return, as a sparse file (memory follows the cache and extents). */
export function readSparse(fs: Fs, entry: FsInode): SparseFile {
  const out = new SparseFile();
  const buf = new Uint8Array(READ_CHUNK);
  walkFile(fs, entry, (at, len, piece) => {
    if (piece.kind === 'cache') out.write(at, piece.bytes);
    else if (piece.kind === 'disk')
      for (let done = 0; done < len; done += READ_CHUNK) {
        const n = Math.min(READ_CHUNK, len - done);
        fs.disk.read(piece.addr + done, buf.subarray(0, n));
        out.write(at + done, buf.subarray(0, n));
      }
    return true;
  });
  out.size = entry.inode.isize;
  return out;
}

/** What a read of the whole file would return, as one array (callers bound the size). */
export function peekFile(fs: Fs, entry: FsInode): Uint8Array {
  const out = new Uint8Array(entry.inode.isize);
  let at = 0;
  streamFile(fs, entry, (bytes) => {
    out.set(bytes, at);
    at += bytes.length;
  });
  return out;
}

/** True when a read of the whole file would return exactly `expected` (cached bytes are not copied). */
export function fileMatches(
  fs: Fs,
  entry: FsInode,
  expected: SparseFile,
): boolean {
  return (
    expected.size === entry.inode.isize &&
    rangeMatches(fs, entry, expected, 0, entry.inode.isize)
  );
}

/** True when a read of bytes [start, end) (clipped to the size) would return what `expected` holds there. */
export function rangeMatches(
  fs: Fs,
  entry: FsInode,
  expected: SparseFile,
  start: number,
  end: number,
): boolean {
  return walkFile(
    fs,
    entry,
    (at, len, piece) => {
      if (piece.kind === 'cache') return expected.matches(at, piece.bytes);
      if (piece.kind === 'zero') return expected.isZeroIn(at, at + len);
      for (let done = 0; done < len; done += READ_CHUNK) {
        const n = Math.min(READ_CHUNK, len - done);
        const got = SCRATCH.subarray(0, n);
        fs.disk.read(piece.addr + done, got);
        if (!expected.matches(at + done, got)) return false;
      }
      return true;
    },
    { start, end },
  );
}
