import { describe, expect, it } from 'vitest';
import {
  dataRefHash,
  decodeDataRef,
  decodeExtentItem,
  encodeDataRef,
  encodeExtentItem,
  EXTENT_DATA_REF_KEY,
  EXTENT_FLAG,
  inlineRefCapacity,
} from './extentItem.ts';
import { maxExtentItemSize } from './node.ts';

const ref = { root: 5, objectid: 257, offset: 65536, count: 1 };

function errorOf(r: { ok: boolean; error?: { message: string } }): string {
  expect(r.ok).toBe(false);
  return r.error?.message ?? '';
}

describe('extent items with inline data refs', () => {
  it('take 53 bytes for a data extent one file uses, as dump-tree shows on 6.18', () => {
    const bytes = encodeExtentItem({
      refs: 1,
      generation: 7,
      flags: EXTENT_FLAG.DATA,
      dataRefs: [ref],
    });
    expect(bytes.length).toBe(53);
    expect(bytes[24]).toBe(EXTENT_DATA_REF_KEY);
    expect(decodeExtentItem(bytes)).toEqual({
      ok: true,
      value: {
        refs: 1,
        generation: 7,
        flags: EXTENT_FLAG.DATA,
        dataRefs: [ref],
      },
    });
  });

  it('hold inline refs up to BTRFS_MAX_EXTENT_ITEM_SIZE: 33 on 16 KiB leaves', () => {
    // 992 in btrfs, whose node header is 24 bytes longer than this format's; 33 refs fit either way.
    expect(maxExtentItemSize(16384)).toBe(994);
    expect(inlineRefCapacity(maxExtentItemSize(16384))).toBe(33);
    expect(24 + 33 * 29).toBeLessThanOrEqual(maxExtentItemSize(16384));
    expect(24 + 34 * 29).toBeGreaterThan(maxExtentItemSize(16384));
  });

  it('refuse inline refs that count more than the extent refs, a wrong ref type and a torn ref', () => {
    const two = encodeExtentItem({
      refs: 2,
      generation: 1,
      flags: EXTENT_FLAG.DATA,
      dataRefs: [{ ...ref, count: 2 }],
    });
    two[7] = 0;
    two[0] = 1;
    expect(errorOf(decodeExtentItem(two))).toBe(
      'extent item has 1 refs but its inline refs count 2',
    );
    const typed = encodeExtentItem({
      refs: 1,
      generation: 1,
      flags: EXTENT_FLAG.DATA,
      dataRefs: [ref],
    });
    typed[24] = 176;
    expect(errorOf(decodeExtentItem(typed))).toMatch(
      /inline ref type 176 is not EXTENT_DATA_REF \(178\)/,
    );
    expect(errorOf(decodeExtentItem(typed.subarray(0, 40)))).toMatch(
      /40 bytes, not 24 plus whole inline refs of 29/,
    );
  });

  it('keyed data refs round-trip, never count 0, and hash within 53 bits', () => {
    expect(decodeDataRef(encodeDataRef(ref))).toEqual({ ok: true, value: ref });
    const zero = encodeDataRef(ref);
    zero[24] = 0;
    expect(errorOf(decodeDataRef(zero))).toBe(
      'extent data ref counts 0 references',
    );
    expect(() => encodeDataRef({ ...ref, count: 0 })).toThrow(/at least 1/);
    const h = dataRefHash(ref);
    expect(Number.isSafeInteger(h) && h >= 0).toBe(true);
    expect(dataRefHash({ ...ref })).toBe(h);
    expect(dataRefHash({ ...ref, offset: 0 })).not.toBe(h);
    expect(dataRefHash({ ...ref, objectid: 258 })).not.toBe(h);
  });
});
