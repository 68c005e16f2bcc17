import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng.ts';
import { Recorder } from '../trace/recorder.ts';
import { applyEvent, emptyState } from '../trace/reducer.ts';
import { ExtentIoTree } from './extentIoTree.ts';
import { EXTENT } from './ioTreeBits.ts';

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
