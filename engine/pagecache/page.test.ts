// A page's per-block state: the page as a whole is uptodate only when its last block is too.

import { describe, expect, it } from 'vitest';
import { Page } from './page.ts';
import { PageMemory } from './pageMemory.ts';

describe('Page', () => {
  it.each([
    [4096, 4096],
    [65536, 4096],
    [4096, 512],
  ])(
    'a %i-byte page of %i-byte blocks is uptodate only when every block is, the last one included',
    (pageSize, blockSize) => {
      const page = new Page(257, 0, pageSize, blockSize, new PageMemory());
      expect(page.allUptodate()).toBe(false);
      page.uptodate.fill(1, 0, page.blocks - 1);
      expect(page.allUptodate()).toBe(false);
      page.uptodate.fill(1);
      expect(page.allUptodate()).toBe(true);
      page.uptodate[0] = 0;
      expect(page.allUptodate()).toBe(false);
    },
  );

  it('maps page bytes to the blocks that hold them', () => {
    const page = new Page(257, 0, 65536, 4096, new PageMemory());
    expect(page.blocks).toBe(16);
    expect(page.blockRange(0, 4096)).toEqual([0, 1]);
    expect(page.blockRange(100, 4097)).toEqual([0, 2]);
    expect(page.blockRange(61440, 65536)).toEqual([15, 16]);
  });
});
