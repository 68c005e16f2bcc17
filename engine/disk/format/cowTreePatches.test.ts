// cowTreePatched against cowTree: for random trees and random patches (ranges emptied, refilled, partly kept,
// reaching across many leaves or none), the copy from the patches writes the same nodes, byte for byte, at
// the same addresses, and shares the same ones, as the copy from every item.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cowTree, type CowTree, type CowTreeOptions } from './cowTree.ts';
import { cowTreePatched, type ItemPatch } from './cowTreePatches.ts';
import { EXTENT_FLAG, encodeExtentItem } from './extentItem.ts';
import {
  encodeInodeRef,
  keepGeneration,
  KEY_TYPE,
  TREE_ID,
  type Item,
} from './items.ts';
import { compareKeys } from './key.ts';
import type { ShapeNode } from './tree.ts';

const FSID = '00112233445566778899aabbccddeeff';
const SLOTS = 400;

/** The item at slot `slot`: an extent item (refs and generation vary), or a bigger inode ref. */
function itemAt(slot: number, payload: number, generation: number): Item {
  if (payload % 5 === 4)
    return {
      key: { objectid: slot * 4096, type: KEY_TYPE.INODE_REF, offset: 256 },
      data: encodeInodeRef({ name: 'n'.repeat(1 + (payload % 150)) }),
    };
  return {
    key: { objectid: slot * 4096, type: KEY_TYPE.EXTENT_ITEM, offset: 4096 },
    data: encodeExtentItem({
      refs: 1 + (payload % 3),
      generation,
      flags: EXTENT_FLAG.DATA,
      dataRefs: [],
    }),
  };
}

interface Copy {
  readonly tree: CowTree;
  readonly writes: string[];
}

/** A copy on write with an allocator that skips `committed`, recording each write. */
function copier(nodeSize: number, generation: number, committed: Set<number>) {
  const writes: string[] = [];
  let next = 0;
  const opts: CowTreeOptions & { keep: typeof keepGeneration } = {
    nodeSize,
    fsid: FSID,
    generation,
    owner: TREE_ID.EXTENT_TREE,
    keep: keepGeneration,
    alloc: () => {
      while (committed.has(next)) next += nodeSize;
      const at = next;
      next += nodeSize;
      return at;
    },
    write: (bytenr, bytes) => {
      writes.push(`${String(bytenr)}:${Buffer.from(bytes).toString('hex')}`);
    },
  };
  return { opts, done: (tree: CowTree): Copy => ({ tree, writes }) };
}

/** One round of edits: the slot ranges [from, to] each patch covers, and each slot's new payload (-1: none). */
const round = fc.array(
  fc.record({
    from: fc.nat(SLOTS - 1),
    span: fc.oneof(fc.nat(3), fc.nat(SLOTS)),
    payloads: fc.array(fc.integer({ min: -1, max: 40 }), { maxLength: 64 }),
    keep: fc.boolean(),
  }),
  { maxLength: 6 },
);

/** Disjoint, sorted patches from `edits`, and the whole item list they make of `items`. */
function patchesOf(
  items: readonly Item[],
  edits: readonly {
    from: number;
    span: number;
    payloads: readonly number[];
    keep: boolean;
  }[],
  generation: number,
): { patches: ItemPatch[]; items: Item[] } {
  const ranges: [number, number, (typeof edits)[number]][] = [];
  for (const e of [...edits].sort((a, b) => a.from - b.from)) {
    const last = ranges[ranges.length - 1];
    if (last !== undefined && e.from <= last[1]) continue;
    ranges.push([e.from, Math.min(SLOTS - 1, e.from + e.span), e]);
  }
  const bySlot = new Map(items.map((i) => [i.key.objectid / 4096, i]));
  const patches = ranges.map(([from, to, e]): ItemPatch => {
    const fresh: Item[] = [];
    for (let slot = from; slot <= to; slot++) {
      const old = bySlot.get(slot);
      const payload = e.payloads[slot - from];
      // Kept: the old item regenerated as the engine would (same payload, the new generation).
      if (e.keep && old !== undefined && payload === undefined)
        fresh.push({ ...old, data: old.data.slice() });
      else if (payload !== undefined && payload >= 0)
        fresh.push(itemAt(slot, payload, generation));
      bySlot.delete(slot);
    }
    for (const item of fresh) bySlot.set(item.key.objectid / 4096, item);
    return {
      first: { objectid: from * 4096, type: 0, offset: 0 },
      last: { objectid: to * 4096, type: 255, offset: Number.MAX_VALUE },
      items: fresh,
    };
  });
  return {
    patches,
    items: [...bySlot.values()].sort((a, b) => compareKeys(a.key, b.key)),
  };
}

function nodesOf(tree: ShapeNode): number[] {
  return tree.kind === 'leaf'
    ? [tree.bytenr]
    : [tree.bytenr, ...tree.children.flatMap(nodesOf)];
}

describe('cowTreePatched', () => {
  it('writes and shares exactly the nodes cowTree does for the same items', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(1024, 4096),
        fc.array(fc.integer({ min: -1, max: 40 }), {
          minLength: SLOTS,
          maxLength: SLOTS,
        }),
        fc.array(round, { minLength: 1, maxLength: 6 }),
        (nodeSize, start, rounds) => {
          let items = start.flatMap((p, slot) =>
            p < 0 ? [] : [itemAt(slot, p, 1)],
          );
          let tree = cowTree(
            items,
            null,
            copier(nodeSize, 1, new Set()).opts,
          ).shape;
          rounds.forEach((edits, r) => {
            const generation = r + 2;
            const next = patchesOf(items, edits, generation);
            const committed = new Set(nodesOf(tree));
            const full = copier(nodeSize, generation, committed);
            const patched = copier(nodeSize, generation, committed);
            const want = full.done(cowTree(next.items, tree, full.opts));
            const got = patched.done(
              cowTreePatched(tree, next.patches, patched.opts),
            );
            expect(got.writes).toEqual(want.writes);
            expect(got.tree.nodes).toEqual(want.tree.nodes);
            expect(got.tree.written).toEqual(want.tree.written);
            items = next.items;
            tree = want.tree.shape;
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses patches out of order, overlapping, or holding an item outside their range', () => {
    const tree = cowTree(
      [itemAt(1, 0, 1), itemAt(2, 0, 1)],
      null,
      copier(4096, 1, new Set()).opts,
    ).shape;
    const key = (slot: number) => ({
      objectid: slot * 4096,
      type: KEY_TYPE.EXTENT_ITEM,
      offset: 4096,
    });
    const opts = copier(4096, 2, new Set(nodesOf(tree))).opts;
    expect(() =>
      cowTreePatched(
        tree,
        [
          { first: key(2), last: key(2), items: [] },
          { first: key(1), last: key(1), items: [] },
        ],
        opts,
      ),
    ).toThrow(/is not after/);
    expect(() =>
      cowTreePatched(
        tree,
        [{ first: key(1), last: key(1), items: [itemAt(2, 0, 2)] }],
        opts,
      ),
    ).toThrow(/outside its patch/);
    expect(() =>
      cowTreePatched(tree, [{ first: key(2), last: key(1), items: [] }], opts),
    ).toThrow(/before it starts/);
  });
});
