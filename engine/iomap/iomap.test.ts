// struct iomap helpers: IOMAP_NULL_ADDR, the zeroed (HOLE) map, the narration of a map, iomap_iter_srcmap.
import { describe, expect, it } from 'vitest';
import {
  describeMap,
  HOLE_MAP,
  iterSrcmap,
  makeIomap,
  NULL_ADDR,
} from './iomap.ts';

describe('struct iomap', () => {
  it('has no disk address unless given one: IOMAP_NULL_ADDR, (u64)-1 in the kernel', () => {
    expect(NULL_ADDR).toBe(-1);
    expect(makeIomap('HOLE', 0, 4096).addr).toBe(-1);
    expect(HOLE_MAP).toEqual({
      type: 'HOLE',
      flags: [],
      offset: 0,
      length: 0,
      addr: -1,
    });
  });

  it('is narrated with its type, flags, range and address', () => {
    expect(
      describeMap(makeIomap('DELALLOC', 4096, 8192, NULL_ADDR, ['NEW'])),
    ).toBe('DELALLOC F_NEW [4096, +8192) addr NULL_ADDR');
    expect(
      describeMap(makeIomap('MAPPED', 0, 4096, 65536, ['NEW', 'SHARED'])),
    ).toBe('MAPPED F_NEW|F_SHARED [0, +4096) addr 65536');
    expect(describeMap(makeIomap('MAPPED', 0, 4096, 65536))).toBe(
      'MAPPED [0, +4096) addr 65536',
    );
  });

  it('reads old data through the srcmap unless there is none or it is a HOLE (iomap_iter_srcmap)', () => {
    const iomap = makeIomap('DELALLOC', 0, 4096);
    const srcmap = makeIomap('MAPPED', 0, 4096, 8192);
    expect(iterSrcmap({ iomap, srcmap })).toBe(srcmap);
    expect(iterSrcmap({ iomap, srcmap: HOLE_MAP })).toBe(iomap);
    expect(iterSrcmap({ iomap, srcmap: null })).toBe(iomap);
  });
});
