import { describe, expect, it } from 'vitest';
import { displayOrder, fnv1a, questionKey } from './optionOrder.ts';

const options = ['a', 'b', 'c', 'd'].map((id) => ({ id }));

describe('displayOrder', () => {
  it('is a permutation of the options', () => {
    const shown = displayOrder('t#0', options);
    expect(shown.map((o) => o.id).sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('is the same for the same question and differs between questions', () => {
    const key = questionKey('hole-write', 1);
    expect(displayOrder(key, options)).toEqual(displayOrder(key, options));
    const orders = new Set(
      Array.from({ length: 12 }, (_, i) =>
        displayOrder(questionKey('x', i), options)
          .map((o) => o.id)
          .join(''),
      ),
    );
    expect(orders.size).toBeGreaterThan(3);
  });

  it('fnv1a gives the published 32-bit FNV-1a values', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
  });
});
