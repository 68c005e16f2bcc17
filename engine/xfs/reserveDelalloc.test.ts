// Delalloc reservations: capped at the next extent; in the COW fork widened to the cowextsize hint but
// never into a neighbour; a reservation over an extent is a bug.
import { describe, expect, it } from 'vitest';
import type { ForkExtent } from './forkExtents.ts';
import { alignToExtsz, reserveDelalloc } from './reserveDelalloc.ts';

const delalloc = (startoff: number, blockcount: number): ForkExtent => ({
  state: 'delalloc',
  startoff,
  blockcount,
});

describe('alignToExtsz', () => {
  it('widens to hint multiples', () => {
    expect(alignToExtsz(0, 1, 32, 0, Infinity)).toEqual({ off: 0, len: 32 });
    expect(alignToExtsz(40, 2, 32, 0, Infinity)).toEqual({ off: 32, len: 32 });
    expect(alignToExtsz(30, 4, 32, 0, Infinity)).toEqual({ off: 0, len: 64 });
  });

  it('stops at the neighbours but still covers the blocks asked for', () => {
    expect(alignToExtsz(40, 2, 32, 36, 50)).toEqual({ off: 36, len: 14 });
    expect(alignToExtsz(40, 2, 32, 40, 42)).toEqual({ off: 40, len: 2 });
  });
});

describe('reserveDelalloc', () => {
  it('reserves what is asked in the data fork (no hint), capped at the next extent', () => {
    const r = reserveDelalloc([delalloc(10, 2)], { off: 4, len: 20, extsz: 0 });
    expect(r.extent).toEqual(delalloc(4, 6));
    expect(r.fork).toEqual([delalloc(4, 8)]);
  });

  it('aligns a COW-fork reservation to the hint', () => {
    const r = reserveDelalloc([], { off: 0, len: 1, extsz: 32 });
    expect(r.extent).toEqual(delalloc(0, 32));
  });

  it('throws when the first block is not a hole', () => {
    expect(() =>
      reserveDelalloc([delalloc(0, 4)], { off: 2, len: 1, extsz: 0 }),
    ).toThrow(/not a hole/);
  });
});
