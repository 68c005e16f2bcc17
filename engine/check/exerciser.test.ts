import { describe, expect, it } from 'vitest';
import { VARIANT_IDS } from '../scenario/types.ts';
import { createSimulation } from '../sim/simulation.ts';
import { exercise, exerciseScenario, opGenerator } from './exerciser.ts';

const CORRECT = VARIANT_IDS.filter((v) => v !== 'v1-posted');

describe('the random-operation exerciser', () => {
  it('generates the same operations from the same seed', () => {
    const a = opGenerator(7, 256 * 1024);
    const b = opGenerator(7, 256 * 1024);
    const ops = Array.from({ length: 500 }, a);
    expect(Array.from({ length: 500 }, b)).toEqual(ops);
    expect(new Set(ops.map((o) => o.op)).size).toBeGreaterThanOrEqual(14);
  });

  it.each(CORRECT)(
    '%s: 2,000 operations, every oracle and fsck agrees',
    (variant) => {
      const r = exercise({ variant, ops: 2000, seed: 11 });
      expect(r.disagreement).toBeNull();
      expect(r.opsRun).toBe(2000);
    },
    60_000,
  );

  it.each([1, 2, 3])(
    'catches v1-posted within 1,000 operations (seed %i) and shrinks the replay',
    (seed) => {
      const r = exercise({ variant: 'v1-posted', ops: 1000, seed });
      const d = r.disagreement;
      expect(d).not.toBeNull();
      if (d === null) return;
      expect(d.op).toBeLessThan(1000);
      expect(d.replay.length).toBeLessThanOrEqual(d.op + 1);
      // The minimal replay still loses data on its own.
      const sim = createSimulation({
        scenario: exerciseScenario(256 * 1024, d.replay),
        variant: 'v1-posted',
        trace: false,
      });
      expect(sim.runAll().some((o) => !o.oracle.ok)).toBe(true);
    },
    60_000,
  );
});
