// The commit's copy-on-write of every tree into free metadata space (the chunk tree into system space), never
// over a node the committed superblock still points to. The fs, extent and csum trees are copied from the
// transaction's changes (commitPatches.ts): only the leaves those reach are read, the rest are shared unread.
// The dev and chunk trees, a few items each, are regenerated whole; the root tree holds their new roots.
//
// SIMPLIFICATION: btrfs copies each path on write as the change is made (btrfs_cow_block under
// btrfs_search_slot); the engine records which keys changed and copies the paths to them at commit.

import { InvariantError } from '../core/assert.ts';
import { sameBytes } from '../core/bytes.ts';
import { cowTree, type CowTree } from '../disk/format/cowTree.ts';
import {
  cowTreePatched,
  type ItemPatch,
} from '../disk/format/cowTreePatches.ts';
import {
  encodeRootItem,
  keepGeneration,
  KEY_TYPE,
  TREE_ID,
  type Item,
} from '../disk/format/items.ts';
import type { ShapeNode } from '../disk/format/tree.ts';
import {
  csumTreePatches,
  extentTreePatches,
  fsTreePatches,
} from './commitPatches.ts';
import type { Fs } from './fs.ts';
import { fsToItems, type TreeItems } from './metadataItems.ts';
import type { ChunkType } from './space/chunkType.ts';
import { chunkTreeItems, devTreeItems } from './spaceItems.ts';

/** Thrown by a node allocator whose block groups are full; the commit allocates a chunk and starts over. */
export class OutOfNodes extends Error {
  constructor(readonly type: ChunkType) {
    super(`no free ${type} node`);
  }
}

/** Free nodes of `type`'s block groups, lowest first, skipping the committed trees' nodes. */
function nodeAllocator(fs: Fs, type: ChunkType): () => number {
  const ns = fs.geo.nodeSize;
  const groups = fs.space.groupsOf(type);
  let g = 0;
  let next = 0;
  return () => {
    for (;;) {
      const group = groups[g];
      if (group === undefined) throw new OutOfNodes(type);
      // The groups ascend: the first node tried in a group is its start.
      const at = Math.max(next, group.start);
      if (at + ns > group.start + group.length) {
        g++;
        continue;
      }
      next = at + ns;
      if (!fs.committed.nodes.has(at)) return at;
    }
  };
}

export interface WrittenTrees {
  readonly trees: readonly (readonly [number, CowTree])[];
  readonly chunk: CowTree;
  readonly root: CowTree;
}

/**
 * Where the fs, extent and csum trees' items come from: the transaction's changes applied to the committed
 * trees, or every item regenerated (what checkCommits compares against).
 */
type ItemSource = 'changes' | 'everything';

type WriteNode = (bytenr: number, bytes: Uint8Array) => void;

/** Copies every tree's changed paths once; throws OutOfNodes when a block group type has no node left. */
function writeTrees(
  fs: Fs,
  generation: number,
  source: ItemSource,
  write: WriteNode,
): WrittenTrees {
  const common = {
    nodeSize: fs.geo.nodeSize,
    fsid: fs.committed.superblock.fsid,
    generation,
    write,
  };
  const meta = { ...common, alloc: nodeAllocator(fs, 'metadata') };
  const previous = (id: number): ShapeNode | null =>
    fs.committed.trees.get(id) ?? null;
  let everything: TreeItems | null = null;
  const allItems = (): TreeItems => (everything ??= fsToItems(fs, generation));
  const tree = (
    id: number,
    patches: (before: ShapeNode) => ItemPatch[],
    items: (all: TreeItems) => Item[],
  ): [number, CowTree] => {
    const before = previous(id);
    const opts = { ...meta, owner: id, keep: keepGeneration };
    return [
      id,
      source === 'changes' && before !== null
        ? cowTreePatched(before, patches(before), opts)
        : cowTree(items(allItems()), before, opts),
    ];
  };
  const chunks = fs.space.chunks.all();
  const trees = [
    tree(
      TREE_ID.EXTENT_TREE,
      () => extentTreePatches(fs, generation),
      (all) => all.extentTree,
    ),
    [
      TREE_ID.DEV_TREE,
      cowTree(devTreeItems(chunks), previous(TREE_ID.DEV_TREE), {
        ...meta,
        owner: TREE_ID.DEV_TREE,
        keep: keepGeneration,
      }),
    ] as const,
    tree(
      TREE_ID.FS_TREE,
      () => fsTreePatches(fs, generation),
      (all) => all.fsTree,
    ),
    tree(
      TREE_ID.CSUM_TREE,
      (before) => csumTreePatches(fs, before),
      (all) => all.csumTree,
    ),
  ];
  const chunk = cowTree(
    chunkTreeItems(chunks, fs.geo.sectorSize),
    previous(TREE_ID.CHUNK_TREE),
    {
      ...common,
      alloc: nodeAllocator(fs, 'system'),
      owner: TREE_ID.CHUNK_TREE,
    },
  );
  // A root item records where its tree's root is and that root's generation (older when untouched).
  const rootItems: Item[] = trees.map(([id, t]) => ({
    key: { objectid: id, type: KEY_TYPE.ROOT_ITEM, offset: 0 },
    data: encodeRootItem({
      bytenr: t.bytenr,
      level: t.level,
      generation: t.shape.generation,
    }),
  }));
  // The superblock's generation names the root tree's root, so every commit writes a new one.
  const root = cowTree(rootItems, previous(TREE_ID.ROOT_TREE), {
    ...meta,
    owner: TREE_ID.ROOT_TREE,
    newRoot: true,
  });
  return { trees, chunk, root };
}

function attempt(
  fs: Fs,
  generation: number,
  source: ItemSource,
  write: WriteNode,
): WrittenTrees | OutOfNodes {
  try {
    return writeTrees(fs, generation, source, write);
  } catch (error) {
    if (error instanceof OutOfNodes) return error;
    throw error;
  }
}

/**
 * The commit's trees, from the transaction's changes, or OutOfNodes when a block group type ran out of free
 * nodes. With fs.checkCommits, the trees from every item regenerated must come out node for node the same.
 */
export function writeCommitTrees(
  fs: Fs,
  generation: number,
): WrittenTrees | OutOfNodes {
  const toDisk: WriteNode = (bytenr, bytes) => {
    fs.disk.write(bytenr, bytes);
  };
  if (!fs.checkCommits) return attempt(fs, generation, 'changes', toDisk);
  const expected: [number, Uint8Array][] = [];
  // Stryker disable next-line StringLiteral: writeTrees asks only whether the source is 'changes'; any other value regenerates every item
  const reference = attempt(fs, generation, 'everything', (at, bytes) => {
    expected.push([at, bytes]);
  });
  const actual: [number, Uint8Array][] = [];
  const result = attempt(fs, generation, 'changes', (at, bytes) => {
    actual.push([at, bytes]);
  });
  const difference = firstDifference(reference, expected, result, actual);
  if (difference !== null)
    throw new InvariantError(
      `commit ${String(generation)}: the trees copied from the transaction's changes differ from those copied from every item regenerated: ${difference}`,
    );
  for (const [at, bytes] of actual) toDisk(at, bytes);
  return result;
}

function nodesOf(w: WrittenTrees | OutOfNodes): string {
  if (w instanceof OutOfNodes) return w.message;
  return [...w.trees.map(([, t]) => t), w.chunk, w.root]
    .map((t) => `${String(t.bytenr)}/${String(t.level)}:${t.nodes.join(',')}`)
    .join(' ');
}

function firstDifference(
  reference: WrittenTrees | OutOfNodes,
  expected: readonly [number, Uint8Array][],
  result: WrittenTrees | OutOfNodes,
  actual: readonly [number, Uint8Array][],
): string | null {
  for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
    const want = expected[i];
    const got = actual[i];
    if (want === undefined || got === undefined)
      return `${String(expected.length)} nodes written from every item, ${String(actual.length)} from the changes`;
    if (want[0] !== got[0])
      return `node write ${String(i)} went to ${String(got[0])}, not ${String(want[0])}`;
    if (!sameBytes(want[1], got[1]))
      return `node ${String(got[0])} (write ${String(i)}) holds different bytes`;
  }
  const want = nodesOf(reference);
  const got = nodesOf(result);
  return want === got ? null : `the trees' nodes are ${got}, not ${want}`;
}
