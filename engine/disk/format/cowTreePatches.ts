// Copy-on-write of a committed tree from its changes alone: each patch names a key range and the items that
// range holds now. Only the leaves a patch reaches are read and compared; every other leaf is shared unread.
// Rule: the result is exactly cowTree's for the previous tree's items with each patch's range replaced.

import { InvariantError } from '../../core/assert.ts';
import {
  cowGroups,
  previousLeaves,
  type CowTree,
  type CowTreeOptions,
} from './cowTree.ts';
import { formatKey, type Item } from './items.ts';
import { compareKeys, type Key } from './key.ts';
import { checkItems, shapeKey, type ShapeNode } from './tree.ts';

/** The items of the key range [first, last] (both included) as they are now. */
export interface ItemPatch {
  readonly first: Key;
  readonly last: Key;
  /** Every item whose key lies in the range now, strictly sorted (none: the range is emptied). */
  readonly items: readonly Item[];
}

/**
 * Patches need `keep`: cowTree shares a leaf whose regenerated items `keep` maps back to its own, which a
 * leaf no patch reaches is by definition.
 */
export interface CowPatchOptions extends CowTreeOptions {
  readonly keep: (fresh: Item, old: Item) => Item;
}

/**
 * cowTree(items, previous) where `items` are previous's items with each patch applied; `patches` sorted by
 * key and disjoint.
 */
export function cowTreePatched(
  previous: ShapeNode,
  patches: readonly ItemPatch[],
  opts: CowPatchOptions,
): CowTree {
  checkPatches(patches, opts.nodeSize);
  const leaves = previousLeaves(previous);
  const firstKeys = leaves.map(shapeKey);
  const reaching = new Map<number, ItemPatch[]>();
  for (const patch of patches) {
    const to = leafIndex(firstKeys, patch.last);
    for (let j = leafIndex(firstKeys, patch.first); j <= to; j++) {
      const list = reaching.get(j);
      if (list === undefined) reaching.set(j, [patch]);
      else list.push(patch);
    }
  }
  const groups = leaves.map((leaf) => (leaf.kind === 'leaf' ? leaf.items : []));
  for (const [j, list] of reaching)
    groups[j] = patchedLeaf(
      groups[j] ?? [],
      list,
      j === 0 ? null : (firstKeys[j] ?? null),
      firstKeys[j + 1] ?? null,
    );
  return cowGroups(previous, leaves, groups, opts);
}

/** The last leaf whose first key is at or before `key`, else the first (cowTree's grouping). */
function leafIndex(firstKeys: readonly Key[], key: Key): number {
  let lo = 0;
  let hi = firstKeys.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (compareKeys(firstKeys[mid] as Key, key) <= 0) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The index of the first item whose key is at or after `key`. */
function lowerBound(items: readonly Item[], key: Key): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareKeys((items[mid] as Item).key, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A leaf's items with `patches` applied: the old ones outside every range, and the patches' items that group
 * to this leaf (keys from `from`, null for no bound, up to before `to`).
 */
function patchedLeaf(
  old: readonly Item[],
  patches: readonly ItemPatch[],
  from: Key | null,
  to: Key | null,
): Item[] {
  const out: Item[] = [];
  let o = 0;
  for (const { first, last, items } of patches) {
    while (o < old.length && compareKeys((old[o] as Item).key, first) < 0)
      out.push(old[o++] as Item);
    while (o < old.length && compareKeys((old[o] as Item).key, last) <= 0) o++;
    const start = from === null ? 0 : lowerBound(items, from);
    const end = to === null ? items.length : lowerBound(items, to);
    for (let i = start; i < end; i++) out.push(items[i] as Item);
  }
  while (o < old.length) out.push(old[o++] as Item);
  return out;
}

function checkPatches(patches: readonly ItemPatch[], nodeSize: number): void {
  patches.forEach((patch, i) => {
    const before = patches[i - 1];
    if (compareKeys(patch.first, patch.last) > 0)
      throw new InvariantError(
        `cowTreePatched: patch ${String(i)} ends (${formatKey(patch.last)}) before it starts (${formatKey(patch.first)})`,
      );
    if (before !== undefined && compareKeys(before.last, patch.first) >= 0)
      throw new InvariantError(
        `cowTreePatched: patch ${String(i)} starting at ${formatKey(patch.first)} is not after the one ending at ${formatKey(before.last)}`,
      );
    checkItems(patch.items, nodeSize);
    const outside = patch.items.find(
      (item) =>
        compareKeys(item.key, patch.first) < 0 ||
        compareKeys(item.key, patch.last) > 0,
    );
    if (outside !== undefined)
      throw new InvariantError(
        `cowTreePatched: item ${formatKey(outside.key)} lies outside its patch [${formatKey(patch.first)}, ${formatKey(patch.last)}]`,
      );
  });
}
