import { describe, expect, it } from 'vitest';
import { createRng, shuffle } from './rng.ts';

describe('createRng', () => {
  it('repeats the same sequence for the same seed', () => {
    const a = createRng(42);
    const b = createRng(42);
    const seqA = Array.from({ length: 5 }, () => a.next());
    const seqB = Array.from({ length: 5 }, () => b.next());
    expect(seqA).toEqual(seqB);
  });
  it('int(n) stays in [0, n)', () => {
    const rng = createRng(7);
    for (let i = 0; i < 1000; i++) {
      const v = rng.int(10);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(10);
    }
  });
  it('shuffle keeps every element', () => {
    const items = [1, 2, 3, 4, 5, 6];
    expect([...shuffle([...items], createRng(3))].sort()).toEqual(items);
  });
});
