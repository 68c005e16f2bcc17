// The data block group and the space_infos (btrfs check's block group and space accounting passes):
// extent items, reserved and pinned ranges tile part of the one data block group without overlapping,
// and the data space_info's used/reserved/pinned are exactly their sums.

import type { SpaceInfo } from '../../btrfs/spaceInfo.ts';
import type { Fs } from '../../btrfs/fs.ts';
import { overlaps, spanLabel, type Report, type Span } from './problems.ts';

interface Occupant extends Span {
  readonly what: string;
}

function occupants(fs: Fs): Occupant[] {
  const t = fs.extentTree;
  return [
    ...t.all().map((i) => ({
      what: `extent item ${i.name}`,
      start: i.bytenr,
      end: i.bytenr + i.numBytes,
    })),
    ...t.reserved().map(([at, len]) => ({
      what: `reserved range ${t.nameOf(at)}`,
      start: at,
      end: at + len,
    })),
    ...t.pinned().map(([at, len]) => ({
      what: 'pinned range',
      start: at,
      end: at + len,
    })),
  ];
}

/** Extent items, reserved ranges and pinned ranges: aligned, inside the block group, disjoint. */
export function checkBlockGroupRanges(fs: Fs, report: Report): void {
  const t = fs.extentTree;
  const ss = fs.geo.sectorSize;
  const bg = { start: t.start, end: t.start + t.length };
  const all = occupants(fs);
  for (const o of all) {
    if (o.start % ss !== 0 || o.end % ss !== 0 || o.end <= o.start)
      report(
        'extent-unaligned',
        `${o.what} ${spanLabel(o)}: not a non-empty range of whole ${String(ss)}-byte sectors`,
      );
    if (o.start < bg.start || o.end > bg.end)
      report(
        'block-group-bounds',
        `${o.what} ${spanLabel(o)} lies outside the data block group ${spanLabel(bg)}`,
      );
  }
  for (const [a, b] of overlaps(all))
    report(
      'block-group-overlap',
      `${a.what} ${spanLabel(a)} overlaps ${b.what} ${spanLabel(b)}`,
    );
}

function sum(ranges: readonly (readonly [number, number])[]): number {
  return ranges.reduce((n, [, len]) => n + len, 0);
}

/** data used/reserved/pinned == the bytes of extent items / reserved ranges / pinned ranges. */
export function checkDataCounters(fs: Fs, report: Report): void {
  const t = fs.extentTree;
  const d = fs.data;
  const used = t.all().reduce((n, i) => n + i.numBytes, 0);
  if (d.used !== used)
    report(
      'block-group-used',
      `data bytes_used ${String(d.used)}, expected ${String(used)} (the bytes of ${String(t.all().length)} extent item(s))`,
    );
  const reserved = sum(t.reserved());
  if (d.reserved !== reserved)
    report(
      'block-group-reserved',
      `data bytes_reserved ${String(d.reserved)}, expected ${String(reserved)} (the bytes of ${String(t.reserved().length)} reserved range(s))`,
    );
  const pinned = sum(t.pinned());
  if (d.pinned !== pinned)
    report(
      'block-group-pinned',
      `data bytes_pinned ${String(d.pinned)}, expected ${String(pinned)} (the bytes of ${String(t.pinned().length)} pinned range(s))`,
    );
  if (d.total !== t.length)
    report(
      'block-group-size',
      `data total_bytes ${String(d.total)}, but the one data block group is ${String(t.length)} bytes`,
    );
}

/**
 * No counter negative, and used + reserved + pinned + may_use <= total for both space_infos. btrfs lets
 * metadata may_use overcommit (btrfs_can_overcommit); the model does not: btrfs_delalloc_reserve_metadata
 * here succeeds only when free() covers the request, and data never overcommits in btrfs either.
 */
export function checkSpaceBounds(fs: Fs, report: Report): void {
  for (const s of [fs.data, fs.meta]) checkOneSpace(s, report);
}

function checkOneSpace(s: SpaceInfo, report: Report): void {
  const counters = {
    used: s.used,
    reserved: s.reserved,
    pinned: s.pinned,
    mayUse: s.mayUse,
  };
  for (const [name, value] of Object.entries(counters))
    if (value < 0 || !Number.isSafeInteger(value))
      report(
        'space-negative',
        `${s.kind} space_info ${name} is ${String(value)}, expected a non-negative integer`,
      );
  const taken = s.used + s.reserved + s.pinned + s.mayUse;
  if (taken > s.total)
    report(
      'space-over-total',
      `${s.kind} space_info: used ${String(s.used)} + reserved ${String(s.reserved)} + pinned ${String(s.pinned)} + may_use ${String(s.mayUse)} = ${String(taken)} exceeds total ${String(s.total)}`,
    );
}
