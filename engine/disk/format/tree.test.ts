import { describe, expect, it } from 'vitest';
import { crc32c } from '../../core/crc32c.ts';
import { createRng } from '../../core/rng.ts';
import { MemoryDisk } from '../memoryDisk.ts';
import {
  encodeFileExtentItem,
  encodeInodeItem,
  encodeInodeRef,
  EXTENT_CSUM_OBJECTID,
  INODE_FLAG,
  KEY_TYPE,
  TREE_ID,
  type Item,
} from './items.ts';
import { compareKeys, type Key } from './key.ts';
import {
  decodeNode,
  encodeNode,
  HEADER_SIZE,
  ITEM_HEADER_SIZE,
  maxItemSize,
  maxPtrs,
  type KeyPtr,
  type Node,
  type NodeBody,
} from './node.ts';
import { readTree, writeTree, type WriteTreeOptions } from './tree.ts';

const FSID = '00112233445566778899aabbccddeeff';
const OTHER_FSID = 'ffeeddccbbaa99887766554433221100';
const BASE = 1 << 20;
const { FS_TREE, EXTENT_TREE, CSUM_TREE } = TREE_ID;

function key(objectid: number, type: number, offset: number): Key {
  return { objectid, type, offset };
}

/** A node-addressed disk in a Map: unwritten blocks read as zeros. */
function mapDisk(nodeSize: number) {
  const blocks = new Map<number, Uint8Array>();
  let next = BASE;
  return {
    blocks,
    alloc: () => {
      const at = next;
      next += nodeSize;
      return at;
    },
    write: (bytenr: number, bytes: Uint8Array) => {
      blocks.set(bytenr, bytes.slice());
    },
    read: (bytenr: number, length: number) =>
      (blocks.get(bytenr) ?? new Uint8Array(length)).slice(0, length),
    block(bytenr: number): Uint8Array {
      const bytes = blocks.get(bytenr);
      if (bytes === undefined) throw new Error(`no block at ${String(bytenr)}`);
      return bytes;
    },
  };
}

/** An FS-tree-like item set: inode item, inode ref and file extent per inode, with varying sizes. */
function fsItems(count: number): Item[] {
  const items: Item[] = [];
  for (let ino = 256; items.length < count; ino++) {
    items.push({
      key: key(ino, KEY_TYPE.INODE_ITEM, 0),
      data: encodeInodeItem({
        generation: 1,
        size: ino * 3,
        nbytes: 4096,
        flags: ino % 4 === 0 ? INODE_FLAG.NODATACOW : 0,
      }),
    });
    items.push({
      key: key(ino, KEY_TYPE.INODE_REF, 256),
      data: encodeInodeRef({
        name: `file-${String(ino)}${'x'.repeat(ino % 40)}`,
      }),
    });
    items.push({
      key: key(ino, KEY_TYPE.EXTENT_DATA, 0),
      data: encodeFileExtentItem({
        generation: 1,
        type: ino % 3 === 0 ? 'prealloc' : 'regular',
        diskBytenr: ino * 4096,
        diskNumBytes: 4096,
        offset: 0,
        numBytes: 4096,
        ramBytes: 4096,
      }),
    });
  }
  return items.slice(0, count);
}

function options(
  disk: ReturnType<typeof mapDisk>,
  nodeSize: number,
  overrides: Partial<WriteTreeOptions> = {},
): WriteTreeOptions {
  return {
    nodeSize,
    fsid: FSID,
    generation: 3,
    owner: FS_TREE,
    alloc: disk.alloc,
    write: disk.write,
    ...overrides,
  };
}

function readOpts(nodeSize: number) {
  return { nodeSize, fsid: FSID, owner: FS_TREE, generation: 3 };
}

function errorOf(result: {
  ok: boolean;
  error?: { errno: string; message: string };
}) {
  expect(result.ok).toBe(false);
  expect(result.error?.errno).toBe('EIO');
  return result.error?.message ?? '';
}

/** Recomputes a node's checksum, so a test reaches the checks behind it. */
function reseal(bytes: Uint8Array): Uint8Array {
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(
    0,
    crc32c(bytes.subarray(32)),
    true,
  );
  return bytes;
}

function header(bytenr: number, level: number, generation = 3) {
  return { fsid: FSID, bytenr, generation, owner: FS_TREE, level };
}

function decodeAt(
  disk: ReturnType<typeof mapDisk>,
  bytenr: number,
  nodeSize: number,
  level: number,
): Node {
  const node = decodeNode(disk.block(bytenr), {
    nodeSize,
    bytenr,
    fsid: FSID,
    owner: FS_TREE,
    level,
  });
  if (!node.ok) throw new Error(node.error.message);
  return node.value;
}

function ptrsOf(node: Node): readonly KeyPtr[] {
  if (node.kind !== 'internal') throw new Error('not an internal node');
  return node.ptrs;
}

function itemsOf(node: Node): readonly Item[] {
  if (node.kind !== 'leaf') throw new Error('not a leaf');
  return node.items;
}

/** A two-leaf tree at 4096 with a level-1 root: [leaf0, leaf1, root]. */
function twoLeafTree() {
  const disk = mapDisk(4096);
  const items = fsItems(100);
  const tree = writeTree(items, options(disk, 4096));
  expect(tree.level).toBe(1);
  const [leaf0, leaf1] = ptrsOf(decodeAt(disk, tree.bytenr, 4096, 1));
  if (leaf0 === undefined || leaf1 === undefined || tree.nodes.length !== 3)
    throw new Error('expected a root over two leaves');
  return { disk, items, tree, leaf0, leaf1 };
}

function writeRoot(
  disk: ReturnType<typeof mapDisk>,
  bytenr: number,
  level: number,
  body: NodeBody,
) {
  disk.write(
    bytenr,
    encodeNode(4096, { ...body, header: header(bytenr, level) }),
  );
}

describe('writeTree / readTree round trips', () => {
  it('writes an empty tree as a single empty leaf', () => {
    const disk = mapDisk(4096);
    const tree = writeTree([], options(disk, 4096));
    const leaf = { kind: 'leaf', bytenr: BASE, generation: 3, items: [] };
    expect(tree).toEqual({
      bytenr: BASE,
      level: 0,
      nodes: [BASE],
      shape: leaf,
    });
    expect(readTree(disk.read, tree, readOpts(4096))).toEqual({
      ok: true,
      value: { items: [], nodes: [BASE], shape: leaf },
    });
  });

  it('round-trips a single item', () => {
    const disk = mapDisk(4096);
    const items = fsItems(1);
    const tree = writeTree(items, options(disk, 4096));
    expect(tree.level).toBe(0);
    const read = readTree(disk.read, tree, readOpts(4096));
    expect(read).toEqual({
      ok: true,
      value: {
        items,
        nodes: [BASE],
        shape: { kind: 'leaf', bytenr: BASE, generation: 3, items },
      },
    });
  });

  for (const [nodeSize, level] of [
    [1024, 2],
    [4096, 1],
    [16384, 1],
  ] as const) {
    it(`round-trips 5,000 items through a level-${String(level)} tree of ${String(nodeSize)}-byte nodes on a MemoryDisk`, () => {
      const disk = MemoryDisk.create(16 << 20);
      let next = BASE;
      const items = fsItems(5000);
      const tree = writeTree(items, {
        nodeSize,
        fsid: FSID,
        generation: 3,
        owner: FS_TREE,
        alloc: () => (next += nodeSize) - nodeSize,
        write: (bytenr, bytes) => {
          disk.write(bytenr, bytes);
        },
      });
      expect(tree.level).toBe(level);
      const read = readTree(
        (bytenr, length) => {
          const buf = new Uint8Array(length);
          disk.read(bytenr, buf);
          return buf;
        },
        tree,
        readOpts(nodeSize),
      );
      if (!read.ok) throw new Error(read.error.message);
      expect(read.value.items).toEqual(items);
      expect([...read.value.nodes].sort((a, b) => a - b)).toEqual(
        [...tree.nodes].sort((a, b) => a - b),
      );
      expect(tree.nodes.at(-1)).toBe(tree.bytenr);
    });
  }

  it('packs leaves full and splits internal levels evenly', () => {
    const disk = mapDisk(1024);
    const items = fsItems(5000);
    const tree = writeTree(items, options(disk, 1024));
    const leaves: Node[] = [];
    const walk = (bytenr: number, level: number): void => {
      const node = decodeAt(disk, bytenr, 1024, level);
      if (node.kind === 'leaf') {
        leaves.push(node);
        return;
      }
      const counts = node.ptrs.length;
      expect(counts).toBeLessThanOrEqual(maxPtrs(1024));
      node.ptrs.forEach((ptr) => {
        walk(ptr.blockptr, level - 1);
      });
    };
    walk(tree.bytenr, tree.level);
    const space = 1024 - HEADER_SIZE;
    leaves.slice(0, -1).forEach((leaf, i) => {
      const used = itemsOf(leaf).reduce(
        (sum, item) => sum + ITEM_HEADER_SIZE + item.data.length,
        0,
      );
      const next = itemsOf(leaves[i + 1] ?? leaf)[0];
      expect(
        used + ITEM_HEADER_SIZE + (next?.data.length ?? 0),
      ).toBeGreaterThan(space);
    });
    const root = ptrsOf(decodeAt(disk, tree.bytenr, 1024, tree.level));
    const level1 = root.map(
      (ptr) =>
        ptrsOf(decodeAt(disk, ptr.blockptr, 1024, tree.level - 1)).length,
    );
    expect(Math.max(...level1) - Math.min(...level1)).toBeLessThanOrEqual(1);
  });

  it('holds an item of the largest size, and refuses one byte more', () => {
    const disk = mapDisk(4096);
    const max = maxItemSize(4096);
    expect(max).toBe(4096 - 77 - 25);
    const big = (size: number): Item[] => [
      {
        key: key(EXTENT_CSUM_OBJECTID, KEY_TYPE.EXTENT_CSUM, 0),
        data: new Uint8Array(size).fill(7),
      },
      {
        key: key(EXTENT_CSUM_OBJECTID, KEY_TYPE.EXTENT_CSUM, 1 << 20),
        data: new Uint8Array(size).fill(9),
      },
    ];
    const tree = writeTree(big(max), options(disk, 4096, { owner: CSUM_TREE }));
    expect(tree.nodes.length).toBe(3);
    const read = readTree(disk.read, tree, {
      ...readOpts(4096),
      owner: CSUM_TREE,
    });
    expect(read.ok && read.value.items).toEqual(big(max));
    expect(() => writeTree(big(max + 1), options(disk, 4096))).toThrow(
      'writeTree: item 0 (EXTENT_CSUM EXTENT_CSUM 0) has 3995 bytes of data; a 4096-byte leaf holds at most 3994',
    );
  });

  it('refuses unsorted and duplicate keys', () => {
    const disk = mapDisk(4096);
    const [a, b] = fsItems(2);
    if (a === undefined || b === undefined) throw new Error('items');
    expect(() => writeTree([b, a], options(disk, 4096))).toThrow(
      'writeTree: items must be strictly sorted by key, but item 1 (256 INODE_ITEM 0) follows item 0 (256 INODE_REF 256)',
    );
    expect(() => writeTree([a, a], options(disk, 4096))).toThrow(
      /strictly sorted.*item 1 \(256 INODE_ITEM 0\) follows item 0 \(256 INODE_ITEM 0\)/,
    );
    expect(disk.blocks.size).toBe(0);
  });

  it('refuses bad geometry and an allocator that repeats itself', () => {
    const disk = mapDisk(4096);
    expect(() => writeTree([], options(disk, 3000))).toThrow(/power of two/);
    expect(() => writeTree([], options(disk, 4096, { fsid: 'abc' }))).toThrow(
      /32 lowercase hex digits/,
    );
    expect(() =>
      writeTree(fsItems(200), options(disk, 4096, { alloc: () => BASE })),
    ).toThrow(`writeTree: alloc() returned ${String(BASE)} twice`);
  });

  it('is deterministic: the same items give identical bytes at identical places', () => {
    const write = (generation: number) => {
      const disk = mapDisk(4096);
      writeTree(fsItems(3000), options(disk, 4096, { generation }));
      return [...disk.blocks.entries()];
    };
    expect(write(3)).toEqual(write(3));
    expect(write(3)).not.toEqual(write(4));
  });
});

describe('readTree verifies every node', () => {
  it('catches a flipped bit as a checksum mismatch', () => {
    const { disk, tree, leaf1 } = twoLeafTree();
    const block = disk.block(leaf1.blockptr);
    const expected = crc32c(block.subarray(32)).toString(16).padStart(8, '0');
    block[4000] = (block[4000] ?? 0) ^ 0x10;
    const message = errorOf(readTree(disk.read, tree, readOpts(4096)));
    expect(message).toMatch(
      new RegExp(
        `^FS_TREE node at ${String(leaf1.blockptr)}: checksum mismatch \\(stored 0x${expected}, computed 0x[0-9a-f]{8}\\)$`,
      ),
    );
  });

  it('catches a node cut short by the end of a truncated device', () => {
    const disk = MemoryDisk.create(BASE + 4096);
    const tree = writeTree(fsItems(10), {
      ...options(mapDisk(4096), 4096),
      write: (bytenr, bytes) => {
        disk.write(bytenr, bytes);
      },
    });
    const whole = new Uint8Array(disk.size());
    disk.read(0, whole);
    const truncated = MemoryDisk.create(BASE + 1000);
    truncated.write(0, whole.subarray(0, BASE + 1000));
    // What a caller's reader over a short device returns: the bytes that exist.
    const read = (bytenr: number, length: number) => {
      const buf = new Uint8Array(
        Math.max(0, Math.min(length, truncated.size() - bytenr)),
      );
      if (buf.length > 0) truncated.read(bytenr, buf);
      return buf;
    };
    expect(errorOf(readTree(read, tree, readOpts(4096)))).toBe(
      `FS_TREE node at ${String(BASE)}: truncated: read 1000 of 4096 bytes`,
    );
  });

  it('catches a misplaced node (valid bytes at the wrong address)', () => {
    const disk = mapDisk(4096);
    const tree = writeTree(fsItems(10), options(disk, 4096));
    disk.write(BASE + 8192, disk.block(tree.bytenr));
    expect(
      errorOf(
        readTree(disk.read, { bytenr: BASE + 8192, level: 0 }, readOpts(4096)),
      ),
    ).toBe(
      `FS_TREE node at ${String(BASE + 8192)}: records bytenr ${String(BASE)}: a misplaced or stale node`,
    );
  });

  it('catches a node of another filesystem', () => {
    const disk = mapDisk(4096);
    const tree = writeTree(
      fsItems(10),
      options(disk, 4096, { fsid: OTHER_FSID }),
    );
    expect(errorOf(readTree(disk.read, tree, readOpts(4096)))).toBe(
      `FS_TREE node at ${String(BASE)}: belongs to filesystem ${OTHER_FSID}, not ${FSID} (a foreign node)`,
    );
  });

  it('catches a node of another tree', () => {
    const disk = mapDisk(4096);
    const tree = writeTree(fsItems(10), options(disk, 4096));
    expect(
      errorOf(
        readTree(disk.read, tree, { ...readOpts(4096), owner: EXTENT_TREE }),
      ),
    ).toBe(
      `EXTENT_TREE node at ${String(BASE)}: is owned by FS_TREE, not EXTENT_TREE`,
    );
  });

  it('catches a level that disagrees with the root or the parent', () => {
    const disk = mapDisk(4096);
    const tree = writeTree(fsItems(10), options(disk, 4096));
    expect(
      errorOf(
        readTree(disk.read, { bytenr: tree.bytenr, level: 1 }, readOpts(4096)),
      ),
    ).toBe(`FS_TREE node at ${String(BASE)}: has level 0, expected 1`);
    expect(
      errorOf(
        readTree(disk.read, { bytenr: tree.bytenr, level: 8 }, readOpts(4096)),
      ),
    ).toBe(`FS_TREE node at ${String(BASE)}: root level 8 is outside 0 to 7`);
  });

  it('catches a stale root and a lost write below it (parent transid)', () => {
    const disk = mapDisk(4096);
    const old = writeTree(fsItems(100), options(disk, 4096, { generation: 2 }));
    const stale = disk.block(old.nodes[0] ?? 0);
    disk.blocks.clear();
    const tree = writeTree(
      fsItems(100),
      options(mapDisk(4096), 4096, { write: disk.write }),
    );
    expect(tree.nodes).toEqual(old.nodes);
    expect(
      errorOf(readTree(disk.read, tree, { ...readOpts(4096), generation: 4 })),
    ).toBe(
      `FS_TREE node at ${String(tree.bytenr)}: has generation 3, expected 4 (a lost or stale write)`,
    );
    disk.write(old.nodes[0] ?? 0, stale);
    expect(errorOf(readTree(disk.read, tree, readOpts(4096)))).toBe(
      `FS_TREE node at ${String(BASE)}: has generation 2, expected 3 (a lost or stale write)`,
    );
  });

  it('catches a header field beyond 2^53 - 1', () => {
    const disk = mapDisk(4096);
    const tree = writeTree(fsItems(10), options(disk, 4096));
    const block = disk.block(tree.bytenr);
    block.fill(0xff, 56, 64);
    reseal(block);
    expect(errorOf(readTree(disk.read, tree, readOpts(4096)))).toBe(
      `FS_TREE node at ${String(BASE)}: header generation is beyond 2^53 - 1`,
    );
  });

  it('catches unsorted and duplicate keys inside a leaf', () => {
    const disk = mapDisk(4096);
    const [a, b] = fsItems(2);
    if (a === undefined || b === undefined) throw new Error('items');
    writeRoot(disk, BASE, 0, { kind: 'leaf', items: [b, a] });
    expect(
      errorOf(readTree(disk.read, { bytenr: BASE, level: 0 }, readOpts(4096))),
    ).toBe(
      `FS_TREE node at ${String(BASE)}: item 1 key (256 INODE_ITEM 0) is not after item 0 key (256 INODE_REF 256)`,
    );
    writeRoot(disk, BASE, 0, { kind: 'leaf', items: [a, a] });
    expect(
      errorOf(readTree(disk.read, { bytenr: BASE, level: 0 }, readOpts(4096))),
    ).toMatch(/item 1 key \(256 INODE_ITEM 0\) is not after item 0 key/);
  });

  it('catches a key beyond 2^53 - 1', () => {
    const disk = mapDisk(4096);
    const tree = writeTree(fsItems(2), options(disk, 4096));
    const block = disk.block(tree.bytenr);
    block.fill(0xff, HEADER_SIZE, HEADER_SIZE + 8);
    reseal(block);
    expect(errorOf(readTree(disk.read, tree, readOpts(4096)))).toBe(
      `FS_TREE node at ${String(BASE)}: item 0 has a key beyond 2^53 - 1`,
    );
  });

  it('catches item data outside the leaf, overlapping or leaving gaps', () => {
    const disk = mapDisk(4096);
    const tree = writeTree(fsItems(2), options(disk, 4096));
    const original = disk.block(tree.bytenr).slice();
    const patch = (item: number, field: 'offset' | 'size', value: number) => {
      const block = original.slice();
      new DataView(block.buffer).setUint32(
        HEADER_SIZE + item * ITEM_HEADER_SIZE + 17 + (field === 'size' ? 4 : 0),
        value,
        true,
      );
      disk.write(BASE, reseal(block));
      return errorOf(readTree(disk.read, tree, readOpts(4096)));
    };
    expect(patch(0, 'offset', 10)).toBe(
      `FS_TREE node at ${String(BASE)}: item 0 data [10, 42) is outside the data area [127, 4096)`,
    );
    expect(patch(1, 'size', 100)).toBe(
      `FS_TREE node at ${String(BASE)}: item 1 data [4038, 4138) is outside the data area [127, 4096)`,
    );
    expect(patch(1, 'size', 6)).toBe(
      `FS_TREE node at ${String(BASE)}: item 1 data ends at 4044, expected 4064 (items are packed back to back from the end)`,
    );
    const block = original.slice();
    new DataView(block.buffer).setUint32(72, 1000, true);
    disk.write(BASE, reseal(block));
    expect(errorOf(readTree(disk.read, tree, readOpts(4096)))).toBe(
      `FS_TREE node at ${String(BASE)}: claims 1000 items, more headers than a leaf holds`,
    );
  });

  it('catches an internal node with no pointers or unsorted pointers', () => {
    const { disk, tree, leaf0, leaf1 } = twoLeafTree();
    const block = disk.block(tree.bytenr).slice();
    new DataView(block.buffer).setUint32(72, 0, true);
    disk.write(tree.bytenr, reseal(block));
    expect(errorOf(readTree(disk.read, tree, readOpts(4096)))).toBe(
      `FS_TREE node at ${String(tree.bytenr)}: claims 0 pointers, an internal node holds 1 to 121`,
    );
    writeRoot(disk, tree.bytenr, 1, { kind: 'internal', ptrs: [leaf1, leaf0] });
    expect(errorOf(readTree(disk.read, tree, readOpts(4096)))).toMatch(
      /: pointer 1 key \(256 INODE_ITEM 0\) is not after pointer 0 key \(\d+ [A-Z_]+ \d+\)$/,
    );
  });

  it('catches a pointer recording a child newer than its parent', () => {
    const { disk, tree, leaf0, leaf1 } = twoLeafTree();
    writeRoot(disk, tree.bytenr, 1, {
      kind: 'internal',
      ptrs: [leaf0, { ...leaf1, generation: 4 }],
    });
    expect(errorOf(readTree(disk.read, tree, readOpts(4096)))).toBe(
      `FS_TREE node at ${String(tree.bytenr)}: pointer 1 records child generation 4, newer than the node's own 3`,
    );
  });

  it("catches a child whose first key is not its parent's pointer key", () => {
    const { disk, tree, leaf0, leaf1 } = twoLeafTree();
    writeRoot(disk, tree.bytenr, 1, {
      kind: 'internal',
      ptrs: [{ ...leaf0, key: key(1, 1, 0) }, leaf1],
    });
    expect(errorOf(readTree(disk.read, tree, readOpts(4096)))).toBe(
      `FS_TREE node at ${String(leaf0.blockptr)}: first key (256 INODE_ITEM 0) differs from the key (1 INODE_ITEM 0) its parent node at ${String(tree.bytenr)} points with`,
    );
  });

  it('catches leaves whose keys overlap', () => {
    const { disk, tree, leaf0, leaf1 } = twoLeafTree();
    const items = [...itemsOf(decodeAt(disk, leaf0.blockptr, 4096, 0))];
    const last = items.pop();
    if (last === undefined) throw new Error('empty leaf');
    items.push({
      ...last,
      key: { ...leaf1.key, offset: leaf1.key.offset + 1 },
    });
    disk.write(
      leaf0.blockptr,
      encodeNode(4096, {
        kind: 'leaf',
        items,
        header: header(leaf0.blockptr, 0),
      }),
    );
    expect(errorOf(readTree(disk.read, tree, readOpts(4096)))).toMatch(
      new RegExp(
        `^FS_TREE node at ${String(leaf1.blockptr)}: first key \\(\\d+ \\w+ \\d+\\) is not after the previous leaf's last key \\(\\d+ \\w+ \\d+\\)$`,
      ),
    );
  });

  it('catches an empty leaf below an internal node', () => {
    const { disk, tree, leaf0, leaf1 } = twoLeafTree();
    writeRoot(disk, leaf1.blockptr, 0, { kind: 'leaf', items: [] });
    expect(errorOf(readTree(disk.read, tree, readOpts(4096)))).toBe(
      `FS_TREE node at ${String(leaf1.blockptr)}: an empty leaf below node ${String(tree.bytenr)} (only a root leaf may be empty)`,
    );
    expect(leaf0.blockptr).toBe(BASE);
  });

  it('catches a node reached twice and a node that points to itself', () => {
    const { disk, tree, leaf0, leaf1 } = twoLeafTree();
    writeRoot(disk, tree.bytenr, 1, {
      kind: 'internal',
      ptrs: [leaf0, { ...leaf1, blockptr: leaf0.blockptr }],
    });
    expect(errorOf(readTree(disk.read, tree, readOpts(4096)))).toBe(
      `FS_TREE node at ${String(tree.bytenr)}: points to node ${String(leaf0.blockptr)}, which the walk already reached (a node appears twice in the tree)`,
    );
    writeRoot(disk, tree.bytenr, 1, {
      kind: 'internal',
      ptrs: [{ ...leaf0, blockptr: tree.bytenr }],
    });
    expect(errorOf(readTree(disk.read, tree, readOpts(4096)))).toMatch(
      /points to node \d+, which the walk already reached/,
    );
  });

  it('never throws and never returns unsorted items, whatever byte is corrupted', () => {
    const rng = createRng(42);
    const { disk, tree } = twoLeafTree();
    const pristine = new Map(
      [...disk.blocks].map(([at, bytes]) => [at, bytes.slice()]),
    );
    for (let round = 0; round < 500; round++) {
      for (const [at, bytes] of pristine) disk.write(at, bytes);
      const victim = tree.nodes[rng.int(tree.nodes.length)] ?? BASE;
      const block = disk.block(victim);
      // Bytes 4-31 are checksum padding: like btrfs with crc32c, only the first 4 are compared.
      const at = round % 2 === 0 ? 32 + rng.int(4096 - 32) : 32 + rng.int(600);
      block[at] = (block[at] ?? 0) ^ (1 + rng.int(255));
      const sealed = round % 4 < 2;
      if (sealed) reseal(block);
      const read = readTree(disk.read, tree, readOpts(4096));
      if (!sealed) expect(errorOf(read)).toMatch(/checksum mismatch/);
      if (read.ok) {
        const keys = read.value.items.map((item) => item.key);
        keys.slice(1).forEach((k, i) => {
          expect(compareKeys(keys[i] ?? k, k)).toBeLessThan(0);
        });
      } else expect(read.error.errno).toBe('EIO');
    }
  });
});
