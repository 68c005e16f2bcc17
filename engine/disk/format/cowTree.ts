// Copy-on-write of a committed tree, as btrfs COWs only the paths a transaction changed (btrfs_cow_block
// from each changed leaf up to the root): leaves whose items changed are rewritten, together with the run
// of changed leaves around them (kept full when items were only appended, else split evenly when they
// overflow; merged with a neighbour when they fall under a quarter full); each node above a rewritten one
// is rewritten; every other node is shared with the previous tree, generation included.
// Rule: a node the previous tree uses is never written.

import { InvariantError } from '../../core/assert.ts';
import { sameBytes } from '../../core/bytes.ts';
import type { Item } from './items.ts';
import { compareKeys, type Key } from './key.ts';
import {
  encodeNode,
  HEADER_SIZE,
  ITEM_HEADER_SIZE,
  MAX_LEVEL,
  maxPtrs,
  type KeyPtr,
} from './node.ts';
import {
  checkItems,
  packLeaves,
  shapeKey,
  shapeLevel,
  splitEvenly,
  writeTree,
  type ShapeNode,
  type WriteTreeOptions,
} from './tree.ts';

export interface CowTreeOptions extends WriteTreeOptions {
  /**
   * The item to store for `fresh` when the previous tree held `old` under the same key: `old` itself when
   * the two differ in nothing the filesystem would rewrite (btrfs leaves an unchanged item's generation
   * alone), else `fresh`. Without it, items are compared byte for byte.
   */
  readonly keep?: (fresh: Item, old: Item) => Item;
  /** Write a new root even when nothing changed (the root tree: the superblock's generation names it). */
  readonly newRoot?: boolean;
}

export interface CowTree {
  readonly bytenr: number;
  readonly level: number;
  readonly shape: ShapeNode;
  /** Every node of the new tree, shared or new. */
  readonly nodes: readonly number[];
  /** The nodes this call wrote, in write order (leaves first, the root last). */
  readonly written: readonly number[];
}

// A node of the tree being built: shared with the previous tree, or new with its items or children.
type Draft =
  | { readonly kind: 'shared'; readonly node: ShapeNode }
  | { readonly kind: 'leaf'; readonly items: readonly Item[] }
  | {
      readonly kind: 'internal';
      readonly level: number;
      readonly children: readonly Draft[];
    };

/**
 * The tree holding `items` (strictly sorted), sharing every node of `previous` whose contents did not
 * change; `previous` null writes the whole tree (writeTree).
 */
export function cowTree(
  items: readonly Item[],
  previous: ShapeNode | null,
  opts: CowTreeOptions,
): CowTree {
  if (previous === null) {
    const whole = writeTree(items, opts);
    return { ...whole, written: whole.nodes };
  }
  checkItems(items, opts.nodeSize);
  const leaves = previousLeaves(previous);
  const groups: Item[][] = leaves.map(() => []);
  const groupOf = grouper(leaves.map(shapeKey));
  for (const item of items) groups[groupOf(item.key)]?.push(item);
  return cowGroups(previous, leaves, groups, opts);
}

/** The leaves of `previous`, left to right: what cowGroups's groups line up with. */
export function previousLeaves(previous: ShapeNode): ShapeNode[] {
  return nodesAt(previous, 0);
}

/**
 * The copy of `previous` whose leaf j (of previousLeaves) is to hold `groups[j]`: each item goes to the last
 * leaf whose first key is at or before its key (else to the first leaf). A group that is its leaf's own
 * items array stands for "unchanged" and is not looked at.
 */
export function cowGroups(
  previous: ShapeNode,
  leaves: readonly ShapeNode[],
  groups: readonly (readonly Item[])[],
  opts: CowTreeOptions,
): CowTree {
  let level: Draft[] = cowLeaves(groups, leaves, opts);
  for (let l = 1; l <= shapeLevel(previous) && level.length > 0; l++)
    level = cowInternal(level, nodesAt(previous, l), l, opts.nodeSize);
  let top = level.length;
  for (
    let l = (level[0] === undefined ? 0 : draftLevel(level[0])) + 1;
    top > 1;
    l++
  ) {
    if (l >= MAX_LEVEL)
      throw new InvariantError(
        `cowTree: ${String(groups.reduce((n, g) => n + g.length, 0))} items need more than ${String(MAX_LEVEL)} levels`,
      );
    level = splitEvenly(level, maxPtrs(opts.nodeSize)).map((children) => ({
      kind: 'internal',
      level: l,
      children,
    }));
    top = level.length;
  }
  let root: Draft = level[0] ?? { kind: 'leaf', items: [] };
  // A root with one child hands the root over to it (btrfs's balance_level does the same).
  for (;;) {
    const only = onlyChild(root);
    if (only === null) break;
    root = only;
  }
  if (opts.newRoot === true && root.kind === 'shared') root = copyOf(root.node);
  const written: number[] = [];
  const shape = emit(root, opts, written);
  return {
    bytenr: shape.bytenr,
    level: shapeLevel(shape),
    shape,
    nodes: allNodes(shape),
    written,
  };
}

/** The nodes of `tree` at `level`, left to right. */
function nodesAt(tree: ShapeNode, level: number): ShapeNode[] {
  if (shapeLevel(tree) === level) return [tree];
  if (tree.kind === 'leaf') return [];
  return tree.children.flatMap((c) => nodesAt(c, level));
}

function allNodes(tree: ShapeNode): number[] {
  return tree.kind === 'leaf'
    ? [tree.bytenr]
    : [tree.bytenr, ...tree.children.flatMap(allNodes)];
}

function draftLevel(d: Draft): number {
  return d.kind === 'shared'
    ? shapeLevel(d.node)
    : d.kind === 'leaf'
      ? 0
      : d.level;
}

function draftKey(d: Draft): Key {
  if (d.kind === 'shared') return shapeKey(d.node);
  if (d.kind === 'leaf')
    return d.items[0]?.key ?? { objectid: 0, type: 0, offset: 0 };
  const first = d.children[0];
  if (first === undefined)
    throw new InvariantError('cowTree: an internal node without children');
  return draftKey(first);
}

function onlyChild(d: Draft): Draft | null {
  if (d.kind === 'internal')
    return d.children.length === 1 ? (d.children[0] ?? null) : null;
  if (d.kind === 'shared' && d.node.kind === 'internal')
    return d.node.children.length === 1 && d.node.children[0] !== undefined
      ? { kind: 'shared', node: d.node.children[0] }
      : null;
  return null;
}

function copyOf(node: ShapeNode): Draft {
  return node.kind === 'leaf'
    ? { kind: 'leaf', items: node.items }
    : {
        kind: 'internal',
        level: node.level,
        children: node.children.map((c) => ({ kind: 'shared', node: c })),
      };
}

/** Index of the group each key goes to: the last group whose first key is at or before it (else the first). */
function grouper(firstKeys: readonly Key[]): (key: Key) => number {
  let j = 0;
  return (key) => {
    for (;;) {
      const next = firstKeys[j + 1];
      if (next === undefined || compareKeys(next, key) > 0) return j;
      j++;
    }
  };
}

const leafBytes = (items: readonly Item[]): number =>
  items.reduce((n, item) => n + ITEM_HEADER_SIZE + item.data.length, 0);

/** The leaf level: each previous leaf kept when its items did not change, the runs around changes repacked. */
function cowLeaves(
  fresh: readonly (readonly Item[])[],
  leaves: readonly ShapeNode[],
  opts: CowTreeOptions,
): Draft[] {
  const groups: (readonly Item[])[] = [];
  const changed = leaves.map((leaf, j) => {
    const old = leaf.kind === 'leaf' ? leaf.items : [];
    const items = fresh[j] ?? [];
    if (items === old) {
      groups.push(old);
      return false;
    }
    const kept =
      opts.keep === undefined ? items : keepUnchanged(items, old, opts.keep);
    groups.push(kept);
    return !sameItems(kept, old);
  });
  const space = opts.nodeSize - HEADER_SIZE;
  // A run that would leave a leaf under a quarter full takes in the next leaf (or the one before).
  for (let j = 0; j < leaves.length; j++) {
    if (changed[j] !== true) continue;
    let end = j;
    while (changed[end + 1] === true) end++;
    const bytes = leafBytes(groups.slice(j, end + 1).flat());
    if (bytes > 0 && bytes < space / 4) {
      if (end + 1 < leaves.length) changed[end + 1] = true;
      else if (j > 0) changed[j - 1] = true;
    }
    j = end;
  }
  const out: Draft[] = [];
  let run: Item[] = [];
  let before: Item[] = [];
  const flush = (): void => {
    // Items only added after the run's old ones (appends, as a growing file or allocator makes them): the old
    // leaves stay full and the new items go to new leaves, as split_leaf does when the insert is at a leaf's
    // end. Otherwise the run is spread evenly, as a split in the middle does.
    const packed = appendsTo(run, before)
      ? packLeaves(run, opts.nodeSize)
      : packEvenly(run, space);
    for (const leaf of packed) out.push({ kind: 'leaf', items: leaf });
    run = [];
    before = [];
  };
  leaves.forEach((leaf, j) => {
    if (changed[j] === true) {
      run.push(...(groups[j] ?? []));
      if (leaf.kind === 'leaf') before.push(...leaf.items);
    } else {
      flush();
      out.push({ kind: 'shared', node: leaf });
    }
  });
  flush();
  return out;
}

/** True when `run` is `old` (the very items, unchanged) followed by new items only. */
function appendsTo(run: readonly Item[], old: readonly Item[]): boolean {
  if (old.length === 0 || run.length <= old.length) return false;
  for (let i = 0; i < old.length; i++) if (run[i] !== old[i]) return false;
  return true;
}

/** `fresh` with every item the previous leaf held unchanged replaced by the previous one (`keep`). */
function keepUnchanged(
  fresh: readonly Item[],
  old: readonly Item[],
  keep: (fresh: Item, old: Item) => Item,
): Item[] {
  const out: Item[] = [];
  let o = 0;
  for (const item of fresh) {
    while (o < old.length && compareKeys((old[o] as Item).key, item.key) < 0)
      o++;
    const match = old[o];
    // An item that is the previous one itself (a leaf's untouched items) needs no comparing.
    out.push(
      match === item
        ? match
        : match !== undefined && compareKeys(match.key, item.key) === 0
          ? keep(item, match)
          : item,
    );
  }
  return out;
}

function sameItems(a: readonly Item[], b: readonly Item[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Item;
    const y = b[i] as Item;
    if (x === y) continue;
    if (compareKeys(x.key, y.key) !== 0 || !sameBytes(x.data, y.data))
      return false;
  }
  return true;
}

/**
 * `items` in the fewest leaves the greedy packing needs, with the bytes spread evenly over them (as
 * split_leaf splits at the middle), so the next insert does not split again at once.
 */
function packEvenly(items: readonly Item[], space: number): Item[][] {
  if (items.length === 0) return [];
  const total = leafBytes(items);
  let count = 1;
  let free = space;
  for (const item of items) {
    const need = ITEM_HEADER_SIZE + item.data.length;
    if (need > free) {
      count++;
      free = space;
    }
    free -= need;
  }
  const leaves: Item[][] = [];
  let leaf: Item[] = [];
  let used = 0;
  let before = 0;
  for (const item of items) {
    const need = ITEM_HEADER_SIZE + item.data.length;
    const target = (total * (leaves.length + 1)) / count;
    if (
      leaf.length > 0 &&
      (used + need > space ||
        (leaves.length < count - 1 && before + used + need / 2 > target))
    ) {
      leaves.push(leaf);
      before += used;
      leaf = [];
      used = 0;
    }
    leaf.push(item);
    used += need;
  }
  leaves.push(leaf);
  return leaves;
}

/** One internal level: previous nodes kept when their children are the same nodes, the rest repacked. */
function cowInternal(
  below: readonly Draft[],
  parents: readonly ShapeNode[],
  level: number,
  nodeSize: number,
): Draft[] {
  const groups: Draft[][] = parents.map(() => []);
  const groupOf = grouper(parents.map(shapeKey));
  for (const d of below) groups[groupOf(draftKey(d))]?.push(d);
  const out: Draft[] = [];
  let run: Draft[] = [];
  const flush = (): void => {
    if (run.length > 0)
      for (const children of splitEvenly(run, maxPtrs(nodeSize)))
        out.push({ kind: 'internal', level, children });
    run = [];
  };
  parents.forEach((parent, j) => {
    const children = groups[j] ?? [];
    const same =
      parent.kind === 'internal' &&
      children.length === parent.children.length &&
      children.every(
        (c, i) => c.kind === 'shared' && c.node === parent.children[i],
      );
    if (same) {
      flush();
      out.push({ kind: 'shared', node: parent });
    } else run.push(...children);
  });
  flush();
  return out;
}

/** Writes every new node of `d` (children before parents) and returns its shape. */
function emit(d: Draft, opts: CowTreeOptions, written: number[]): ShapeNode {
  if (d.kind === 'shared') return d.node;
  const level = draftLevel(d);
  const children =
    d.kind === 'internal' ? d.children.map((c) => emit(c, opts, written)) : [];
  const bytenr = opts.alloc();
  const header = {
    fsid: opts.fsid,
    bytenr,
    generation: opts.generation,
    owner: opts.owner,
    level,
  };
  if (d.kind === 'leaf') {
    opts.write(
      bytenr,
      encodeNode(opts.nodeSize, { kind: 'leaf', items: d.items, header }),
    );
    written.push(bytenr);
    return {
      kind: 'leaf',
      bytenr,
      generation: opts.generation,
      items: d.items,
    };
  }
  const ptrs: KeyPtr[] = children.map((c) => ({
    key: shapeKey(c),
    blockptr: c.bytenr,
    generation: c.generation,
  }));
  opts.write(
    bytenr,
    encodeNode(opts.nodeSize, { kind: 'internal', ptrs, header }),
  );
  written.push(bytenr);
  return {
    kind: 'internal',
    bytenr,
    generation: opts.generation,
    level,
    key: shapeKey(children[0] as ShapeNode),
    children,
  };
}
