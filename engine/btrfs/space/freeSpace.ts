// The free space of one block group (the free space cache's role, free-space-cache.c): its free ranges in
// address order, taken by allocations and given back when pinned space is unpinned. Pure bookkeeping.

import { InvariantError } from '../../core/assert.ts';

export class FreeSpace {
  /** Disjoint, non-adjacent free runs [start, start + length), by start. */
  private runs: [number, number][];

  constructor(
    readonly start: number,
    readonly length: number,
  ) {
    this.runs = length > 0 ? [[start, length]] : [];
  }

  /** The free runs, by address. */
  all(): readonly (readonly [number, number])[] {
    return this.runs;
  }

  /** Bytes free. */
  bytes(): number {
    return this.runs.reduce((n, [, len]) => n + len, 0);
  }

  /** Index of the first run ending after `at`. */
  private firstAfter(at: number): number {
    let lo = 0;
    let hi = this.runs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const [s, len] = this.runs[mid] as [number, number];
      if (s + len <= at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Takes [at, at + bytes), which must be free. */
  take(at: number, bytes: number): void {
    const i = this.firstAfter(at);
    const run = this.runs[i];
    if (run === undefined || run[0] > at || run[0] + run[1] < at + bytes)
      throw new InvariantError(
        `free space of block group ${String(this.start)}: [${String(at)}, +${String(bytes)}) is not free`,
      );
    const [s, len] = run;
    const pieces: [number, number][] = [];
    if (at > s) pieces.push([s, at - s]);
    if (at + bytes < s + len) pieces.push([at + bytes, s + len - at - bytes]);
    this.runs.splice(i, 1, ...pieces);
  }

  /** Gives back [at, at + bytes), which must be inside the group and not free. */
  give(at: number, bytes: number): void {
    if (at < this.start || at + bytes > this.start + this.length)
      throw new InvariantError(
        `free space: [${String(at)}, +${String(bytes)}) is outside block group ${String(this.start)}`,
      );
    const i = this.firstAfter(at);
    const next = this.runs[i];
    if (next !== undefined && next[0] < at + bytes)
      throw new InvariantError(
        `free space: [${String(at)}, +${String(bytes)}) is already free`,
      );
    const prev = this.runs[i - 1];
    let s = at;
    let e = at + bytes;
    let from = i;
    let count = 0;
    if (prev !== undefined && prev[0] + prev[1] === at) {
      s = prev[0];
      from = i - 1;
      count++;
    }
    if (next !== undefined && next[0] === e) {
      e = next[0] + next[1];
      count++;
    }
    this.runs.splice(from, count, [s, e - s]);
  }
}
