// Copy-on-write commits of a tree: whatever the changes, the new tree reads back as exactly the new items, no
// node of the previous tree is written over, the previous tree still reads back intact, untouched leaves
// are shared, and a one-item change writes only its path.

import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../../core/rng.ts';
import { cowTree, type CowTree } from './cowTree.ts';
import { EXTENT_FLAG, encodeExtentItem } from './extentItem.ts';
import {
  encodeInodeRef,
  keepGeneration,
  KEY_TYPE,
  TREE_ID,
  type Item,
} from './items.ts';
import { compareKeys } from './key.ts';
import { HEADER_SIZE, ITEM_HEADER_SIZE } from './node.ts';
import { readTree, type ShapeNode } from './tree.ts';

const FSID = '00112233445566778899aabbccddeeff';
const OWNER = TREE_ID.EXTENT_TREE;

/** Node-sized blocks in a Map; alloc hands out the lowest block no committed tree uses. */
function mapDisk(nodeSize: number) {
  const blocks = new Map<number, Uint8Array>();
  let committed = new Set<number>();
  return {
    read: (bytenr: number, length: number): Uint8Array =>
      (blocks.get(bytenr) ?? new Uint8Array(length)).slice(0, length),
    commit(
      items: readonly Item[],
      previous: ShapeNode | null,
      generation: number,
    ): CowTree {
      let next = 0;
      const tree = cowTree(items, previous, {
        nodeSize,
        fsid: FSID,
        generation,
        owner: OWNER,
        keep: keepGeneration,
        alloc: () => {
          while (committed.has(next)) next += nodeSize;
          const at = next;
          next += nodeSize;
          return at;
        },
        write: (bytenr, bytes) => {
          if (committed.has(bytenr))
            throw new Error(`wrote over committed node ${String(bytenr)}`);
          blocks.set(bytenr, bytes.slice());
        },
      });
      committed = new Set(tree.nodes);
      return tree;
    },
  };
}

function extentItem(bytenr: number, refs: number, generation: number): Item {
  return {
    key: { objectid: bytenr, type: KEY_TYPE.EXTENT_ITEM, offset: 4096 },
    data: encodeExtentItem({
      refs,
      generation,
      flags: EXTENT_FLAG.DATA,
      dataRefs: [],
    }),
  };
}

/** A random edit of a sorted item list at `generation`: inserts, deletes, changed refs, bigger items. */
function edit(rng: Rng, items: readonly Item[], generation: number): Item[] {
  const byKey = new Map(items.map((i) => [i.key.objectid, i]));
  const edits = 1 + rng.int(rng.int(4) === 0 ? 400 : 12);
  for (let e = 0; e < edits; e++) {
    const bytenr = (1 + rng.int(3000)) * 4096;
    switch (rng.int(4)) {
      case 0:
        byKey.delete(bytenr);
        break;
      case 1:
        // A bigger payload under its own key type: leaves fill unevenly.
        byKey.set(bytenr, {
          key: { objectid: bytenr, type: KEY_TYPE.INODE_REF, offset: 256 },
          data: encodeInodeRef({ name: 'n'.repeat(1 + rng.int(200)) }),
        });
        break;
      default:
        byKey.set(bytenr, extentItem(bytenr, 1 + rng.int(3), generation));
    }
  }
  return [...byKey.values()].sort((a, b) => compareKeys(a.key, b.key));
}

/** Every key and payload byte of `items`, as one string (cheap to compare). */
function signature(items: readonly Item[]): string {
  return items
    .map(
      (i) =>
        `${String(i.key.objectid)}.${String(i.key.type)}.${String(i.key.offset)}=${Buffer.from(i.data).toString('hex')}`,
    )
    .join(' ');
}

function leaves(tree: ShapeNode): ShapeNode[] {
  return tree.kind === 'leaf' ? [tree] : tree.children.flatMap(leaves);
}

function readBack(
  disk: ReturnType<typeof mapDisk>,
  tree: CowTree,
  nodeSize: number,
) {
  const read = readTree(
    disk.read,
    { bytenr: tree.bytenr, level: tree.level },
    { nodeSize, fsid: FSID, owner: OWNER, generation: tree.shape.generation },
  );
  if (!read.ok) throw new Error(read.error.message);
  return read.value;
}

describe('cowTree', () => {
  it.each([
    [1024, 1],
    [4096, 2],
    [16384, 3],
  ])(
    '%i-byte nodes, seed %i: 30 commits of random edits read back exactly, and the old tree stays readable',
    (nodeSize, seed) => {
      const rng = createRng(seed);
      const disk = mapDisk(nodeSize);
      let items: Item[] = [];
      let tree = disk.commit(items, null, 1);
      for (let generation = 2; generation <= 30; generation++) {
        const before = tree;
        const stored = readBack(disk, before, nodeSize).items;
        const beforeItems = signature(stored);
        items = edit(rng, items, generation);
        tree = disk.commit(items, tree.shape, generation);
        const read = readBack(disk, tree, nodeSize);
        // What the tree should hold: the new items, each unchanged one with its old generation.
        const old = new Map(
          stored.map((i) => [signature([i]).split('=')[0], i]),
        );
        const expected = items.map((i) => {
          const was = old.get(signature([i]).split('=')[0]);
          return was === undefined ? i : keepGeneration(i, was);
        });
        expect(signature(read.items)).toBe(signature(expected));
        const sorted = (nodes: readonly number[]): number[] =>
          [...nodes].sort((x, y) => x - y);
        expect(sorted(read.nodes)).toEqual(sorted(tree.nodes));
        // The committed tree is untouched: a power cut before the superblock still mounts it.
        expect(signature(readBack(disk, before, nodeSize).items)).toBe(
          beforeItems,
        );
        // Written nodes are new; every other node of the new tree was in the old one.
        const oldNodes = new Set(before.nodes);
        const written = new Set(tree.written);
        expect(tree.written.filter((n) => oldNodes.has(n))).toEqual([]);
        expect(
          tree.nodes.filter((n) => !written.has(n) && !oldNodes.has(n)),
        ).toEqual([]);
      }
    },
    120_000,
  );

  it('a one-item change rewrites one leaf and the nodes above it; the rest is shared', () => {
    const nodeSize = 1024;
    const disk = mapDisk(nodeSize);
    const items = Array.from({ length: 2000 }, (_, i) =>
      extentItem((i + 1) * 4096, 1, 1),
    );
    const first = disk.commit(items, null, 1);
    expect(first.level).toBeGreaterThanOrEqual(2);
    const changed = items.map((item, i) =>
      i === 777 ? extentItem((i + 1) * 4096, 2, 2) : item,
    );
    const second = disk.commit(changed, first.shape, 2);
    expect(second.written.length).toBe(first.level + 1);
    expect(second.nodes.length).toBe(first.nodes.length);
    const shared = leaves(second.shape).filter((l) => l.generation === 1);
    expect(shared.length).toBe(leaves(first.shape).length - 1);
  });

  it('items appended at the end keep the leaves full, as a split at a leaf end does', () => {
    const nodeSize = 1024;
    const disk = mapDisk(nodeSize);
    const all = Array.from({ length: 3000 }, (_, i) =>
      extentItem((i + 1) * 4096, 1, 1),
    );
    let tree = disk.commit(all.slice(0, 100), null, 1);
    for (let n = 100, generation = 2; n < all.length; n += 37, generation++)
      tree = disk.commit(all.slice(0, n + 37), tree.shape, generation);
    // As many leaves as writing the 3,000 items at once takes.
    const fresh = mapDisk(nodeSize).commit(all, null, 1);
    expect(leaves(tree.shape).length).toBe(leaves(fresh.shape).length);
  });

  it('an item whose only change is its generation keeps the old one, and nothing is written', () => {
    const disk = mapDisk(4096);
    const items = Array.from({ length: 300 }, (_, i) =>
      extentItem((i + 1) * 4096, 1, 1),
    );
    const first = disk.commit(items, null, 1);
    const again = items.map((item) => extentItem(item.key.objectid, 1, 2));
    const second = disk.commit(again, first.shape, 2);
    expect(second.written).toEqual([]);
    expect(second.shape).toBe(first.shape);
  });

  it('newRoot copies an unchanged root, so the root carries the new generation', () => {
    const disk = mapDisk(4096);
    const items = [extentItem(4096, 1, 1)];
    const first = disk.commit(items, null, 1);
    let next = 1 << 20;
    const second = cowTree(items, first.shape, {
      nodeSize: 4096,
      fsid: FSID,
      generation: 2,
      owner: OWNER,
      newRoot: true,
      alloc: () => (next += 4096),
      write: () => undefined,
    });
    expect(second.written).toHaveLength(1);
    expect(second.shape.generation).toBe(2);
  });

  it('emptying the tree leaves one empty root leaf', () => {
    const disk = mapDisk(1024);
    const items = Array.from({ length: 200 }, (_, i) =>
      extentItem((i + 1) * 4096, 1, 1),
    );
    const first = disk.commit(items, null, 1);
    const second = disk.commit([], first.shape, 2);
    expect(second.level).toBe(0);
    expect(second.nodes).toHaveLength(1);
    expect(readBack(disk, second, 1024).items).toEqual([]);
  });

  it('leaves stay at least a quarter full after deletions, except a lone root', () => {
    const nodeSize = 1024;
    const rng = createRng(9);
    const disk = mapDisk(nodeSize);
    let items = Array.from({ length: 1500 }, (_, i) =>
      extentItem((i + 1) * 4096, 1, 1),
    );
    let tree = disk.commit(items, null, 1);
    for (let generation = 2; generation < 40; generation++) {
      items = items.filter(() => rng.int(10) !== 0);
      tree = disk.commit(items, tree.shape, generation);
    }
    const all = leaves(tree.shape);
    expect(all.length).toBeGreaterThan(1);
    const bytes = (l: ShapeNode): number =>
      l.kind === 'leaf'
        ? l.items.reduce((n, i) => n + ITEM_HEADER_SIZE + i.data.length, 0)
        : 0;
    // Each run of rewritten leaves is packed evenly; a run under a quarter takes in a neighbour.
    expect(all.filter((l) => bytes(l) < (nodeSize - HEADER_SIZE) / 4)).toEqual(
      [],
    );
  });
});
