// The items a commit writes for the checksums (one EXTENT_CSUM item per run of consecutive sectors, cut
// where a run would no longer fit a leaf's largest item), and what a mount learns from the trees' items:
// any item that does not decode or does not belong is EUCLEAN, naming it.
import { describe, expect, it } from 'vitest';
import {
  dataRefHash,
  encodeDataRef,
  encodeExtentItem,
  EXTENT_FLAG,
} from '../disk/format/extentItem.ts';
import {
  decodeCsumItem,
  encodeRootItem,
  KEY_TYPE,
  type Item,
} from '../disk/format/items.ts';
import { maxItemSize } from '../disk/format/node.ts';
import { createSimulation } from '../sim/simulation.ts';
import { scenarioOf } from '../testing/runScenario.ts';
import {
  csumItems,
  fsToItems,
  itemsToFs,
  type TreeItems,
} from './metadataItems.ts';

/** The simulation's filesystem, with no file data of its own. */
function emptyFs() {
  return createSimulation({
    scenario: scenarioOf({
      id: 'csum-items',
      files: [{ name: 'F', size: 0 }],
      ops: [],
    }),
    variant: 'srcmap',
  }).fs;
}

describe('csum items', () => {
  it('cut a run of consecutive sectors where a leaf item is full, and start another at a gap', () => {
    const fs = emptyFs();
    const ss = fs.geo.sectorSize;
    const perItem = Math.floor(maxItemSize(fs.geo.nodeSize) / 4);
    const base = 1 << 30;
    // perItem + 1 consecutive sectors, then one sector after a gap of one.
    const addrs = [
      ...Array.from({ length: perItem + 1 }, (_, i) => base + i * ss),
      base + (perItem + 2) * ss,
    ];
    addrs.forEach((addr, i) => {
      fs.extentTree.setCsum(addr, i + 1);
    });
    const items = csumItems(addrs, fs).map((item) => {
      const d = decodeCsumItem(item.data);
      if (!d.ok) throw new Error(d.error.message);
      return {
        type: item.key.type,
        start: item.key.offset,
        csums: d.value.csums.length,
        first: d.value.csums[0],
      };
    });
    expect(items).toEqual([
      { type: KEY_TYPE.EXTENT_CSUM, start: base, csums: perItem, first: 1 },
      {
        type: KEY_TYPE.EXTENT_CSUM,
        start: base + perItem * ss,
        csums: 1,
        first: perItem + 1,
      },
      {
        type: KEY_TYPE.EXTENT_CSUM,
        start: base + (perItem + 2) * ss,
        csums: 1,
        first: perItem + 2,
      },
    ]);
  });

  it('are none for no sectors', () => {
    expect(csumItems([], emptyFs())).toEqual([]);
  });
});

/** The trees of F (8 KiB over one extent, with checksums) as a commit writes them, and the device size. */
function committedTrees() {
  const sim = createSimulation({
    scenario: scenarioOf({
      id: 'items-to-fs',
      files: [
        {
          name: 'F',
          size: 8192,
          extents: [{ offset: 0, length: 8192, disk: 'X' }],
        },
      ],
      ops: [],
    }),
    variant: 'srcmap',
  });
  const { fs } = sim;
  return {
    trees: fsToItems(fs, 5),
    sectorSize: fs.geo.sectorSize,
    deviceSize: fs.device.size(),
    chunks: fs.space.chunks.all(),
    extent: fs.extentTree.all()[0],
  };
}

/** itemsToFs of the committed trees changed by `change`: the errno and message, or 'ok'. */
function mountWith(change: (trees: TreeItems) => TreeItems) {
  const { trees, sectorSize, deviceSize } = committedTrees();
  const r = itemsToFs(change(trees), sectorSize, deviceSize);
  return r.ok ? 'ok' : `${r.error.errno}: ${r.error.message}`;
}

const ofType = (items: readonly Item[], type: number): Item => {
  const item = items.find((i) => i.key.type === type);
  if (item === undefined) throw new Error(`no item of type ${String(type)}`);
  return item;
};

describe("what a mount learns from the trees' items", () => {
  it('reads back the file, its extent, its checksums and the chunks a commit wrote', () => {
    const { trees, sectorSize, deviceSize, chunks, extent } = committedTrees();
    const r = itemsToFs(trees, sectorSize, deviceSize);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.inodes).toEqual([
      {
        ino: 257,
        name: 'F',
        size: 8192,
        nbytes: 8192,
        flags: [],
        extents: [expect.objectContaining({ offset: 0, numBytes: 8192 })],
      },
    ]);
    expect(r.value.extents).toEqual([
      {
        bytenr: extent?.bytenr,
        numBytes: extent?.numBytes,
        refs: 1,
        shared: false,
      },
    ]);
    expect(r.value.csums.size).toBe(8192 / sectorSize);
    expect(r.value.chunks).toEqual(chunks);
  });

  it('refuses an fs tree item that does not decode, or that belongs to another tree', () => {
    expect(
      mountWith((t) => ({
        ...t,
        fsTree: t.fsTree.map((i) =>
          i.key.type === KEY_TYPE.INODE_ITEM
            ? { key: i.key, data: i.data.subarray(1) }
            : i,
        ),
      })),
    ).toBe(
      'EUCLEAN: fs tree: item (257 INODE_ITEM 0): inode item is 31 bytes, expected 32',
    );
    // An item of each kind the fs tree never holds.
    const strays = (t: TreeItems): Item[] => [
      ofType(t.csumTree, KEY_TYPE.EXTENT_CSUM),
      {
        key: { objectid: 5, type: KEY_TYPE.ROOT_ITEM, offset: 0 },
        data: encodeRootItem({ bytenr: 1 << 22, level: 0, generation: 5 }),
      },
      ofType(t.extentTree, KEY_TYPE.EXTENT_ITEM),
      {
        key: { objectid: 1 << 22, type: KEY_TYPE.EXTENT_DATA_REF, offset: 1 },
        data: encodeDataRef({ root: 5, objectid: 257, offset: 0, count: 1 }),
      },
      ofType(t.extentTree, KEY_TYPE.BLOCK_GROUP_ITEM),
      ofType(t.devTree, KEY_TYPE.DEV_EXTENT),
      ofType(t.chunkTree, KEY_TYPE.CHUNK_ITEM),
    ];
    const kinds = strays(committedTrees().trees).map((stray) =>
      mountWith((t) => ({
        ...t,
        fsTree: [
          ...t.fsTree,
          ...strays(t).filter((s) => s.key.type === stray.key.type),
        ],
      })),
    );
    // Each refused, naming the item by its key.
    expect(
      kinds.map(
        (k) => /^EUCLEAN: fs tree: unexpected item \(\S+ (\S+) /.exec(k)?.[1],
      ),
    ).toEqual([
      'EXTENT_CSUM',
      'ROOT_ITEM',
      'EXTENT_ITEM',
      'EXTENT_DATA_REF',
      'BLOCK_GROUP_ITEM',
      'DEV_EXTENT',
      'CHUNK_ITEM',
    ]);
  });

  it('refuses an inode with no name, and items of an inode with no INODE_ITEM', () => {
    expect(
      mountWith((t) => ({
        ...t,
        fsTree: t.fsTree.filter((i) => i.key.type !== KEY_TYPE.INODE_REF),
      })),
    ).toBe('EUCLEAN: fs tree: inode 257 has no name (INODE_REF)');
    expect(
      mountWith((t) => ({
        ...t,
        fsTree: t.fsTree.filter((i) => i.key.type !== KEY_TYPE.INODE_ITEM),
      })),
    ).toBe('EUCLEAN: fs tree: items for inode 257, which has no INODE_ITEM');
    // Only file extent items left of the inode.
    expect(
      mountWith((t) => ({
        ...t,
        fsTree: t.fsTree.filter((i) => i.key.type === KEY_TYPE.EXTENT_DATA),
      })),
    ).toBe('EUCLEAN: fs tree: items for inode 257, which has no INODE_ITEM');
  });

  it('refuses an item of another tree in the chunk, dev, extent and csum trees', () => {
    expect(
      mountWith((t) => ({ ...t, chunkTree: [...t.chunkTree, ...t.devTree] })),
    ).toMatch(/^EUCLEAN: chunk tree: unexpected item \(\d+ DEV_EXTENT /);
    expect(
      mountWith((t) => ({ ...t, devTree: [...t.devTree, ...t.chunkTree] })),
    ).toMatch(/^EUCLEAN: dev tree: unexpected item \(\d+ CHUNK_ITEM /);
    expect(
      mountWith((t) => ({
        ...t,
        extentTree: [...t.extentTree, ofType(t.chunkTree, KEY_TYPE.CHUNK_ITEM)],
      })),
    ).toMatch(/^EUCLEAN: extent tree: unexpected item \(\d+ CHUNK_ITEM /);
    expect(
      mountWith((t) => ({
        ...t,
        csumTree: [...t.csumTree, ofType(t.extentTree, KEY_TYPE.EXTENT_ITEM)],
      })),
    ).toMatch(/^EUCLEAN: csum tree: unexpected item \(\d+ EXTENT_ITEM /);
  });

  it('adds up the keyed refs of an extent', () => {
    // X's extent item counts 3 refs: its inline one and two keyed ones.
    const extra = [
      { root: 5, objectid: 300, offset: 0, count: 1 },
      { root: 5, objectid: 301, offset: 0, count: 1 },
    ];
    const withKeyed = (t: TreeItems, keyed: typeof extra): TreeItems => {
      const x = ofType(t.extentTree, KEY_TYPE.EXTENT_ITEM);
      const rest = t.extentTree.filter((i) => i !== x);
      return {
        ...t,
        extentTree: [
          ...rest,
          {
            key: x.key,
            data: encodeExtentItem({
              refs: 3,
              generation: 5,
              flags: EXTENT_FLAG.DATA,
              dataRefs: [{ root: 5, objectid: 257, offset: 0, count: 1 }],
            }),
          },
          ...keyed.map((ref) => ({
            key: {
              objectid: x.key.objectid,
              type: KEY_TYPE.EXTENT_DATA_REF,
              offset: dataRefHash(ref),
            },
            data: encodeDataRef(ref),
          })),
        ],
      };
    };
    expect(mountWith((t) => withKeyed(t, extra))).toBe('ok');
    expect(mountWith((t) => withKeyed(t, extra.slice(1)))).toMatch(
      /^EUCLEAN: extent tree: extent \d+ has 3 refs but its back references count 2$/,
    );
  });

  it('refuses an extent that lies outside every data block group', () => {
    const { chunks, extent } = committedTrees();
    const data = chunks.find((c) => c.type === 'data');
    const metadata = chunks.find((c) => c.type === 'metadata');
    if (data === undefined || metadata === undefined || extent === undefined)
      throw new Error('no data or metadata chunk');
    const movedTo = (bytenr: number) =>
      mountWith((t) => ({
        ...t,
        extentTree: t.extentTree.map((i) =>
          i.key.type === KEY_TYPE.EXTENT_ITEM
            ? { key: { ...i.key, objectid: bytenr }, data: i.data }
            : i,
        ),
      }));
    const refused = (bytenr: number) =>
      `EUCLEAN: extent tree: extent ${String(bytenr)} lies outside every data block group`;
    expect(movedTo(data.start)).toBe('ok');
    expect(movedTo(metadata.start)).toBe(refused(metadata.start));
    // Below every chunk (the data chunk is the lowest), past every chunk, and across the data chunk's end.
    const below = Math.min(...chunks.map((c) => c.start)) - 8192;
    expect(movedTo(below)).toBe(refused(below));
    const past = Math.max(...chunks.map((c) => c.start + c.length));
    expect(movedTo(past)).toBe(refused(past));
    const across = data.start + data.length - 4096;
    expect(movedTo(across)).toBe(refused(across));
  });
});
