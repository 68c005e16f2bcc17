import { describe, expect, it } from 'vitest';
import { VARIANT_IDS } from '../scenario/types.ts';
import { createSimulation } from '../sim/simulation.ts';
import { expectEvery, present } from '../testing/nonVacuous.ts';
import {
  DEFAULT_SHAPE,
  exercise,
  exerciseScenario,
  opGenerator,
} from './exerciser.ts';

const CORRECT = VARIANT_IDS.filter((v) => v !== 'v1-posted');

/**
 * Several blocks per page, where write_begin's per-block rules and writeback of part of a page matter.
 * Short runs: `npm run exercise:long` (scripts/exerciseLong.mjs) runs these geometries for long.
 */
const SUBPAGE = [
  {
    name: '64K pages, 4K sectors',
    shape: { pageSize: 64 * 1024, sectorSize: 4096, maxFileSize: 512 * 1024 },
    ops: 800,
  },
  {
    name: '4K pages, 512B sectors',
    shape: { pageSize: 4096, sectorSize: 512, maxFileSize: 128 * 1024 },
    ops: 500,
  },
] as const;

describe('the random-operation exerciser', () => {
  it('generates the same operations from the same seed', () => {
    const a = opGenerator(7, DEFAULT_SHAPE);
    const b = opGenerator(7, DEFAULT_SHAPE);
    const ops = Array.from({ length: 500 }, a);
    expect(Array.from({ length: 500 }, b)).toEqual(ops);
    expect(new Set(ops.map((o) => o.op)).size).toBeGreaterThanOrEqual(14);
  });

  it.each(CORRECT)(
    '%s: 2,000 operations, every oracle and fsck agrees, every commit as one regenerating every item',
    (variant) => {
      const r = exercise({ variant, ops: 2000, seed: 11, checkCommits: true });
      expect(r.disagreement).toBeNull();
      expect(r.opsRun).toBe(2000);
    },
    60_000,
  );

  it('aims at page edges too when a page holds several blocks', () => {
    const shape = { ...DEFAULT_SHAPE, pageSize: 64 * 1024 };
    const writes = Array.from({ length: 2000 }, opGenerator(3, shape)).filter(
      (o) => o.op === 'write',
    );
    const pageAligned = writes.filter(
      (o) => o.offset % shape.pageSize === 0 && o.length % shape.pageSize === 0,
    );
    expect(pageAligned.length).toBeGreaterThan(10);
    expectEvery(
      writes,
      (o) => o.offset + o.length <= shape.maxFileSize,
      'every write stays within the file',
    );
  });

  for (const g of SUBPAGE)
    it.each(CORRECT)(
      `%s on ${g.name}: ${String(g.ops)} operations, every oracle and fsck agrees`,
      (variant) => {
        const r = exercise({ variant, ops: g.ops, seed: 5, ...g.shape });
        expect(r.disagreement).toBeNull();
        expect(r.opsRun).toBe(g.ops);
      },
      60_000,
    );

  it.each(SUBPAGE)(
    'catches v1-posted on $name',
    ({ shape }) => {
      const r = exercise({
        variant: 'v1-posted',
        ops: 1000,
        seed: 1,
        ...shape,
      });
      expect(r.disagreement?.problems.join('\n')).toMatch(/differ/);
    },
    60_000,
  );

  it.each([1, 2, 3])(
    'catches v1-posted within 1,000 operations (seed %i) and shrinks the replay',
    (seed) => {
      const r = exercise({ variant: 'v1-posted', ops: 1000, seed });
      const d = present(r.disagreement, 'the disagreement');
      expect(d.op).toBeLessThan(1000);
      expect(d.replay.length).toBeLessThanOrEqual(d.op + 1);
      // The minimal replay still loses data on its own.
      const sim = createSimulation({
        scenario: exerciseScenario(DEFAULT_SHAPE, d.replay),
        variant: 'v1-posted',
        trace: false,
      });
      expect(sim.runAll().some((o) => !o.oracle.ok)).toBe(true);
    },
    60_000,
  );
});
