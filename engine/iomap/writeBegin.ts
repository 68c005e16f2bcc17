// __iomap_write_begin: for each run of non-uptodate blocks that a write edge falls strictly inside, either
// zero the uncovered parts or read the run from the source, then mark it uptodate. Blocks the write covers
// whole are neither read nor zeroed. Where the source comes from is the design's choice (SourcePolicy).

import { shortSize } from '../core/units.ts';
import type { Page } from '../pagecache/page.ts';
import { PG } from '../trace/records.ts';
import type { WriteContext } from './writeContext.ts';

/**
 * Where a partial run's old bytes come from: zero them, or read them from a disk address. `length` is how
 * much of the run this source covers (all of it when absent); the rest is asked for again.
 */
export type RunSource = (
  | { readonly action: 'zero'; readonly why: string }
  | { readonly action: 'read'; readonly bytenr: number; readonly why: string }
) & { readonly length?: number };

/** Decides the source of the run piece starting at file position `start` (the design's rule). */
export type SourcePolicy = (start: number, length: number) => RunSource;

/**
 * iomap_adjust_read_range: from block `first`, skip uptodate blocks and return the run of non-uptodate
 * blocks up to the first uptodate one, split at the block holding i_size.
 */
export function adjustReadRange(
  page: Page,
  first: number,
  last: number,
  pageStart: number,
  isize: number,
): [number, number] {
  let b = first;
  while (b < last && page.uptodate[b] === 1) b++;
  let e = b;
  while (e < last && page.uptodate[e] !== 1) e++;
  // Blocks wholly past EOF form a run of their own: a run that holds the block of byte i_size - 1 ends
  // after it. (The kernel first checks that i_size falls inside the range; here eofBlock lies before `b`
  // or at or after `e - 1` whenever it does not, which leaves the run as it is.)
  const eofBlock = Math.floor((isize - 1 - pageStart) / page.blockSize);
  if (eofBlock >= b) e = Math.min(e, eofBlock + 1);
  return [b, e];
}

/** Runs the read-vs-zero loop for a write of [from, to) within `page` (page-relative offsets). */
export function iomapWriteBeginRuns(
  ctx: WriteContext,
  page: Page,
  from: number,
  to: number,
  source: SourcePolicy,
): void {
  const { fs, entry } = ctx;
  // A fast path: adjustReadRange skips every block of an uptodate page, so the loop would do nothing.
  // Stryker disable next-line ConditionalExpression: the loop below does nothing on an uptodate page either
  if (page.has(PG.uptodate)) return;
  const bs = page.blockSize;
  const pageStart = page.index * fs.geo.pageSize;
  let first = Math.floor(from / bs);
  const last = Math.ceil(to / bs);
  // Ends when no run of non-uptodate blocks is left before `last` (adjustReadRange returns an empty one).
  for (;;) {
    const [b, e] = adjustReadRange(
      page,
      first,
      last,
      pageStart,
      entry.inode.isize,
    );
    if (b >= e) break;
    const poff = b * bs;
    const pend = e * bs;
    // The kernel tests from and to against both ends of the run; the run lies inside the write's blocks
    // (poff < to and from < pend always), so only these two tests can fail.
    const partial = from > poff || to < pend;
    if (partial) {
      for (let cursor = poff; cursor < pend;) {
        const src = source(pageStart + cursor, pend - cursor);
        const pieceEnd =
          src.length === undefined ? pend : Math.min(pend, cursor + src.length);
        applySource(ctx, page, cursor, pieceEnd, from, to, src);
        cursor = pieceEnd;
      }
      entry.mapping.setRangeUptodate(page, poff, pend);
      fs.rec.emit(
        'page.flags',
        { ino: page.ino, index: page.index },
        `blocks [${shortSize(poff)}, ${shortSize(pend)}) are uptodate`,
      );
    }
    first = e;
  }
}

function applySource(
  ctx: WriteContext,
  page: Page,
  start: number,
  end: number,
  from: number,
  to: number,
  src: RunSource,
): void {
  const { fs, entry } = ctx;
  if (src.action === 'zero') {
    const ranges: [number, number][] = [];
    if (from > start) ranges.push([start, Math.min(from, end)]);
    if (to < end) ranges.push([Math.max(to, start), end]);
    if (ranges.length === 0) return;
    entry.mapping.mutate(page, () => {
      for (const [a, z] of ranges) page.data.fill(0, a, z);
    });
    const zeroed = ranges.reduce((n, [a, z]) => n + z - a, 0);
    fs.counters.add('bytesZeroed', zeroed);
    fs.rec.emit(
      'page.zero',
      { ino: page.ino, index: page.index, ranges },
      `zero ${shortSize(zeroed)} around the write: ${src.why}`,
    );
    return;
  }
  fs.rec.call(
    'iomap_read_page_sync',
    `read [${shortSize(start)}, ${shortSize(end)}) of the page so the write can merge into it`,
    () => {
      fs.disk.read(src.bytenr, page.data.subarray(start, end));
      fs.counters.add('syncReads');
      fs.counters.add('bytesRead', end - start);
      fs.rec.advance(100);
      fs.rec.emit(
        'io.submit',
        { dir: 'read', bytenr: src.bytenr, length: end - start },
        `synchronous read of ${shortSize(end - start)} at disk ${String(src.bytenr)}`,
      );
      fs.rec.emit(
        'page.read',
        {
          ino: page.ino,
          index: page.index,
          from: start,
          length: end - start,
          bytenr: src.bytenr,
        },
        src.why,
      );
    },
  );
}
