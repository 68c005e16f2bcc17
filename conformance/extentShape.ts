// The allocator-independent shape of a file's extents: logical runs, each with its unwritten and shared
// flags and where its bytes live relative to the baseline (the extents the file had after setup). Physical
// addresses differ between the kernel and the engine, but relations between them do not: a CoW overwrite
// moves a range to a new address, a NODATACOW or prealloc write keeps it, a clone shares it.
//
// Each extent is cut where it crosses a baseline extent's boundary on disk, each piece is labelled
// `base@L` (its first byte sits where file offset L's byte sat at baseline) or `new#k+d` (newly allocated:
// k numbers new disk ranges in file order, d is the offset into that range), and pieces that continue each
// other are merged again. fiemap merges physically contiguous extents and the engine places extents
// elsewhere, so only this merged form is comparable.

import type { KernelExtent } from './fixture.ts';

/** An extent with a physical address, as either side reports it. */
export interface PlacedExtent {
  readonly logical: number;
  readonly physical: number;
  readonly length: number;
  readonly unwritten: boolean;
  readonly shared: boolean;
}

/** One run of the shape. */
export interface ShapeRun {
  readonly logical: number;
  readonly length: number;
  readonly unwritten: boolean;
  readonly shared: boolean;
  readonly origin: string;
}

/** filefrag's extents on disk (delalloc ones, with no address yet, are left out). */
export function placedKernelExtents(
  extents: readonly KernelExtent[],
): PlacedExtent[] {
  return extents
    .filter(
      (e) => !e.flags.includes('delalloc') && !e.flags.includes('unknown_loc'),
    )
    .map((e) => ({
      logical: e.logical,
      physical: e.physical,
      length: e.length,
      unwritten: e.flags.includes('unwritten'),
      shared: e.flags.includes('shared'),
    }));
}

interface Piece extends PlacedExtent {
  /** The baseline file offset of the first byte, or null for newly allocated bytes. */
  readonly base: number | null;
}

function cutAtBaseline(
  e: PlacedExtent,
  baseline: readonly PlacedExtent[],
): Piece[] {
  const pieces: Piece[] = [];
  let at = 0;
  while (at < e.length) {
    const p = e.physical + at;
    const inside = baseline.find(
      (b) => p >= b.physical && p < b.physical + b.length,
    );
    let len: number;
    let base: number | null;
    if (inside !== undefined) {
      len = Math.min(e.length - at, inside.physical + inside.length - p);
      base = inside.logical + (p - inside.physical);
    } else {
      const next = Math.min(
        e.length - at,
        ...baseline.filter((b) => b.physical > p).map((b) => b.physical - p),
      );
      len = next;
      base = null;
    }
    pieces.push({
      ...e,
      logical: e.logical + at,
      physical: p,
      length: len,
      base,
    });
    at += len;
  }
  return pieces;
}

function continues(a: Piece, b: Piece): boolean {
  if (a.logical + a.length !== b.logical) return false;
  if (a.unwritten !== b.unwritten || a.shared !== b.shared) return false;
  if (a.base !== null && b.base !== null) return a.base + a.length === b.base;
  if (a.base === null && b.base === null)
    return a.physical + a.length === b.physical;
  return false;
}

/** The shape of `extents` relative to `baseline` (both sorted or not; the result is in file order). */
export function extentShape(
  extents: readonly PlacedExtent[],
  baseline: readonly PlacedExtent[],
): ShapeRun[] {
  const pieces = [...extents]
    .sort((a, b) => a.logical - b.logical)
    .flatMap((e) => cutAtBaseline(e, baseline));
  const merged: Piece[] = [];
  for (const p of pieces) {
    const last = merged[merged.length - 1];
    if (last !== undefined && continues(last, p))
      merged[merged.length - 1] = { ...last, length: last.length + p.length };
    else merged.push(p);
  }
  const newRanges: { start: number; end: number }[] = [];
  return merged.map((p) => {
    let origin: string;
    if (p.base !== null) origin = `base@${String(p.base)}`;
    else {
      let k = newRanges.findIndex(
        (r) => p.physical < r.end && p.physical + p.length > r.start,
      );
      const known = newRanges[k];
      if (known === undefined) {
        k = newRanges.length;
        newRanges.push({ start: p.physical, end: p.physical + p.length });
        origin = `new#${String(k)}+0`;
      } else {
        const start = Math.min(known.start, p.physical);
        newRanges[k] = {
          start,
          end: Math.max(known.end, p.physical + p.length),
        };
        origin = `new#${String(k)}+${String(p.physical - start)}`;
      }
    }
    return {
      logical: p.logical,
      length: p.length,
      unwritten: p.unwritten,
      shared: p.shared,
      origin,
    };
  });
}

/** A shape as one line per run, for readable differences. */
export function describeShape(shape: readonly ShapeRun[]): string {
  return shape
    .map(
      (r) =>
        `[${String(r.logical)}, ${String(r.logical + r.length)}) ${r.origin}${r.unwritten ? ' unwritten' : ''}${r.shared ? ' shared' : ''}`,
    )
    .join('; ');
}
