// Whole trees: writeTree packs sorted items into leaves and builds internal levels up to one root; readTree
// walks a tree from its root, verifying every node and how it hangs in the tree. Pure: I/O goes through callbacks.

import { InvariantError } from '../../core/assert.ts';
import { fail, ok, type Result } from '../../core/errno.ts';
import { formatKey, type Item } from './items.ts';
import { compareKeys, type Key } from './key.ts';
import {
  checkGeometry,
  decodeNode,
  describeNode,
  encodeNode,
  HEADER_SIZE,
  ITEM_HEADER_SIZE,
  MAX_LEVEL,
  maxItemSize,
  maxPtrs,
  type KeyPtr,
  type NodeBody,
} from './node.ts';

/** Where a tree's root node lives (from a root item or the superblock). */
export interface TreeRoot {
  readonly bytenr: number;
  readonly level: number;
}

export interface WriteTreeOptions {
  readonly nodeSize: number;
  readonly fsid: string;
  readonly generation: number;
  /** The tree id, recorded in every node. */
  readonly owner: number;
  /** The bytenr of a free node-sized block; called once per node, leaves first, the root last. */
  readonly alloc: () => number;
  readonly write: (bytenr: number, bytes: Uint8Array) => void;
}

/**
 * A tree as the last commit left it, kept in memory so the next commit can copy-on-write only the paths it
 * changes (cowTree.ts): each node's address, generation and first key, leaves with their items.
 */
export type ShapeNode =
  | {
      readonly kind: 'leaf';
      readonly bytenr: number;
      readonly generation: number;
      readonly items: readonly Item[];
    }
  | {
      readonly kind: 'internal';
      readonly bytenr: number;
      readonly generation: number;
      readonly level: number;
      /** The first key under this node (its first child's). */
      readonly key: Key;
      readonly children: readonly ShapeNode[];
    };

/** The first key under `node`; the zero key for an empty (root) leaf. */
export function shapeKey(node: ShapeNode): Key {
  return node.kind === 'internal'
    ? node.key
    : (node.items[0]?.key ?? { objectid: 0, type: 0, offset: 0 });
}

export function shapeLevel(node: ShapeNode): number {
  return node.kind === 'internal' ? node.level : 0;
}

/** The item of `tree` with the greatest key at or before `key`, by descent (btrfs_search_slot, then back one). */
export function itemAtOrBefore(tree: ShapeNode, key: Key): Item | undefined {
  let node = tree;
  while (node.kind === 'internal') {
    let next = node.children[0];
    for (const child of node.children) {
      if (compareKeys(shapeKey(child), key) > 0) break;
      next = child;
    }
    if (next === undefined) return undefined;
    node = next;
  }
  let found: Item | undefined;
  for (const item of node.items) {
    if (compareKeys(item.key, key) > 0) break;
    found = item;
  }
  return found;
}

export interface WrittenTree extends TreeRoot {
  /** Every node written, in write order. */
  readonly nodes: readonly number[];
  readonly shape: ShapeNode;
}

export interface ReadTreeOptions {
  readonly nodeSize: number;
  readonly fsid: string;
  readonly owner: number;
  /** The root node's generation as its root item or the superblock records it; checked when given. */
  readonly generation?: number | undefined;
}

export interface TreeContents {
  /** Every item, in key order. */
  readonly items: readonly Item[];
  /** Every node visited (all of the tree's metadata blocks), in walk order. */
  readonly nodes: readonly number[];
  /** The tree as read, for the next commit to copy-on-write. */
  readonly shape: ShapeNode;
}

/**
 * Writes `items` (strictly sorted by key) as a tree: full leaves left to right, then internal levels until one
 * root. An empty tree is a single empty leaf. Throws on unsorted or duplicate keys and on items too big for a leaf.
 */
export function writeTree(
  items: readonly Item[],
  opts: WriteTreeOptions,
): WrittenTree {
  checkGeometry(opts.nodeSize, opts.fsid);
  checkItems(items, opts.nodeSize);
  const nodes: number[] = [];
  const used = new Set<number>();
  const shapes = new Map<number, ShapeNode>();
  const emit = (level: number, body: NodeBody): KeyPtr => {
    const bytenr = opts.alloc();
    if (used.has(bytenr))
      throw new InvariantError(
        `writeTree: alloc() returned ${String(bytenr)} twice`,
      );
    const header = {
      fsid: opts.fsid,
      bytenr,
      generation: opts.generation,
      owner: opts.owner,
      level,
    };
    opts.write(bytenr, encodeNode(opts.nodeSize, { ...body, header }));
    nodes.push(bytenr);
    used.add(bytenr);
    shapes.set(
      bytenr,
      body.kind === 'leaf'
        ? {
            kind: 'leaf',
            bytenr,
            generation: opts.generation,
            items: body.items,
          }
        : {
            kind: 'internal',
            bytenr,
            generation: opts.generation,
            level,
            key: firstKey(body),
            children: body.ptrs.map((p) => shapeAt(shapes, p.blockptr)),
          },
    );
    return {
      key: firstKey(body),
      blockptr: bytenr,
      generation: opts.generation,
    };
  };
  let level = 0;
  let ptrs = packLeaves(items, opts.nodeSize).map((leaf) =>
    emit(0, { kind: 'leaf', items: leaf }),
  );
  while (ptrs.length > 1) {
    level++;
    if (level >= MAX_LEVEL)
      throw new InvariantError(
        `writeTree: ${String(items.length)} items need more than ${String(MAX_LEVEL)} levels`,
      );
    ptrs = splitEvenly(ptrs, maxPtrs(opts.nodeSize)).map((group) =>
      emit(level, { kind: 'internal', ptrs: group }),
    );
  }
  const root = ptrs[0];
  if (root === undefined)
    throw new InvariantError('writeTree: no root node was written');
  return {
    bytenr: root.blockptr,
    level,
    nodes,
    shape: shapeAt(shapes, root.blockptr),
  };
}

function shapeAt(
  shapes: ReadonlyMap<number, ShapeNode>,
  at: number,
): ShapeNode {
  const shape = shapes.get(at);
  if (shape === undefined)
    throw new InvariantError(`tree shape: no node at ${String(at)}`);
  return shape;
}

export function checkItems(items: readonly Item[], nodeSize: number): void {
  const max = maxItemSize(nodeSize);
  items.forEach((item, i) => {
    if (item.data.length > max)
      throw new InvariantError(
        `writeTree: item ${String(i)} ${formatKey(item.key)} has ${String(item.data.length)} bytes of data; a ${String(nodeSize)}-byte leaf holds at most ${String(max)}`,
      );
    const previous = items[i - 1];
    if (previous !== undefined && !(compareKeys(previous.key, item.key) < 0))
      throw new InvariantError(
        `writeTree: items must be strictly sorted by key, but item ${String(i)} ${formatKey(item.key)} follows item ${String(i - 1)} ${formatKey(previous.key)}`,
      );
  });
}

// Greedy: each leaf takes items until the next one does not fit. Always at least one (maybe empty) leaf.
export function packLeaves(items: readonly Item[], nodeSize: number): Item[][] {
  const space = nodeSize - HEADER_SIZE;
  const leaves: Item[][] = [];
  let leaf: Item[] = [];
  let free = space;
  for (const item of items) {
    const need = ITEM_HEADER_SIZE + item.data.length;
    if (need > free) {
      leaves.push(leaf);
      leaf = [];
      free = space;
    }
    leaf.push(item);
    free -= need;
  }
  leaves.push(leaf);
  return leaves;
}

// The fewest groups of at most `max`, sizes differing by at most one (so no node holds a lone last pointer).
export function splitEvenly<T>(all: readonly T[], max: number): T[][] {
  const count = Math.ceil(all.length / max);
  return Array.from({ length: count }, (_, i) =>
    all.slice(
      Math.floor((i * all.length) / count),
      Math.floor(((i + 1) * all.length) / count),
    ),
  );
}

// An empty leaf is only ever a lone root, whose pointer is never stored, so its zero key is never written.
function firstKey(body: NodeBody): Key {
  const first = body.kind === 'leaf' ? body.items[0] : body.ptrs[0];
  return first?.key ?? { objectid: 0, type: 0, offset: 0 };
}

/**
 * Reads the tree rooted at `root`, verifying every node (checksum, location, fsid, owner, level, generation,
 * key order, item bounds) and that each child starts with the key its parent points with. Returns the items in
 * key order and the nodes visited, or EIO naming the node and what was wrong. `read` returns `length` bytes at
 * `bytenr`, or fewer where the device ends.
 */
export function readTree(
  read: (bytenr: number, length: number) => Uint8Array,
  root: TreeRoot,
  opts: ReadTreeOptions,
): Result<TreeContents> {
  checkGeometry(opts.nodeSize, opts.fsid);
  if (
    !Number.isInteger(root.level) ||
    root.level < 0 ||
    root.level >= MAX_LEVEL
  )
    return fail(
      'EIO',
      `${describeNode(opts.owner, root.bytenr)}: root level ${String(root.level)} is outside 0 to ${String(MAX_LEVEL - 1)}`,
    );
  const walk: Walk = { read, opts, items: [], nodes: [], seen: new Set() };
  const done = visit(walk, {
    bytenr: root.bytenr,
    level: root.level,
    generation: opts.generation,
    parent: null,
  });
  return done.ok
    ? ok({ items: walk.items, nodes: walk.nodes, shape: done.value })
    : done;
}

interface Walk {
  readonly read: (bytenr: number, length: number) => Uint8Array;
  readonly opts: ReadTreeOptions;
  readonly items: Item[];
  readonly nodes: number[];
  readonly seen: Set<number>;
}

interface Pointer {
  readonly bytenr: number;
  readonly level: number;
  readonly generation: number | undefined;
  // The parent node and the key it points with; null for the root.
  readonly parent: { readonly bytenr: number; readonly key: Key } | null;
}

function visit(walk: Walk, ptr: Pointer): Result<ShapeNode> {
  const { nodeSize, fsid, owner } = walk.opts;
  walk.seen.add(ptr.bytenr);
  walk.nodes.push(ptr.bytenr);
  const node = decodeNode(walk.read(ptr.bytenr, nodeSize), {
    nodeSize,
    fsid,
    owner,
    bytenr: ptr.bytenr,
    level: ptr.level,
    generation: ptr.generation,
  });
  if (!node.ok) return node;
  const where = describeNode(owner, ptr.bytenr);
  const placement = placementProblem(node.value, ptr, walk.items.at(-1));
  if (placement !== null) return fail('EIO', `${where}: ${placement}`);
  const { generation } = node.value.header;
  if (node.value.kind === 'leaf') {
    walk.items.push(...node.value.items);
    return ok({
      kind: 'leaf',
      bytenr: ptr.bytenr,
      generation,
      items: node.value.items,
    });
  }
  const children: ShapeNode[] = [];
  for (const child of node.value.ptrs) {
    // Levels fall by one per step, so a cycle cannot recurse forever; this names a node reached twice instead.
    if (walk.seen.has(child.blockptr))
      return fail(
        'EIO',
        `${where}: points to node ${String(child.blockptr)}, which the walk already reached (a node appears twice in the tree)`,
      );
    const visited = visit(walk, {
      bytenr: child.blockptr,
      level: ptr.level - 1,
      generation: child.generation,
      parent: { bytenr: ptr.bytenr, key: child.key },
    });
    if (!visited.ok) return visited;
    children.push(visited.value);
  }
  return ok({
    kind: 'internal',
    bytenr: ptr.bytenr,
    generation,
    level: ptr.level,
    key: firstKey(node.value),
    children,
  });
}

// What is wrong with where a (self-consistent) node sits in the tree, or null.
function placementProblem(
  body: NodeBody,
  ptr: Pointer,
  lastItem: Item | undefined,
): string | null {
  const first = body.kind === 'leaf' ? body.items[0] : body.ptrs[0];
  if (ptr.parent !== null) {
    if (first === undefined)
      return `an empty leaf below node ${String(ptr.parent.bytenr)} (only a root leaf may be empty)`;
    if (compareKeys(first.key, ptr.parent.key) !== 0)
      return `first key ${formatKey(first.key)} differs from the key ${formatKey(ptr.parent.key)} its parent node at ${String(ptr.parent.bytenr)} points with`;
  }
  if (
    body.kind === 'leaf' &&
    first !== undefined &&
    lastItem !== undefined &&
    compareKeys(lastItem.key, first.key) >= 0
  )
    return `first key ${formatKey(first.key)} is not after the previous leaf's last key ${formatKey(lastItem.key)}`;
  return null;
}
