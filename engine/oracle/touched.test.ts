import { describe, expect, it } from 'vitest';
import type { Op, VariantId } from '../scenario/types.ts';
import { createSimulation, type Simulation } from '../sim/simulation.ts';
import { present } from '../testing/nonVacuous.ts';
import { exercise, exerciseScenario, opGenerator } from '../check/exerciser.ts';
import { opRanges, touchedRanges, watchDisk, watchFile } from './touched.ts';

const SHAPE = { maxFileSize: 1 << 20, pageSize: 4096, sectorSize: 4096 };

function sim(sweepEvery: number, variant: VariantId = 'srcmap'): Simulation {
  return createSimulation({
    scenario: exerciseScenario(SHAPE),
    variant,
    trace: false,
    history: false,
    sweepEvery,
  });
}

const write = (offset: number, length: number): Op => ({
  op: 'write',
  file: 'F',
  offset,
  length,
  pattern: 'op-index',
});

describe('the incremental data oracle', () => {
  it('compares only what an op could change: a planted corruption elsewhere waits for the sweep', () => {
    const s = sim(8);
    s.apply(write(0, 256 * 1024));
    s.apply({ op: 'sync' });
    // A bit flips in a cached page no later op touches: a read of the file now differs from the model.
    const page = present(s.fs.byName('F')?.mapping.find(3), 'page 3');
    page.data[100] = (page.data[100] ?? 0) ^ 0xff;
    expect(s.sweep().mismatches.join()).toMatch(/bytes \[12388, 12389\)/);
    // Ops 3 to 7 touch only [512K, 576K): the incremental checks pass over the corruption ...
    for (let i = 0; i < 5; i++)
      expect(s.apply(write(512 * 1024 + i * 4096, 4096)).oracle.ok).toBe(true);
    // ... and op 8, the sweep, reads the whole file and finds it.
    const eighth = s.apply(write(600 * 1024, 4096));
    expect(eighth.oracle.mismatches.join()).toMatch(/bytes \[12388, 12389\)/);
  });

  it('finds a corruption the op itself makes under the file, wherever it lands', () => {
    const s = sim(1000);
    s.apply(write(0, 64 * 1024));
    s.apply({ op: 'sync' });
    s.apply({ op: 'drop-caches' });
    const fs = s.fs;
    const entry = present(fs.byName('F'), 'F');
    const item = present(entry.extents.all()[0], 'the first extent');
    // A write to the disk under the file's first extent during an op that names another range.
    const watch = watchFile(fs, entry);
    const disk = watchDisk(fs);
    fs.disk.write(item.diskBytenr + 8192, new Uint8Array(10).fill(0xee));
    disk.close();
    const ranges = touchedRanges(
      watch,
      opRanges(write(200 * 1024, 10), 'F'),
      disk.ranges,
    );
    expect(ranges).toContainEqual({ start: 8192, end: 12288 });
    expect(s.sweep().ok).toBe(false);
  });

  it('names pages that left the cache, pages that changed which blocks are uptodate, and size changes', () => {
    const s = sim(1000);
    s.apply(write(0, 32 * 1024));
    s.apply({ op: 'sync' });
    const fs = s.fs;
    const entry = present(fs.byName('F'), 'F');
    const watch = watchFile(fs, entry);
    entry.mapping.dropClean();
    expect(touchedRanges(watch, [], [])).toEqual([{ start: 0, end: 32768 }]);
    s.apply({ op: 'read', file: 'F', offset: 0, length: 32 * 1024 });
    const grown = watchFile(fs, entry);
    s.apply({ op: 'truncate', file: 'F', size: 40 * 1024 });
    expect(touchedRanges(grown, [], [])).toEqual([
      { start: 32768, end: 40960 },
    ]);
  });

  it.each([1, 2, 3])(
    'finds v1-posted at the same op as the full oracle does (seed %i)',
    (seed) => {
      const first = (every: number): number => {
        const s = sim(every, 'v1-posted');
        const next = opGenerator(seed, SHAPE);
        for (let i = 0; i < 1000; i++) if (!s.apply(next()).oracle.ok) return i;
        return -1;
      };
      const full = first(1);
      expect(full).toBeGreaterThanOrEqual(0);
      expect(first(1_000_000)).toBe(full);
    },
    60_000,
  );

  it('reports the cadence it ran with and refuses a cadence below 1', () => {
    const r = exercise({
      variant: 'srcmap',
      ops: 50,
      seed: 4,
      checks: { sweepEvery: 1000, fsckEvery: 1000 },
    });
    expect(r.checks).toEqual({ sweepEvery: 1000, fsckEvery: 1000 });
    expect(r.disagreement).toBeNull();
    expect(() =>
      exercise({
        variant: 'srcmap',
        ops: 1,
        seed: 1,
        checks: { fsckEvery: 0 },
      }),
    ).toThrow(/fsckEvery/);
  });
});
