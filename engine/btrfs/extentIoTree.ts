// One inode's extent io tree: non-overlapping byte ranges carrying EXTENT_* bits, split on set/clear and
// merged when neighbours carry the same bits (set_extent_bit / clear_extent_bit). Accounting hooks live
// in delallocHooks.ts; this class only keeps ranges and traces them as ioRange records.

import type { Recorder } from '../trace/recorder.ts';
import type { IoRangeRec } from '../trace/records.ts';
import { CONTROL_BITS, EXTENT } from './ioTreeBits.ts';

interface Range {
  start: number;
  end: number;
  bits: number;
}

/** A piece of the operated range with the bits it had before the operation. */
export interface Piece {
  readonly start: number;
  readonly end: number;
  readonly prevBits: number;
}

export class ExtentIoTree {
  private ranges: Range[] = [];

  constructor(
    readonly ino: number,
    private readonly rec: Recorder,
  ) {}

  /** Sets `bits` on [start, end); returns every piece of [start, end) with its previous bits. */
  set(start: number, end: number, bits: number): Piece[] {
    return this.modify(start, end, (b) => b | (bits & ~CONTROL_BITS));
  }

  /**
   * Clears `bits` on [start, end); returns every piece of [start, end) with its previous bits. Clearing
   * DELALLOC clears NORESERVE with it (btrfs_clear_extent_bit): the nocow write it marked is accounted
   * for, and a later write over the range reserves data again.
   */
  clear(start: number, end: number, bits: number): Piece[] {
    const all = bits & EXTENT.DELALLOC ? bits | EXTENT.NORESERVE : bits;
    return this.modify(start, end, (b) => b & ~all);
  }

  /** Sub-ranges of [start, end) that carry every bit of `bits`. */
  find(
    start: number,
    end: number,
    bits: number,
  ): { start: number; end: number; bits: number }[] {
    const out: { start: number; end: number; bits: number }[] = [];
    if (end <= start) return out;
    for (let i = this.lowerBound(start); i < this.ranges.length; i++) {
      const r = this.ranges[i] as Range;
      if (r.start >= end) break;
      if (r.end <= start || (r.bits & bits) !== bits) continue;
      const s = Math.max(r.start, start);
      const e = Math.min(r.end, end);
      const last = out[out.length - 1];
      if (last !== undefined && last.end === s) last.end = e;
      else out.push({ start: s, end: e, bits: r.bits });
    }
    return out;
  }

  /**
   * The run carrying `bits` that starts with the first range ending after `from` (at that range's start,
   * as btrfs_find_delalloc_range starts at the state holding `from`) and continues over the adjacent
   * ranges carrying them; null when there is none.
   */
  firstRun(from: number, bits: number): { start: number; end: number } | null {
    let run: { start: number; end: number } | null = null;
    // Ranges are sorted and disjoint: none before the first ending at or after `from` can start the run.
    for (let i = this.lowerBound(from); i < this.ranges.length; i++) {
      const r = this.ranges[i] as Range;
      const carries = (r.bits & bits) === bits;
      if (run === null) {
        if (carries && r.end > from) run = { start: r.start, end: r.end };
      } else if (carries && r.start === run.end) run.end = r.end;
      else break;
    }
    return run;
  }

  /** Number of maximal runs carrying `bits` that touch [start, end] (adjacency counts). */
  runsTouching(
    start: number,
    end: number,
    bits: number,
    maxRun: number,
  ): number {
    const has = (r: Range): boolean => (r.bits & bits) === bits;
    // From the first range that can touch, back to the start of the run it continues: every run met from
    // there on ends at or after `start`.
    let i = this.lowerBound(start);
    for (;;) {
      const prev = this.ranges[i - 1];
      const cur = this.ranges[i];
      if (prev === undefined || cur === undefined) break;
      if (!has(prev) || !has(cur) || prev.end !== cur.start) break;
      i--;
    }
    let count = 0;
    let run: { start: number; end: number } | null = null;
    for (; i < this.ranges.length; i++) {
      const r = this.ranges[i] as Range;
      if (run !== null && has(r) && r.start === run.end) {
        run.end = r.end;
        continue;
      }
      // Past `end` only the run in progress still matters (its length sets the count).
      if (r.start > end) break;
      if (run !== null) count += Math.ceil((run.end - run.start) / maxRun);
      run = has(r) ? { start: r.start, end: r.end } : null;
    }
    if (run !== null) count += Math.ceil((run.end - run.start) / maxRun);
    return count;
  }

  /** Index of the first range that ends at or after `offset` (the length when none does). */
  private lowerBound(offset: number): number {
    let lo = 0;
    let hi = this.ranges.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.ranges[mid] as Range).end >= offset) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  all(): readonly Readonly<Range>[] {
    return this.ranges;
  }

  toRecs(): IoRangeRec[] {
    return this.ranges.map((r) => this.toRec(r));
  }

  private toRec(r: Range): IoRangeRec {
    return { ino: this.ino, start: r.start, end: r.end, bits: r.bits };
  }

  private key(start: number): string {
    return `${String(this.ino)}:${String(start)}`;
  }

  private modify(
    start: number,
    end: number,
    fn: (bits: number) => number,
  ): Piece[] {
    if (end <= start) return [];
    // The window whose records may change: the range plus any neighbours a merge may absorb.
    const firstIdx = this.lowerBound(start);
    let lastIdx = firstIdx;
    while (
      lastIdx < this.ranges.length &&
      (this.ranges[lastIdx] as Range).start <= end
    )
      lastIdx++;
    const before = this.ranges.slice(firstIdx, lastIdx);

    // Cut the window into pieces at every boundary, apply fn inside [start, end).
    const pieces: Piece[] = [];
    const out: Range[] = [];
    let cursor = start;
    for (const r of before) {
      if (r.start < start)
        out.push({ start: r.start, end: Math.min(r.end, start), bits: r.bits });
      // A range of the window starts at or before `end`: a gap before it lies inside [start, end).
      if (r.start > cursor) {
        pieces.push({ start: cursor, end: r.start, prevBits: 0 });
        out.push({ start: cursor, end: r.start, bits: fn(0) });
        cursor = r.start;
      }
      const s = Math.max(r.start, start);
      const e = Math.min(r.end, end);
      if (s < e) {
        pieces.push({ start: s, end: e, prevBits: r.bits });
        out.push({ start: s, end: e, bits: fn(r.bits) });
        cursor = e;
      }
      if (r.end > end)
        out.push({ start: Math.max(r.start, end), end: r.end, bits: r.bits });
    }
    if (cursor < end) {
      pieces.push({ start: cursor, end, prevBits: 0 });
      out.push({ start: cursor, end, bits: fn(0) });
    }

    // The pieces are in order and none is empty: drop those left without bits, merge equal neighbours.
    const merged: Range[] = [];
    for (const r of out) {
      if (r.bits === 0) continue;
      const last = merged[merged.length - 1];
      if (last !== undefined && last.end === r.start && last.bits === r.bits)
        last.end = r.end;
      else merged.push({ ...r });
    }
    this.ranges.splice(firstIdx, lastIdx - firstIdx, ...merged);
    // Stryker disable next-line ConditionalExpression: the guard only saves building the maps when tracing is off
    if (this.rec.enabled) this.trace(before, merged);
    return pieces;
  }

  private trace(before: Range[], after: Range[]): void {
    const old = new Map(before.map((r) => [r.start, r]));
    const neu = new Map(after.map((r) => [r.start, r]));
    for (const [start, r] of old) {
      const n = neu.get(start);
      if (n === undefined)
        this.rec.change('ioRange', this.key(start), this.toRec(r), null);
      else if (n.end !== r.end || n.bits !== r.bits)
        this.rec.change(
          'ioRange',
          this.key(start),
          this.toRec(r),
          this.toRec(n),
        );
    }
    for (const [start, n] of neu) {
      if (!old.has(start))
        this.rec.change('ioRange', this.key(start), null, this.toRec(n));
    }
  }
}
