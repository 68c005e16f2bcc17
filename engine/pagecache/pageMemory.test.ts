// Page memory carved from slabs: every page gets its own zeroed bytes, no two pages share one, and page data
// stays aligned to the page size (the data oracle reads it as 32-bit words).

import { describe, expect, it } from 'vitest';
import { PageMemory } from './pageMemory.ts';

describe('PageMemory', () => {
  it.each([512, 4096, 16384, 65536])(
    'gives %i-byte pages zeroed, disjoint, aligned bytes across slabs',
    (pageSize) => {
      const memory = new PageMemory();
      const pages = Array.from({ length: 200 }, () =>
        memory.pageData(pageSize),
      );
      pages.forEach((data, i) => {
        expect(data.length).toBe(pageSize);
        expect(data.byteOffset % pageSize).toBe(0);
        expect(data.every((b) => b === 0)).toBe(true);
        data.fill(i + 1);
      });
      // Writing one page changed no other: each still holds only its own mark.
      pages.forEach((data, i) => {
        expect(data.every((b) => b === i + 1)).toBe(true);
      });
    },
  );

  it('gives bitmaps of any block count their own bytes', () => {
    const memory = new PageMemory();
    const maps = [1, 8, 16, 128, 3, 1].flatMap((blocks) => [
      memory.bitmap(blocks),
      memory.bitmap(blocks),
    ]);
    maps.forEach((m, i) => m.fill(i + 1));
    maps.forEach((m, i) => {
      expect(m.every((b) => b === i + 1)).toBe(true);
    });
  });

  it('gives a request larger than a slab all the bytes it asked for, zeroed and its own', () => {
    const memory = new PageMemory();
    const small = memory.pageData(4096);
    const big = memory.pageData(1024 * 1024);
    const after = memory.pageData(4096);
    expect(big.length).toBe(1024 * 1024);
    expect(big.every((b) => b === 0)).toBe(true);
    big.fill(9);
    expect(small.every((b) => b === 0)).toBe(true);
    expect(after.every((b) => b === 0)).toBe(true);
  });

  it('never shares page data with bitmaps', () => {
    const memory = new PageMemory();
    const bitmap = memory.bitmap(16);
    const data = memory.pageData(4096);
    expect(data.buffer).not.toBe(bitmap.buffer);
  });
});
