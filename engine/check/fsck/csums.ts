// Data checksums against the extents: every sector a datasum inode's regular item references has a csum,
// and no csum outlives the extent it belongs to; on request (btrfs check --check-data-csum), every csum
// matches the sector it covers as the disk holds it now.

import type { Fs } from '../../btrfs/fs.ts';
import { crc32c } from '../../core/crc32c.ts';
import {
  inodeLabel,
  spanLabel,
  spansLabel,
  subtract,
  union,
  type Report,
  type Span,
} from './problems.ts';

/** Disk ranges of pending ordered extents: their csums are still in flight, carried by the ordered extent. */
function pendingDisk(fs: Fs): Span[] {
  return [...fs.ordered.values()].map((o) => ({
    start: o.diskBytenr,
    end: o.diskBytenr + o.diskNumBytes,
  }));
}

/** Sectors of `span` lacking a csum, as merged spans. */
function missing(fs: Fs, span: Span): Span[] {
  const ss = fs.geo.sectorSize;
  const out: Span[] = [];
  for (let a = span.start; a < span.end; a += ss)
    if (!fs.extentTree.csums.has(a)) out.push({ start: a, end: a + ss });
  return union(out);
}

/**
 * For each regular item of a datasum inode, every sector of the part of the disk extent it references has
 * a csum, unless an ordered extent is pending over that file range or that disk range.
 */
export function checkCsumsPresent(fs: Fs, report: Report): void {
  const inflightDisk = pendingDisk(fs);
  for (const entry of fs.inodes.values()) {
    if (entry.inode.nodatasum) continue;
    const inflightFile = [...fs.ordered.values()]
      .filter((o) => o.ino === entry.inode.ino)
      .map((o) => ({ start: o.fileOffset, end: o.fileOffset + o.numBytes }));
    for (const item of entry.extents.all()) {
      if (item.type !== 'regular') continue;
      const fileSpan = { start: item.offset, end: item.offset + item.numBytes };
      const toDisk = item.diskBytenr + item.extentOffset - item.offset;
      const settled = subtract([fileSpan], inflightFile).map((s) => ({
        start: s.start + toDisk,
        end: s.end + toDisk,
      }));
      const gaps = subtract(
        settled.flatMap((s) => missing(fs, s)),
        inflightDisk,
      );
      if (gaps.length > 0)
        report(
          'csum-missing',
          `${inodeLabel(entry)} file extent [${String(item.offset)}, +${String(item.numBytes)}) -> disk ${String(item.diskBytenr)}: no csum for disk sectors ${spansLabel(gaps)}`,
        );
    }
  }
}

/**
 * Every csum is for a whole sector inside an extent item; inside a range reserved for a pending ordered
 * extent is tolerated (the csums of an allocation whose extent item is not inserted yet).
 */
export function checkCsumsOrphan(fs: Fs, report: Report): void {
  const ss = fs.geo.sectorSize;
  const t = fs.extentTree;
  const homes = union([
    ...t.all().map((i) => ({ start: i.bytenr, end: i.bytenr + i.numBytes })),
    ...t.reserved().map(([at, len]) => ({ start: at, end: at + len })),
    ...pendingDisk(fs),
  ]);
  const unaligned: Span[] = [];
  const sectors: Span[] = [];
  for (const at of t.csums.keys())
    (at % ss !== 0 ? unaligned : sectors).push({ start: at, end: at + ss });
  const orphans = subtract(sectors, homes);
  if (unaligned.length > 0)
    report(
      'csum-unaligned',
      `csums keyed at addresses that do not start a ${String(ss)}-byte sector: ${spansLabel(unaligned.sort((a, b) => a.start - b.start))}`,
    );
  if (orphans.length > 0)
    report(
      'csum-orphan',
      `csums for disk sectors ${spansLabel(orphans)} outside every extent item`,
    );
}

/** Where a disk address is referenced from: "inode 257 (F) file offset 4096", or that nothing references it. */
function referencedBy(fs: Fs, at: number): string {
  for (const entry of fs.inodes.values())
    for (const item of entry.extents.all()) {
      const disk = item.diskBytenr + item.extentOffset;
      if (item.type === 'regular' && at >= disk && at < disk + item.numBytes)
        return `${inodeLabel(entry)} file offset ${String(item.offset + at - disk)}`;
    }
  return 'no file references it';
}

/**
 * Reads every sector that has a csum from the disk and compares (btrfs check --check-data-csum, which
 * reads the data extents and verifies them against the csum tree). One problem per run of bad sectors,
 * naming the first file offset that reads it: that read would fail with EIO. Reads in proportion to the
 * csums the image holds, not to the sizes it claims.
 */
export function checkCsumsMatchData(fs: Fs, report: Report): void {
  const ss = fs.geo.sectorSize;
  const buf = new Uint8Array(ss);
  const bad: Span[] = [];
  for (const [at, want] of [...fs.extentTree.csums].sort(
    (a, b) => a[0] - b[0],
  )) {
    if (at % ss !== 0) continue;
    fs.disk.read(at, buf);
    if (crc32c(buf) !== want) bad.push({ start: at, end: at + ss });
  }
  for (const span of union(bad))
    report(
      'csum-mismatch',
      `data at disk ${spanLabel(span)} does not match its csum (${referencedBy(fs, span.start)}: a read there fails with EIO)`,
    );
}
