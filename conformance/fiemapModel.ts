// What btrfs's fiemap would report for the engine's file: file extent items, except that delalloc ranges
// (dirty data not yet written back) are reported in place of holes and of the parts of prealloc extents
// they cover; a regular extent is reported as it is even when dirty pages will replace it. The engine's
// DELALLOC bits in its extent io tree say where delalloc is.

import type { PlacedExtent } from './extentShape.ts';
import type { KernelExtent } from './fixture.ts';

export interface Range {
  readonly start: number;
  /** Exclusive. */
  readonly end: number;
}

/** Sorted, with touching and overlapping ranges merged. */
export function mergeRanges(ranges: readonly Range[]): Range[] {
  const out: Range[] = [];
  for (const r of [...ranges].sort((a, b) => a.start - b.start)) {
    const last = out[out.length - 1];
    if (last !== undefined && r.start <= last.end)
      out[out.length - 1] = {
        start: last.start,
        end: Math.max(last.end, r.end),
      };
    else if (r.end > r.start) out.push(r);
  }
  return out;
}

/** `r` minus every range of `cut`. */
function subtract(r: Range, cut: readonly Range[]): Range[] {
  let pieces: Range[] = [r];
  for (const c of cut)
    pieces = pieces.flatMap((p) =>
      c.end <= p.start || c.start >= p.end
        ? [p]
        : [
            { start: p.start, end: Math.max(p.start, c.start) },
            { start: Math.min(p.end, c.end), end: p.end },
          ].filter((x) => x.end > x.start),
    );
  return pieces;
}

/** The engine's extents and delalloc ranges as fiemap reports them. */
export function engineFiemap(
  extents: readonly PlacedExtent[],
  delalloc: readonly Range[],
): { extents: PlacedExtent[]; delalloc: Range[] } {
  const dirty = mergeRanges(delalloc);
  const regular = extents
    .filter((e) => !e.unwritten)
    .map((e) => ({ start: e.logical, end: e.logical + e.length }));
  const shown: PlacedExtent[] = [];
  for (const e of extents) {
    if (!e.unwritten) {
      shown.push(e);
      continue;
    }
    for (const p of subtract(
      { start: e.logical, end: e.logical + e.length },
      dirty,
    ))
      shown.push({
        ...e,
        logical: p.start,
        physical: e.physical + (p.start - e.logical),
        length: p.end - p.start,
      });
  }
  return {
    extents: shown.sort((a, b) => a.logical - b.logical),
    delalloc: mergeRanges(dirty.flatMap((d) => subtract(d, regular))),
  };
}

/** The delalloc extents filefrag reported. */
export function kernelDelalloc(extents: readonly KernelExtent[]): Range[] {
  return mergeRanges(
    extents
      .filter((e) => e.flags.includes('delalloc'))
      .map((e) => ({ start: e.logical, end: e.logical + e.length })),
  );
}

export function describeRanges(ranges: readonly Range[]): string {
  return ranges.length === 0
    ? 'none'
    : ranges.map((r) => `[${String(r.start)}, ${String(r.end)})`).join(', ');
}
