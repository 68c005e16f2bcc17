// What mount (mountFs) refuses, one check at a time: each image below is the committed base image of
// engine/testing/imageCraft.ts with one thing changed (the superblock rewritten, or leaves re-encoded with
// valid checksums) that only the check under test catches, and the refusal names what it met. Damage to
// the items the mounted trees hold is engine/sim/damagedImages.test.ts's; mountCheck.test.ts checks the
// facts across them.

import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng.ts';
import {
  encodeBlockGroupItem,
  encodeChunkItem,
  encodeDevExtent,
  STRIPE_LEN,
} from '../disk/format/chunkItems.ts';
import {
  formatImage,
  readImage,
  writeSuperblocks,
} from '../disk/format/image.ts';
import {
  decodeItem,
  encodeRootItem,
  formatKey,
  KEY_TYPE,
  TREE_ID,
  type Item,
} from '../disk/format/items.ts';
import { compareKeys } from '../disk/format/key.ts';
import { decodeNode, encodeNode } from '../disk/format/node.ts';
import type { Superblock } from '../disk/format/superblock.ts';
import {
  createMemoryMedium,
  MemoryDisk,
  type MemoryMedium,
} from '../disk/memoryDisk.ts';
import { validateScenario } from '../scenario/validate.ts';
import { createSimulation } from '../sim/simulation.ts';
import { baseImage, editLeaves } from '../testing/imageCraft.ts';
import type { Leaf } from '../testing/imageDamages.ts';
import { Recorder } from '../trace/recorder.ts';
import type { Fs } from './fs.ts';
import { mountFs, type MountOptions } from './mount.ts';
import { chunkToItem } from './spaceItems.ts';

const SIZE = 64 * 1024 * 1024;

let made: MemoryMedium | undefined;

/**
 * The base image, committed (the simulation stopped before its power cut), made once, inside the first test
 * that asks: code run in a beforeAll belongs to no test, and mutation testing would take it for code run
 * only while a module loads.
 */
function baseImageMedium(): MemoryMedium {
  if (made !== undefined) return made;
  const v = validateScenario(baseImage(createRng(1)));
  if (!v.ok) throw new Error('the base image is invalid');
  const medium = createMemoryMedium(SIZE);
  const sim = createSimulation({
    scenario: v.scenario,
    variant: 'srcmap',
    trace: false,
    device: new MemoryDisk(medium),
  });
  const cut = v.scenario.ops.findIndex((o) => o.op === 'power-cut');
  for (let i = 0; i < cut; i++) sim.step();
  made = medium;
  return medium;
}

/** A copy of the base image. */
function image(): MemoryDisk {
  const base = baseImageMedium();
  const chunks = new Map([...base.chunks].map(([at, b]) => [at, b.slice()]));
  return new MemoryDisk({ size: base.size, chunks });
}

function mount(disk: MemoryDisk, options: Partial<MountOptions> = {}) {
  return mountFs(disk, {
    pageSize: 4096,
    rec: new Recorder(false),
    ...options,
  });
}

function mounted(disk: MemoryDisk): Fs {
  const m = mount(disk);
  if (!m.ok) throw new Error(m.error.message);
  return m.value.fs;
}

/** The errno and message a mount of `disk` is refused with. */
function refusal(disk: MemoryDisk): { errno: string; message: string } {
  const m = mount(disk);
  if (m.ok) throw new Error('the image mounted');
  return { errno: m.error.errno, message: m.error.message };
}

function superblock(disk: MemoryDisk): Superblock {
  const r = readImage(disk);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.superblock;
}

/** Rewrites every superblock copy of `disk` with `change` made to it. */
function rewriteSuperblock(
  disk: MemoryDisk,
  change: (sb: Superblock) => Partial<Superblock>,
): Superblock {
  const sb = superblock(disk);
  const next = { ...sb, ...change(sb) };
  writeSuperblocks(disk, next);
  return next;
}

/** The leaf of tree `owner` (one that holds items of `type`, when given). */
function leafOf(leaves: Leaf[], owner: number, type?: number): Leaf {
  const leaf = leaves.find(
    (l) =>
      l.header.owner === owner &&
      (type === undefined || l.items.some((i) => i.key.type === type)),
  );
  if (leaf === undefined) throw new Error(`no leaf of tree ${String(owner)}`);
  return leaf;
}

/** Puts `item` into `leaf` in key order (replacing an item of its key). */
function put(leaf: Leaf, item: Item): void {
  leaf.items = [
    ...leaf.items.filter((i) => compareKeys(i.key, item.key) !== 0),
    item,
  ].sort((a, b) => compareKeys(a.key, b.key));
}

function edit(disk: MemoryDisk, change: (leaves: Leaf[]) => void): void {
  if (editLeaves(disk, change) === null) throw new Error('did not mount');
}

/** The system chunk array's one entry. */
function systemChunk(sb: Superblock) {
  const [sys] = sb.sysChunkArray;
  if (sys === undefined) throw new Error('no system chunk');
  return sys;
}

/** Moves the dev tree's root leaf to `at` (where nothing lies) and points its root item there. */
function moveDevTree(disk: MemoryDisk, at: number): void {
  const fs = mounted(disk);
  const sb = fs.committed.superblock;
  const inUse = [
    ...fs.committed.nodes,
    ...fs.extentTree.all().map((x) => x.bytenr),
  ];
  if (inUse.some((n) => n < at + sb.nodesize && at < n + sb.nodesize))
    throw new Error(`${String(at)} is in use`);
  const devRoot = fs.committed.trees.get(TREE_ID.DEV_TREE);
  if (devRoot?.kind !== 'leaf') throw new Error('the dev tree is not one leaf');
  const bytes = new Uint8Array(sb.nodesize);
  fs.disk.read(devRoot.bytenr, bytes);
  const node = decodeNode(bytes, {
    nodeSize: sb.nodesize,
    fsid: sb.fsid,
    bytenr: devRoot.bytenr,
    owner: TREE_ID.DEV_TREE,
    level: 0,
  });
  if (!node.ok) throw new Error(node.error.message);
  fs.disk.write(
    at,
    encodeNode(sb.nodesize, {
      ...node.value,
      header: { ...node.value.header, bytenr: at },
    }),
  );
  edit(disk, (leaves) => {
    const roots = leafOf(leaves, TREE_ID.ROOT_TREE);
    const key = {
      objectid: TREE_ID.DEV_TREE,
      type: KEY_TYPE.ROOT_ITEM,
      offset: 0,
    };
    const old = roots.items.find((i) => compareKeys(i.key, key) === 0);
    const d = old === undefined ? null : decodeItem(old);
    if (d?.ok !== true || d.value.kind !== 'ROOT_ITEM')
      throw new Error('no root item of the dev tree');
    put(roots, { key, data: encodeRootItem({ ...d.value.value, bytenr: at }) });
  });
}

describe('mount', () => {
  it('mounts the base image, its trees as it read them, its block groups using what they hold', () => {
    const disk = image();
    const sb = superblock(disk);
    const fs = mounted(disk);
    expect(fs.committed.trees.get(TREE_ID.ROOT_TREE)?.bytenr).toBe(sb.root);
    expect(fs.committed.trees.get(TREE_ID.CHUNK_TREE)?.bytenr).toBe(
      sb.chunkRoot,
    );
    expect(fs.checkCommits).toBe(false);
    for (const chunk of fs.space.chunks.all()) {
      const group = fs.space.groupAt(chunk.start);
      const inGroup = (at: number) =>
        at >= chunk.start && at < chunk.start + chunk.length;
      const nodes = [...fs.committed.nodes].filter(inGroup).length;
      const extents = [...fs.extentTree.all()]
        .filter((x) => inGroup(x.bytenr))
        .reduce((n, x) => n + x.numBytes, 0);
      expect(group.used).toBe(
        chunk.type === 'data' ? extents : nodes * fs.geo.nodeSize,
      );
    }
  });

  it('hands checkCommits to the filesystem', () => {
    const m = mount(image(), { checkCommits: true });
    expect(m.ok && m.value.fs.checkCommits).toBe(true);
  });

  it('refuses a device with no superblock, as not an image', () => {
    expect(refusal(MemoryDisk.create(SIZE))).toEqual({
      errno: 'EINVAL',
      message:
        'not an iomap-explorer disk image: no superblock magic at 64 KiB or 128 KiB (a foreign or empty file)',
    });
  });

  it('refuses an image formatted and never committed', () => {
    const disk = MemoryDisk.create(SIZE);
    formatImage(disk, { seed: 1 });
    expect(refusal(disk)).toEqual({
      errno: 'EINVAL',
      message:
        'the image holds no filesystem trees yet (formatted, never committed)',
    });
  });

  describe('the superblock system chunk array', () => {
    it('refuses an entry that is not a chunk of this format', () => {
      const disk = image();
      const sb = rewriteSuperblock(disk, (s) => {
        const sys = systemChunk(s);
        return {
          sysChunkArray: [{ ...sys, chunk: { ...sys.chunk, type: 0 } }],
        };
      });
      expect(refusal(disk)).toEqual({
        errno: 'EINVAL',
        message: `superblock system chunk array: chunk at ${String(systemChunk(sb).logical)}: type 0x0 is not DATA, METADATA or SYSTEM`,
      });
    });

    it('refuses an entry that is not a SYSTEM chunk', () => {
      const disk = image();
      const fs = mounted(disk);
      const sys = systemChunk(fs.committed.superblock);
      const meta = fs.space.chunks.all().find((c) => c.type === 'metadata');
      if (meta === undefined) throw new Error('no metadata chunk');
      // The system chunk's item with the metadata chunk's flags (both DUP).
      const type = chunkToItem(meta, fs.geo.sectorSize).type;
      rewriteSuperblock(disk, () => ({
        sysChunkArray: [{ ...sys, chunk: { ...sys.chunk, type } }],
      }));
      expect(refusal(disk)).toEqual({
        errno: 'EINVAL',
        message: `superblock system chunk array: chunk at ${String(sys.logical)} is a metadata chunk, not SYSTEM`,
      });
    });

    it('refuses an entry that overlaps another', () => {
      const disk = image();
      const sb = rewriteSuperblock(disk, (s) => ({
        sysChunkArray: [systemChunk(s), systemChunk(s)],
      }));
      const { logical, chunk } = systemChunk(sb);
      const stripe = String(chunk.stripes[0]?.offset);
      expect(refusal(disk)).toEqual({
        errno: 'EUCLEAN',
        message: `superblock system chunk array: chunk at ${String(logical)}: stripe at ${stripe} overlaps the device extent at ${stripe}`,
      });
    });

    it('refuses an entry that differs from the chunk tree’s item for its chunk', () => {
      const disk = image();
      // Shorter, but still holding the chunk tree's nodes: the mount reads on, and only the final comparison sees it.
      const sb = rewriteSuperblock(disk, (s) => {
        const sys = systemChunk(s);
        const length = STRIPE_LEN * 2;
        if (s.chunkRoot + s.nodesize > sys.logical + length)
          throw new Error('the chunk root is past the shortened chunk');
        return {
          sysChunkArray: [{ ...sys, chunk: { ...sys.chunk, length } }],
        };
      });
      expect(refusal(disk)).toEqual({
        errno: 'EUCLEAN',
        message: `the superblock's system chunk at ${String(systemChunk(sb).logical)} differs from the chunk tree's item for it`,
      });
    });
  });

  describe('reading trees', () => {
    it('refuses a chunk root it cannot read', () => {
      const disk = image();
      const sb = rewriteSuperblock(disk, (s) => ({
        chunkRoot: s.chunkRoot + s.nodesize / 2,
      }));
      expect(refusal(disk)).toMatchObject({
        errno: 'EIO',
        message: expect.stringMatching(
          new RegExp(`^CHUNK_TREE node at ${String(sb.chunkRoot)}: `),
        ) as unknown,
      });
    });

    it.each([
      ['starts below every chunk', (lowest: number) => lowest - 4096],
      [
        'ends past the highest chunk',
        (_lowest: number, highest: number) => highest - 4096,
      ],
    ])(
      'reads a root node that %s as no node',
      (_what, where: (lowest: number, highest: number) => number) => {
        const disk = image();
        const chunks = mounted(disk).space.chunks.all();
        const lowest = Math.min(...chunks.map((c) => c.start));
        const highest = Math.max(...chunks.map((c) => c.start + c.length));
        const root = where(lowest, highest);
        rewriteSuperblock(disk, () => ({ root }));
        expect(refusal(disk)).toEqual({
          errno: 'EIO',
          message: `ROOT_TREE node at ${String(root)}: truncated: read 0 of 16384 bytes`,
        });
      },
    );

    it('reads a node that ends exactly where the highest chunk ends', () => {
      const disk = image();
      const fs = mounted(disk);
      const top = [...fs.space.chunks.all()].sort(
        (a, b) => b.start + b.length - (a.start + a.length),
      )[0];
      if (top?.type !== 'metadata')
        throw new Error('the top chunk is not metadata');
      const at = top.start + top.length - fs.geo.nodeSize;
      moveDevTree(disk, at);
      expect(mounted(disk).committed.trees.get(TREE_ID.DEV_TREE)?.bytenr).toBe(
        at,
      );
    });

    it('refuses a tree node in a data block group', () => {
      const disk = image();
      const fs = mounted(disk);
      const data = fs.space.chunks.all().find((c) => c.type === 'data');
      if (data === undefined) throw new Error('no data chunk');
      const at = data.start + data.length - fs.geo.nodeSize;
      moveDevTree(disk, at);
      expect(refusal(disk)).toEqual({
        errno: 'EUCLEAN',
        message: `DEV_TREE node at ${String(at)}: lies in a data block group`,
      });
    });
  });

  describe('the chunk tree', () => {
    it('refuses an item that is not a chunk item', () => {
      const disk = image();
      const key = { objectid: 1, type: KEY_TYPE.DEV_EXTENT, offset: 0 };
      edit(disk, (leaves) => {
        put(leafOf(leaves, TREE_ID.CHUNK_TREE), {
          key,
          data: encodeDevExtent({
            chunkTree: TREE_ID.CHUNK_TREE,
            chunkObjectid: 256,
            chunkOffset: 0,
            length: STRIPE_LEN,
          }),
        });
      });
      expect(refusal(disk)).toEqual({
        errno: 'EUCLEAN',
        message: `chunk tree: unexpected item ${formatKey(key)}`,
      });
    });

    it('refuses a chunk item that does not decode', () => {
      const disk = image();
      let key = { objectid: 0, type: 0, offset: 0 };
      edit(disk, (leaves) => {
        const leaf = leafOf(leaves, TREE_ID.CHUNK_TREE);
        const last = leaf.items.at(-1);
        if (last === undefined) throw new Error('an empty chunk tree');
        key = last.key;
        put(leaf, { key, data: last.data.subarray(0, 8) });
      });
      expect(refusal(disk)).toEqual({
        errno: 'EUCLEAN',
        message: `chunk tree: unexpected item ${formatKey(key)}`,
      });
    });

    it('refuses a second chunk item for the system chunk (another objectid), which the chunk map never maps', () => {
      const disk = image();
      const { logical, chunk } = systemChunk(superblock(disk));
      edit(disk, (leaves) => {
        put(leafOf(leaves, TREE_ID.CHUNK_TREE), {
          key: { objectid: 257, type: KEY_TYPE.CHUNK_ITEM, offset: logical },
          data: encodeChunkItem(chunk),
        });
      });
      const stripe = String(chunk.stripes[0]?.offset);
      expect(refusal(disk)).toEqual({
        errno: 'EUCLEAN',
        message: `chunk tree: chunk at ${String(logical)}: stripe at ${stripe} overlaps the device extent at ${stripe}`,
      });
    });
  });

  describe('the root tree', () => {
    it('refuses an item that is not a root item', () => {
      const disk = image();
      const key = { objectid: 300, type: KEY_TYPE.BLOCK_GROUP_ITEM, offset: 0 };
      edit(disk, (leaves) => {
        put(leafOf(leaves, TREE_ID.ROOT_TREE), {
          key,
          data: encodeBlockGroupItem({ used: 0, chunkObjectid: 256, flags: 1 }),
        });
      });
      expect(refusal(disk)).toEqual({
        errno: 'EUCLEAN',
        message: `root tree: unexpected item ${formatKey(key)}`,
      });
    });

    it('refuses a root item that does not decode', () => {
      const disk = image();
      const key = {
        objectid: TREE_ID.CSUM_TREE,
        type: KEY_TYPE.ROOT_ITEM,
        offset: 0,
      };
      edit(disk, (leaves) => {
        put(leafOf(leaves, TREE_ID.ROOT_TREE), {
          key,
          data: new Uint8Array(3),
        });
      });
      expect(refusal(disk)).toEqual({
        errno: 'EUCLEAN',
        message: `root tree: unexpected item ${formatKey(key)}`,
      });
    });

    it.each([
      ['FS_TREE', TREE_ID.FS_TREE],
      ['EXTENT_TREE', TREE_ID.EXTENT_TREE],
      ['CSUM_TREE', TREE_ID.CSUM_TREE],
      ['DEV_TREE', TREE_ID.DEV_TREE],
    ])('refuses a root tree with no %s', (name, id) => {
      const disk = image();
      edit(disk, (leaves) => {
        const leaf = leafOf(leaves, TREE_ID.ROOT_TREE);
        leaf.items = leaf.items.filter((i) => i.key.objectid !== id);
      });
      expect(refusal(disk)).toEqual({
        errno: 'EUCLEAN',
        message: `root tree: no ${name}`,
      });
    });
  });

  it('refuses a metadata block group that records bytes used', () => {
    const disk = image();
    const fs = mounted(disk);
    const meta = fs.space.chunks.all().find((c) => c.type === 'metadata');
    if (meta === undefined) throw new Error('no metadata chunk');
    edit(disk, (leaves) => {
      const leaf = leafOf(
        leaves,
        TREE_ID.EXTENT_TREE,
        KEY_TYPE.BLOCK_GROUP_ITEM,
      );
      const key = {
        objectid: meta.start,
        type: KEY_TYPE.BLOCK_GROUP_ITEM,
        offset: meta.length,
      };
      const old = leaf.items.find((i) => compareKeys(i.key, key) === 0);
      const d = old === undefined ? null : decodeItem(old);
      if (d?.ok !== true || d.value.kind !== 'BLOCK_GROUP_ITEM')
        throw new Error('no block group item of the metadata chunk');
      put(leaf, {
        key,
        data: encodeBlockGroupItem({ ...d.value.value, used: 16384 }),
      });
    });
    expect(refusal(disk)).toEqual({
      errno: 'EUCLEAN',
      message: `extent tree: the metadata block group at ${String(meta.start)} records 16384 bytes used, but its extent items hold 0`,
    });
  });
});
