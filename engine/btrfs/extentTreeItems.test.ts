import { describe, expect, it } from 'vitest';
import { decodeItem, KEY_TYPE } from '../disk/format/items.ts';
import {
  dataRefHash,
  inlineRefCapacity,
  type ExtentDataRef,
} from '../disk/format/extentItem.ts';
import { maxExtentItemSize } from '../disk/format/node.ts';
import type { FileExtentRec } from '../trace/records.ts';
import { createSimulation } from '../sim/simulation.ts';
import { scenarioOf } from '../testing/runScenario.ts';
import {
  checkExtentRefs,
  dataRefsByExtent,
  extentItems,
  extentItemsAt,
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

  it('keep two inodes apart at the same extent start, and come in inode then offset order', () => {
    // A clone gave inode 258 extent A at the same file offset as inode 257; the files come in any order.
    const refs = dataRefsByExtent([
      [fe(258, 8 * K, 1 << 20), fe(258, 0, 1 << 20)],
      [fe(257, 4 * K, 1 << 20, 4 * K), fe(257, 12 * K, 1 << 20)],
    ]);
    expect(refs.get(1 << 20)).toEqual([
      { root: 5, objectid: 257, offset: 0, count: 1 },
      { root: 5, objectid: 257, offset: 12 * K, count: 1 },
      { root: 5, objectid: 258, offset: 0, count: 1 },
      { root: 5, objectid: 258, offset: 8 * K, count: 1 },
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

/**
 * The keyed items of an extent whose inline refs (inode 256's) fill its item, so that `keyed` are the refs
 * kept in items of their own.
 */
function keyedItems(keyed: readonly ExtentDataRef[]) {
  const capacity = inlineRefCapacity(maxExtentItemSize(16384));
  const inline = Array.from({ length: capacity }, (_, i) => ({
    root: 5,
    objectid: 256,
    offset: i * K,
    count: 1,
  }));
  const x = {
    bytenr: 1 << 20,
    numBytes: 4 * K,
    refs: capacity + keyed.length,
    name: 'X',
    shared: false,
  };
  return extentItems(x, [...inline, ...keyed], 9, 16384).filter(
    (i) => i.key.type === KEY_TYPE.EXTENT_DATA_REF,
  );
}

describe('keyed refs whose hashes collide', () => {
  it('take the next free key offset, in key order', () => {
    // Found by solving crc32c's linear equations: both refs hash to the same key offset.
    const first = { root: 5, objectid: 257, offset: 0, count: 1 };
    const second = { root: 5, objectid: 72209, offset: 20254720, count: 1 };
    const hash = dataRefHash(first);
    expect(dataRefHash(second)).toBe(hash);
    const keyed = keyedItems([first, second]).map((i) => {
      const d = decodeItem(i);
      return [
        i.key.offset,
        d.ok && d.value.kind === 'EXTENT_DATA_REF' && d.value.value,
      ];
    });
    expect(keyed).toEqual([
      [hash, first],
      [hash + 1, second],
    ]);
  });

  it('come in key order whatever the order of the refs', () => {
    const refs = [
      { root: 5, objectid: 300, offset: 0, count: 1 },
      { root: 5, objectid: 301, offset: 0, count: 1 },
      { root: 5, objectid: 302, offset: 0, count: 1 },
      { root: 5, objectid: 303, offset: 0, count: 1 },
    ];
    const offsets = keyedItems(refs).map((i) => i.key.offset);
    const hashes = refs.map(dataRefHash);
    // The refs' own order is not their hashes' order, so a sort is needed.
    expect(hashes).not.toEqual([...hashes].sort((a, b) => a - b));
    expect(offsets).toEqual([...hashes].sort((a, b) => a - b));
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
    // A keyed ref of an extent with no item, the others adding up.
    const orphan = checkExtentRefs(
      [{ bytenr: 1 << 20, refs: 2, inline: 2 }],
      new Map([[2 << 20, 1]]),
    );
    expect(!orphan.ok && orphan.error).toMatchObject({
      errno: 'EUCLEAN',
      message:
        'extent tree: a data ref names extent 2097152, which has no extent item',
    });
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
      'extent 1048576 has 1 refs but 2 back references (file extent items)',
    );
    expect(() => extentItems({ ...x, shared: true }, refs, 3, 16384)).toThrow(
      'extent 1048576 has 1 refs but 3 back references (file extent items and the snapshot)',
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

describe('the items of one extent now', () => {
  it('an extent only the snapshot still references keeps one item and the snapshot ref', () => {
    // F's extent is shared with a snapshot; overwriting all of F and syncing moves F to a new extent, and
    // X keeps the snapshot's reference alone.
    const sim = createSimulation({
      scenario: scenarioOf({
        id: 'snapshot-only',
        geometry: { pageSize: K, sectorSize: K },
        files: [
          {
            name: 'F',
            size: 4 * K,
            extents: [{ offset: 0, length: 4 * K, disk: 'X', shared: true }],
          },
        ],
        ops: [
          {
            op: 'write',
            file: 'F',
            offset: 0,
            length: 4 * K,
            pattern: { byte: 7 },
          },
          { op: 'sync' },
        ],
      }),
      variant: 'srcmap',
    });
    const entry = sim.fs.byName('F');
    const x = entry?.extents.lookup(0, K).blockStart;
    if (x === undefined) throw new Error('no file F');
    const outcomes = sim.runAll();
    expect(outcomes.map((o) => o.error?.errno ?? 'ok')).toEqual(['ok', 'ok']);
    expect(entry?.extents.lookup(0, K).blockStart).not.toBe(x);
    const items = extentItemsAt(sim.fs, x, 9);
    expect(items).toHaveLength(1);
    const d = decodeItem(items[0] as (typeof items)[number]);
    expect(
      d.ok && d.value.kind === 'EXTENT_ITEM' && d.value.value,
    ).toMatchObject({
      refs: 1,
      dataRefs: [{ root: 256, objectid: 0, offset: 0, count: 1 }],
    });
  });
});
