import { describe, expect, it } from 'vitest';
import { decodeItem, KEY_TYPE } from '../disk/format/items.ts';
import { inlineRefCapacity } from '../disk/format/extentItem.ts';
import { maxExtentItemSize } from '../disk/format/node.ts';
import type { FileExtentRec } from '../trace/records.ts';
import {
  checkExtentRefs,
  dataRefsByExtent,
  extentItems,
} from './extentTreeItems.ts';

const K = 4096;

function fe(
  ino: number,
  offset: number,
  diskBytenr: number,
  extentOffset = 0,
): FileExtentRec {
  return {
    ino,
    offset,
    numBytes: K,
    type: 'regular',
    diskBytenr,
    diskNumBytes: 4 * K,
    extentOffset,
    ramBytes: 4 * K,
  };
}

describe('data back references from the file extent items', () => {
  it('one ref per inode and extent start, counting the items that share it', () => {
    // Inode 257 overwrote the middle of extent A: two items of A, both with A's start at file offset 0.
    const refs = dataRefsByExtent([
      [
        fe(257, 0, 1 << 20),
        fe(257, 2 * K, 1 << 20, 2 * K),
        fe(257, K, 2 << 20),
      ],
      [fe(258, 8 * K, 1 << 20)],
    ]);
    expect(refs.get(1 << 20)).toEqual([
      { root: 5, objectid: 257, offset: 0, count: 2 },
      { root: 5, objectid: 258, offset: 8 * K, count: 1 },
    ]);
    expect(refs.get(2 << 20)).toEqual([
      { root: 5, objectid: 257, offset: K, count: 1 },
    ]);
  });

  it('leave holes out', () => {
    expect(dataRefsByExtent([[fe(257, 0, 0)]]).size).toBe(0);
  });

  it('go inline up to the item limit and keyed after it', () => {
    const n = inlineRefCapacity(maxExtentItemSize(16384)) + 3;
    const many = Array.from({ length: n }, (_, i) =>
      fe(257, i * 16 * K, 1 << 20),
    );
    const x = {
      bytenr: 1 << 20,
      numBytes: 4 * K,
      refs: n,
      name: 'X',
      shared: false,
    };
    const refs = dataRefsByExtent([many]).get(1 << 20) ?? [];
    const items = extentItems(x, refs, 9, 16384);
    const extent = items.filter((i) => i.key.type === KEY_TYPE.EXTENT_ITEM);
    const keyed = items.filter((i) => i.key.type === KEY_TYPE.EXTENT_DATA_REF);
    expect(extent).toHaveLength(1);
    expect(keyed).toHaveLength(3);
    const d = decodeItem(extent[0] as (typeof items)[number]);
    expect(
      d.ok && d.value.kind === 'EXTENT_ITEM' && d.value.value.dataRefs.length,
    ).toBe(inlineRefCapacity(maxExtentItemSize(16384)));
    expect(new Set(keyed.map((k) => k.key.offset)).size).toBe(3);
  });
});

describe("mount's check of the extent refs", () => {
  it('passes refs that add up and refuses those that do not', () => {
    const x = { bytenr: 1 << 20, refs: 3, inline: 2 };
    expect(checkExtentRefs([x], new Map([[1 << 20, 1]])).ok).toBe(true);
    const short = checkExtentRefs([x], new Map());
    expect(!short.ok && short.error.message).toBe(
      'extent tree: extent 1048576 has 3 refs but its back references count 2',
    );
    const stray = checkExtentRefs([x], new Map([[2 << 20, 1]]));
    expect(!stray.ok && stray.error.errno).toBe('EUCLEAN');
  });
});

describe('the snapshot a shared extent names', () => {
  it('gets one ref of its own, so the counts add up', () => {
    const x = {
      bytenr: 1 << 20,
      numBytes: 4 * K,
      refs: 2,
      name: 'X',
      shared: true,
    };
    const refs = dataRefsByExtent([[fe(257, 0, 1 << 20)]]).get(1 << 20) ?? [];
    const [item] = extentItems(x, refs, 3, 16384);
    const d = item === undefined ? null : decodeItem(item);
    expect(
      d?.ok && d.value.kind === 'EXTENT_ITEM' && d.value.value.dataRefs,
    ).toEqual([
      { root: 5, objectid: 257, offset: 0, count: 1 },
      { root: 256, objectid: 0, offset: 0, count: 1 },
    ]);
  });

  it('refs that disagree with the file extent items are a broken invariant', () => {
    const x = {
      bytenr: 1 << 20,
      numBytes: 4 * K,
      refs: 1,
      name: 'X',
      shared: false,
    };
    const refs =
      dataRefsByExtent([[fe(257, 0, 1 << 20), fe(258, 0, 1 << 20)]]).get(
        1 << 20,
      ) ?? [];
    expect(() => extentItems(x, refs, 3, 16384)).toThrow(
      /has 1 refs but 2 back references/,
    );
  });
});

describe('a clone that puts an extent tail at a lower file offset', () => {
  it('wraps the ref offset as btrfs u64 does, within 2^53', () => {
    const refs = dataRefsByExtent([[fe(257, 0, 1 << 20, 5 * K)]]).get(1 << 20);
    expect(refs).toEqual([
      { root: 5, objectid: 257, offset: 2 ** 53 - 5 * K, count: 1 },
    ]);
  });
});
