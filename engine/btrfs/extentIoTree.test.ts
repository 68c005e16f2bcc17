import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng.ts';
import { Recorder } from '../trace/recorder.ts';
import type { StepEvent } from '../trace/events.ts';
import { applyEvent, emptyState } from '../trace/reducer.ts';
import { ExtentIoTree } from './extentIoTree.ts';
import { CONTROL_BITS, EXTENT } from './ioTreeBits.ts';

const { DELALLOC, UPTODATE, LOCKED, DELALLOC_NEW } = EXTENT;

function tree(): { t: ExtentIoTree; rec: Recorder } {
  const rec = new Recorder(true);
  return { t: new ExtentIoTree(257, rec), rec };
}

describe('ExtentIoTree', () => {
  it('splits a range when bits are set in its middle and merges them back on clear', () => {
    const { t } = tree();
    t.set(0, 16384, UPTODATE);
    t.set(4096, 8192, DELALLOC);
    expect(t.all()).toEqual([
      { start: 0, end: 4096, bits: UPTODATE },
      { start: 4096, end: 8192, bits: UPTODATE | DELALLOC },
      { start: 8192, end: 16384, bits: UPTODATE },
    ]);
    t.clear(4096, 8192, DELALLOC);
    expect(t.all()).toEqual([{ start: 0, end: 16384, bits: UPTODATE }]);
  });

  it('reports the previous bits of every piece, gaps included', () => {
    const { t } = tree();
    t.set(4096, 8192, DELALLOC);
    const pieces = t.set(0, 12288, DELALLOC | UPTODATE);
    expect(pieces).toEqual([
      { start: 0, end: 4096, prevBits: 0 },
      { start: 4096, end: 8192, prevBits: DELALLOC },
      { start: 8192, end: 12288, prevBits: 0 },
    ]);
    expect(t.all()).toEqual([
      { start: 0, end: 12288, bits: DELALLOC | UPTODATE },
    ]);
  });

  it('counts delalloc runs touching a window, adjacency included', () => {
    const { t } = tree();
    t.set(0, 4096, DELALLOC);
    t.set(8192, 12288, DELALLOC | DELALLOC_NEW);
    expect(t.runsTouching(0, 16384, DELALLOC, 128 << 20)).toBe(2);
    t.set(4096, 8192, DELALLOC);
    expect(t.runsTouching(0, 16384, DELALLOC, 128 << 20)).toBe(1);
  });

  it('finds the first run of a bit at or after an offset', () => {
    const { t } = tree();
    t.set(8192, 12288, DELALLOC);
    t.set(12288, 16384, DELALLOC | LOCKED);
    expect(t.firstRun(0, DELALLOC)).toEqual({ start: 8192, end: 16384 });
    expect(t.firstRun(20000, DELALLOC)).toBeNull();
  });

  it('traces record changes the reducer replays to the same ranges', () => {
    const { t, rec } = tree();
    t.set(0, 16384, UPTODATE);
    t.set(4096, 8192, DELALLOC);
    t.clear(0, 4096, UPTODATE);
    rec.emit(
      'btrfs.bits',
      { ino: 257, start: 0, end: 0, set: [], clear: [] },
      'test',
    );
    const state = emptyState();
    for (const e of rec.events) applyEvent(state, e);
    expect(
      [...state.tables.ioRange.values()].sort((a, b) => a.start - b.start),
    ).toEqual(t.toRecs());
  });
});

describe('ExtentIoTree.runsTouching', () => {
  // The plain definition: walk every range, join contiguous ranges carrying the bits into runs, count
  // ceil(length / maxRun) for each run that touches [start, end].
  function naive(
    ranges: readonly { start: number; end: number; bits: number }[],
    start: number,
    end: number,
    bits: number,
    maxRun: number,
  ): number {
    const runs: [number, number][] = [];
    for (const r of ranges) {
      if ((r.bits & bits) !== bits) continue;
      const last = runs[runs.length - 1];
      if (last !== undefined && last[1] === r.start) last[1] = r.end;
      else runs.push([r.start, r.end]);
    }
    return runs
      .filter(([a, b]) => b >= start && a <= end)
      .reduce((n, [a, b]) => n + Math.ceil((b - a) / maxRun), 0);
  }

  it('agrees with the plain definition on 2,000 random trees', () => {
    const rng = createRng(12345);
    const next = (n: number): number => rng.int(n);
    const B = 4096;
    for (let round = 0; round < 2000; round++) {
      const { t } = tree();
      for (let k = next(12); k > 0; k--) {
        const a = next(32) * B;
        const len = (1 + next(8)) * B;
        const bit = [DELALLOC, UPTODATE, LOCKED][next(3)] ?? DELALLOC;
        if (next(4) === 0) t.clear(a, a + len, bit);
        else t.set(a, a + len, bit);
      }
      const start = next(40) * B;
      const end = start + next(10) * B;
      const maxRun = (1 + next(4)) * B;
      expect(t.runsTouching(start, end, DELALLOC, maxRun)).toBe(
        naive(t.all(), start, end, DELALLOC, maxRun),
      );
    }
  });
});

// ---- Against a plain per-unit model under random set / clear / lookup ----

/** The tree's meaning, one bit word per 512-byte unit: what set and clear must leave behind. */
class UnitModel {
  readonly bits: number[];
  constructor(
    readonly unit: number,
    units: number,
  ) {
    this.bits = new Array<number>(units).fill(0);
  }

  /** Applies `fn` to every unit of [start, end); returns the maximal pieces of equal previous bits. */
  apply(
    start: number,
    end: number,
    fn: (b: number) => number,
  ): { start: number; end: number; prevBits: number }[] {
    const pieces: { start: number; end: number; prevBits: number }[] = [];
    for (let u = start / this.unit; u < end / this.unit; u++) {
      const prev = this.bits[u] ?? 0;
      const last = pieces[pieces.length - 1];
      if (last?.prevBits === prev) last.end += this.unit;
      else
        pieces.push({
          start: u * this.unit,
          end: (u + 1) * this.unit,
          prevBits: prev,
        });
      this.bits[u] = fn(prev);
    }
    return pieces;
  }

  /**
   * firstRun's answer: from the first tree range ending after `from` that carries `bits` (a range is a
   * maximal stretch of equal bit words) over every following unit that carries them.
   */
  firstRun(from: number, bits: number): { start: number; end: number } | null {
    const has = (u: number): boolean => ((this.bits[u] ?? 0) & bits) === bits;
    let u = from / this.unit;
    while (u < this.bits.length && !has(u)) u++;
    if (u >= this.bits.length) return null;
    let s = u;
    // Only the range holding `from` can start before it.
    if (u === from / this.unit)
      while (s > 0 && this.bits[s - 1] === this.bits[u]) s--;
    let e = u;
    while (e < this.bits.length && has(e)) e++;
    return { start: s * this.unit, end: e * this.unit };
  }

  /** Maximal runs of units carrying every bit of `bits` (what find reports). */
  runs(bits: number): [number, number][] {
    const out: [number, number][] = [];
    for (const [u, b] of this.bits.entries()) {
      if ((b & bits) !== bits || bits === 0) continue;
      const last = out[out.length - 1];
      if (last !== undefined && last[1] === u * this.unit) last[1] += this.unit;
      else out.push([u * this.unit, (u + 1) * this.unit]);
    }
    return out;
  }
}

/** Merges pieces the tree reports separately because their bits differ, where the model sees one. */
function samePrev(
  pieces: readonly { start: number; end: number; prevBits: number }[],
): { start: number; end: number; prevBits: number }[] {
  const out: { start: number; end: number; prevBits: number }[] = [];
  for (const p of pieces) {
    const last = out[out.length - 1];
    if (last?.prevBits === p.prevBits && last.end === p.start) last.end = p.end;
    else out.push({ ...p });
  }
  return out;
}

/** The tree's ranges as unit bit words, or why its shape is wrong (sorted, disjoint, merged, no empty range). */
function treeAsUnits(t: ExtentIoTree, m: UnitModel): number[] | string {
  const bits = new Array<number>(m.bits.length).fill(0);
  let prevEnd = -1;
  let prevBits = -1;
  for (const r of t.all()) {
    if (r.start < prevEnd)
      return `range at ${String(r.start)} overlaps the one before`;
    if (r.end <= r.start) return `empty range at ${String(r.start)}`;
    if (r.bits === 0) return `range at ${String(r.start)} carries no bit`;
    if ((r.bits & CONTROL_BITS) !== 0)
      return `range at ${String(r.start)} stores a control bit`;
    if (r.start === prevEnd && r.bits === prevBits)
      return `range at ${String(r.start)} is not merged with an equal neighbour`;
    for (let u = r.start / m.unit; u < r.end / m.unit; u++) bits[u] = r.bits;
    prevEnd = r.end;
    prevBits = r.bits;
  }
  return bits;
}

/** '' when `got` and `want` are the same JSON, else what differs (one comparison, not one expect). */
function differs(what: string, got: unknown, want: unknown): string {
  const g = JSON.stringify(got);
  const w = JSON.stringify(want);
  return g === w ? '' : `${what}: got ${g}, want ${w}`;
}

describe('ExtentIoTree against a per-unit model', () => {
  const UNIT = 512;
  const UNITS = 96;
  const BITS = [DELALLOC, UPTODATE, LOCKED, DELALLOC_NEW, EXTENT.NORESERVE];
  const SEEDS = Array.from({ length: 12 }, (_, i) => i + 1);

  it.each(SEEDS)(
    'seed %i: 1,500 random set / clear / find / firstRun / runsTouching agree with the model',
    (seed) => {
      const rng = createRng(seed * 7877);
      const { t, rec } = tree();
      const m = new UnitModel(UNIT, UNITS);
      const someBits = (): number => {
        let b = 0;
        for (const bit of BITS) if (rng.int(3) === 0) b |= bit;
        return b === 0 ? (BITS[rng.int(BITS.length)] ?? DELALLOC) : b;
      };
      const range = (): [number, number] => {
        const a = rng.int(UNITS);
        const len = rng.int(4) === 0 ? rng.int(UNITS - a + 1) : rng.int(6);
        return [a * UNIT, (a + len) * UNIT];
      };
      let lookups = 0;
      let problem = '';
      for (let op = 0; op < 1500 && problem === ''; op++) {
        const [a, b] = range();
        const bits = someBits();
        const k = rng.int(10);
        // Now and then a set or clear over a reversed range, which is as empty as [a, a).
        const [start, end] =
          k < 7 && a < b && rng.int(16) === 0 ? [b, a] : [a, b];
        const at = `op ${String(op)} [${String(start)}, ${String(end)}) bits ${String(bits)}`;
        if (k < 4) {
          // set never stores the control bits, even when asked to.
          const asked = rng.int(8) === 0 ? bits | EXTENT.CLEAR_DATA_RESV : bits;
          const want = m.apply(start, end, (b) => b | (asked & ~CONTROL_BITS));
          problem = differs(
            `${at} set`,
            samePrev(t.set(start, end, asked)),
            want,
          );
        } else if (k < 7) {
          // Clearing DELALLOC clears NORESERVE too.
          const all = bits & DELALLOC ? bits | EXTENT.NORESERVE : bits;
          const want = m.apply(start, end, (b) => b & ~all);
          problem = differs(
            `${at} clear`,
            samePrev(t.clear(start, end, bits)),
            want,
          );
        } else {
          lookups++;
          const runs = m.runs(bits);
          const inWindow = runs
            .map(([a, b]): [number, number] => [
              Math.max(a, start),
              Math.min(b, end),
            ])
            .filter(([a, b]) => a < b);
          const maxRun = (1 + rng.int(4)) * UNIT;
          problem =
            differs(
              `${at} find`,
              t.find(start, end, bits).map((r) => [r.start, r.end]),
              inWindow,
            ) ||
            differs(
              `${at} firstRun`,
              t.firstRun(start, bits),
              m.firstRun(start, bits),
            ) ||
            differs(
              `${at} runsTouching`,
              t.runsTouching(start, end, bits, maxRun),
              runs
                .filter(([a, b]) => b >= start && a <= end)
                .reduce((n, [a, b]) => n + Math.ceil((b - a) / maxRun), 0),
            );
        }
        const units = treeAsUnits(t, m);
        problem ||=
          typeof units === 'string'
            ? `${at}: ${units}`
            : differs(`${at} ranges`, units, m.bits);
      }
      expect(problem).toBe('');
      expect(lookups).toBeGreaterThan(300);
      // The traced record changes rebuild the same ranges.
      const state = emptyState();
      for (const e of rec.events) applyEvent(state, e);
      rec.emit(
        'btrfs.bits',
        { ino: 257, start: 0, end: 0, set: [], clear: [] },
        'flush',
      );
      applyEvent(state, rec.events[rec.events.length - 1] as StepEvent);
      expect(
        [...state.tables.ioRange.values()].sort((a, b) => a.start - b.start),
      ).toEqual(t.toRecs());
    },
  );
});
