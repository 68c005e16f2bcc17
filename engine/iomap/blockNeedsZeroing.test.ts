// The v5.5 rule of iomap_block_needs_zeroing (v55Source), which srcmap, nested-apply and XFS share: zero
// unless the source is MAPPED, not F_NEW, and the block starts below i_size; else read at iomap_sector().

import { describe, expect, it } from 'vitest';
import { makeIomap } from './iomap.ts';
import { v55Source } from './blockNeedsZeroing.ts';

const K = 1024;
const MAPPED = makeIomap('MAPPED', 4 * K, 16 * K, 1_000_000);

describe('v55Source: read or zero a partly written block', () => {
  it.each([
    ['one block below i_size', 8 * K - 4 * K],
    ['the block holding i_size', 8 * K],
  ])('reads %s from the mapped source, at its own disk address', (_, start) => {
    expect(v55Source(8 * K + 1, MAPPED, 'srcmap')(start, 4 * K)).toMatchObject({
      action: 'read',
      bytenr: 1_000_000 + (start - 4 * K),
    });
  });

  it.each([
    ['starting exactly at i_size', 8 * K],
    ['starting past i_size', 12 * K],
  ])('zeroes a block %s, though the source maps it', (_, start) => {
    expect(v55Source(8 * K, MAPPED, 'srcmap')(start, 4 * K)).toMatchObject({
      action: 'zero',
      why: 'the block starts at or past i_size',
    });
  });

  it('reads the block whose last byte is the last byte of the file', () => {
    expect(v55Source(8 * K, MAPPED, 'srcmap')(8 * K - 1, 1)).toMatchObject({
      action: 'read',
    });
  });

  it.each([
    ['HOLE', makeIomap('HOLE', 0, 64 * K)],
    ['UNWRITTEN', makeIomap('UNWRITTEN', 0, 64 * K, 1_000_000)],
    ['DELALLOC', makeIomap('DELALLOC', 0, 64 * K)],
    ['F_NEW', makeIomap('MAPPED', 0, 64 * K, 1_000_000, ['NEW'])],
  ])('zeroes below i_size when the source is %s', (_, map) => {
    expect(v55Source(64 * K, map, 'srcmap')(4 * K, 4 * K)).toMatchObject({
      action: 'zero',
    });
  });

  // The step's narration says which of iomap_block_needs_zeroing's conditions held: a MAPPED map with F_NEW
  // (XFS and ext4 report newly allocated blocks that way; btrfs's designs never do) is zeroed for F_NEW.
  it('says why it zeroes: the type of a source that is not MAPPED, else F_NEW', () => {
    const why = (map: ReturnType<typeof makeIomap>) =>
      v55Source(64 * K, map, 'srcmap')(4 * K, 4 * K);
    expect(why(makeIomap('UNWRITTEN', 0, 64 * K, 1_000_000))).toEqual({
      action: 'zero',
      why: 'the srcmap is UNWRITTEN, not MAPPED: there is no old data to read',
    });
    expect(why(makeIomap('MAPPED', 0, 64 * K, 1_000_000, ['NEW']))).toEqual({
      action: 'zero',
      why: 'the srcmap is F_NEW: newly allocated space holds no data',
    });
  });
});
