// The file extent items pointing into each data extent, over all inodes: items come and go as the inodes'
// items do; a hole item (disk_bytenr 0) points into no extent.

import { describe, expect, it } from 'vitest';
import type { FileExtentRec } from '../trace/records.ts';
import { FileExtentsByExtent } from './fileExtentsByExtent.ts';

const X = 1 << 20;

function item(ino: number, offset: number, diskBytenr: number): FileExtentRec {
  return {
    ino,
    offset,
    numBytes: 4096,
    type: 'regular',
    diskBytenr,
    diskNumBytes: 8192,
    extentOffset: offset % 8192,
    ramBytes: 8192,
  };
}

describe('FileExtentsByExtent', () => {
  it('lists the items of every inode pointing into an extent, until they are removed', () => {
    const by = new FileExtentsByExtent();
    const [a, b, c] = [
      item(257, 0, X),
      item(258, 4096, X),
      item(257, 8192, 2 * X),
    ];
    for (const x of [a, b, c]) by.add(x);
    expect(by.of(X)).toEqual(expect.arrayContaining([a, b]));
    expect(by.of(X)).toHaveLength(2);
    expect(by.of(2 * X)).toEqual([c]);
    by.remove(a);
    expect(by.of(X)).toEqual([b]);
    by.remove(b);
    expect(by.of(X)).toEqual([]);
    expect(by.of(3 * X)).toEqual([]);
  });

  it('keeps no hole item, and takes the removal of one', () => {
    const by = new FileExtentsByExtent();
    const hole = item(257, 0, 0);
    by.add(hole);
    expect(by.of(0)).toEqual([]);
    by.remove(hole);
    expect(by.of(0)).toEqual([]);
  });
});
