import { describe, expect, it } from 'vitest';
import { VARIANT_IDS } from '../scenario/types.ts';
import { builtin } from '../testing/runScenario.ts';
import { crashScenario } from './crash.ts';

const CORRECT = VARIANT_IDS.filter((v) => v !== 'v1-posted');

describe('power cut at every event boundary', () => {
  it.each(CORRECT)(
    '%s: S15 remounts consistent at every cut, nothing fsync-ed is lost',
    (v) => {
      const r = crashScenario(builtin('S15'), v);
      expect(r.cutPoints).toBe(r.events - 1);
      expect(r.runs).toBe(2 * r.cutPoints);
      expect(r.violations).toEqual([]);
      expect(r.lostDurableBytes).toBe(0);
    },
    // About 25 s a design on a quiet 2-core machine, 70 s at load 14: the timeout only catches a hang.
    180_000,
  );

  it('S14 (overwrite, writeback, commit) under srcmap', () => {
    const r = crashScenario(builtin('S14'), 'srcmap');
    expect(r.violations).toEqual([]);
    expect(r.lostDurableBytes).toBe(0);
  }, 60_000);
});
