// Block groups and space_infos (btrfs check's chunk, block group and space accounting passes): extent
// items, reserved and pinned ranges tile part of the data block groups without overlapping; each block
// group's used/reserved/pinned are exactly the bytes in it; each space_info sums its block groups; the
// device's stripes do not overlap and fit the device.

import type { Fs } from '../../btrfs/fs.ts';
import type { SpaceInfo } from '../../btrfs/space/spaceInfo.ts';
import { overlaps, spanLabel, type Report, type Span } from './problems.ts';

interface Occupant extends Span {
  readonly what: string;
  readonly counter: 'used' | 'reserved' | 'pinned';
}

function occupants(fs: Fs): Occupant[] {
  const t = fs.extentTree;
  return [
    ...t.all().map((i) => ({
      what: `extent item ${i.name}`,
      counter: 'used' as const,
      start: i.bytenr,
      end: i.bytenr + i.numBytes,
    })),
    ...t.reserved().map(([at, len]) => ({
      what: `reserved range ${t.nameOf(at)}`,
      counter: 'reserved' as const,
      start: at,
      end: at + len,
    })),
    ...t.pinned().map(([at, len]) => ({
      what: 'pinned range',
      counter: 'pinned' as const,
      start: at,
      end: at + len,
    })),
  ];
}

/** Extent items, reserved ranges and pinned ranges: aligned, inside one data block group, disjoint. */
export function checkBlockGroupRanges(fs: Fs, report: Report): void {
  const ss = fs.geo.sectorSize;
  const groups = fs.space.groupsOf('data');
  const all = occupants(fs);
  for (const o of all) {
    if (o.start % ss !== 0 || o.end % ss !== 0 || o.end <= o.start)
      report(
        'extent-unaligned',
        `${o.what} ${spanLabel(o)}: not a non-empty range of whole ${String(ss)}-byte sectors`,
      );
    if (!groups.some((g) => o.start >= g.start && o.end <= g.start + g.length))
      report(
        'block-group-bounds',
        `${o.what} ${spanLabel(o)} lies in no single data block group`,
      );
  }
  for (const [a, b] of overlaps(all))
    report(
      'block-group-overlap',
      `${a.what} ${spanLabel(a)} overlaps ${b.what} ${spanLabel(b)}`,
    );
}

/**
 * Each data block group's used/reserved/pinned are the bytes of the extent items / reserved / pinned
 * ranges in it; each metadata and system group's used bytes are the committed tree nodes in it.
 */
export function checkDataCounters(fs: Fs, report: Report): void {
  const expected = new Map<number, Record<Occupant['counter'], number>>();
  for (const g of fs.space.chunks.all())
    expected.set(g.start, { used: 0, reserved: 0, pinned: 0 });
  for (const o of occupants(fs)) {
    const e = expected.get(fs.space.groupAt(o.start).start);
    if (e !== undefined) e[o.counter] += o.end - o.start;
  }
  for (const n of fs.committed.nodes) {
    const e = expected.get(fs.space.groupAt(n).start);
    if (e !== undefined) e.used += fs.geo.nodeSize;
  }
  for (const chunk of fs.space.chunks.all()) {
    const g = fs.space.groupAt(chunk.start);
    const e = expected.get(chunk.start) ?? { used: 0, reserved: 0, pinned: 0 };
    for (const counter of ['used', 'reserved', 'pinned'] as const)
      if (g[counter] !== e[counter])
        report(
          `block-group-${counter}`,
          `${chunk.type} block group ${String(chunk.start)}: ${counter} ${String(g[counter])}, expected ${String(e[counter])} (the bytes of its ${chunk.type === 'data' ? (counter === 'used' ? 'extent items' : `${counter} ranges`) : 'committed tree nodes'})`,
        );
  }
  for (const info of [fs.data, fs.meta, fs.system]) {
    const sum = (c: 'used' | 'reserved' | 'pinned' | 'length') =>
      info.groups.reduce((n, g) => n + g[c], 0);
    const pairs = [
      ['total_bytes', info.total, sum('length')],
      ['bytes_used', info.used, sum('used')],
      ['bytes_reserved', info.reserved, sum('reserved')],
      ['bytes_pinned', info.pinned, sum('pinned')],
    ] as const;
    for (const [name, value, want] of pairs)
      if (value !== want)
        report(
          'block-group-size',
          `${info.kind} space_info ${name} ${String(value)}, but its ${String(info.groups.length)} block group(s) sum to ${String(want)}`,
        );
  }
  const stripes = fs.space.chunks.devExtents().map((x) => ({
    start: x.physical,
    end: x.physical + x.length,
    what: `stripe of chunk ${String(x.chunk.start)}`,
  }));
  for (const [a, b] of overlaps(stripes))
    report(
      'block-group-overlap',
      `${a.what} ${spanLabel(a)} overlaps ${b.what} ${spanLabel(b)} on the device`,
    );
}

/**
 * No counter negative; data used + reserved + pinned + may_use <= total (data never overcommits); metadata
 * and system used + reserved + pinned <= total (their may_use may overcommit, btrfs_can_overcommit).
 */
export function checkSpaceBounds(fs: Fs, report: Report): void {
  for (const s of [fs.data, fs.meta, fs.system]) checkOneSpace(s, report);
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
  const taken =
    s.used + s.reserved + s.pinned + (s.kind === 'data' ? s.mayUse : 0);
  if (taken > s.total)
    report(
      'space-over-total',
      `${s.kind} space_info: used ${String(s.used)} + reserved ${String(s.reserved)} + pinned ${String(s.pinned)}${s.kind === 'data' ? ` + may_use ${String(s.mayUse)}` : ''} = ${String(taken)} exceeds total ${String(s.total)}`,
    );
}
