// The extent tree's items at a commit: one EXTENT_ITEM per data extent with its back references as btrfs
// keeps them (an inline EXTENT_DATA_REF per inode and extent start, while they fit; keyed EXTENT_DATA_REF
// items after), and a block group item per chunk; and mount's check that each extent's refs add up.
// Rule: the back references are derived from the file extent items, so they can never disagree with them.

import { InvariantError } from '../core/assert.ts';
import { fail, ok, type Result } from '../core/errno.ts';
import {
  dataRefHash,
  encodeDataRef,
  encodeExtentItem,
  EXTENT_FLAG,
  inlineRefCapacity,
  type ExtentDataRef,
} from '../disk/format/extentItem.ts';
import { KEY_TYPE, TREE_ID, type Item } from '../disk/format/items.ts';
import type { Key } from '../disk/format/key.ts';
import { maxExtentItemSize } from '../disk/format/node.ts';
import type { ExtentItemRec, FileExtentRec } from '../trace/records.ts';
import { blockGroupItem } from './spaceItems.ts';
import type { Fs } from './fs.ts';

/**
 * The ref standing for the snapshot the SNAPSHOT_SHARED flag names (BTRFS_FIRST_FREE_OBJECTID, the first
 * subvolume id). SIMPLIFICATION: btrfs would name the snapshot's inode and offset; the engine models
 * neither, so the ref names no inode (0).
 */
const SNAPSHOT_REF = { root: 256, objectid: 0, offset: 0, count: 1 } as const;

/** A key offset wraps here at 2^53, where btrfs's u64 wraps at 2^64 (as EXTENT_CSUM_OBJECTID stands in). */
const KEY_OFFSET_WRAP = 2 ** 53;

/**
 * Each extent's data refs from the files' extent items: one per (inode, file offset of the extent's start),
 * counting the items that share it (a partly overwritten extent keeps two items with one ref of count 2).
 */
export function dataRefsByExtent(
  files: Iterable<readonly FileExtentRec[]>,
): Map<number, ExtentDataRef[]> {
  const byExtent = new Map<number, ExtentDataRef[]>();
  for (const extents of files)
    for (const e of extents) {
      if (e.diskBytenr === 0) continue;
      // The file offset of the extent's start; below 0 when a clone put its tail at a lower offset, where
      // btrfs's u64 wraps.
      const start = e.offset - e.extentOffset;
      const offset = start < 0 ? start + KEY_OFFSET_WRAP : start;
      const refs = byExtent.get(e.diskBytenr);
      if (refs === undefined) {
        byExtent.set(e.diskBytenr, [
          { root: TREE_ID.FS_TREE, objectid: e.ino, offset, count: 1 },
        ]);
        continue;
      }
      // Most extents have one or two refs: a scan beats a map per extent.
      const i = refs.findIndex(
        (r) => r.objectid === e.ino && r.offset === offset,
      );
      const had = refs[i];
      if (had === undefined)
        refs.push({ root: TREE_ID.FS_TREE, objectid: e.ino, offset, count: 1 });
      else refs[i] = { ...had, count: had.count + 1 };
    }
  for (const refs of byExtent.values())
    refs.sort((a, b) => a.objectid - b.objectid || a.offset - b.offset);
  return byExtent;
}

/**
 * The EXTENT_ITEM of `x` and the keyed refs that did not fit inline, in key order. SIMPLIFICATION: inline
 * refs are kept in inode and offset order, where btrfs orders them by hash_extent_data_ref, and a hash
 * collision gives the next free key offset to the ref later in that order, not to the one added later.
 */
export function extentItems(
  x: ExtentItemRec,
  fileRefs: readonly ExtentDataRef[],
  generation: number,
  nodeSize: number,
): Item[] {
  const refs = x.shared ? [...fileRefs, SNAPSHOT_REF] : fileRefs;
  const counted = refs.reduce((n, r) => n + r.count, 0);
  if (counted !== x.refs)
    throw new InvariantError(
      `extent ${String(x.bytenr)} has ${String(x.refs)} refs but ${String(counted)} back references (file extent items${x.shared ? ' and the snapshot' : ''})`,
    );
  const inline = refs.slice(0, inlineRefCapacity(maxExtentItemSize(nodeSize)));
  const items: Item[] = [
    {
      key: {
        objectid: x.bytenr,
        type: KEY_TYPE.EXTENT_ITEM,
        offset: x.numBytes,
      },
      data: encodeExtentItem({
        refs: x.refs,
        generation,
        flags: EXTENT_FLAG.DATA | (x.shared ? EXTENT_FLAG.SNAPSHOT_SHARED : 0),
        dataRefs: inline,
      }),
    },
  ];
  // Keyed refs: key offset is the ref's hash, the next free one on a collision (insert_extent_data_ref).
  const taken = new Set<number>();
  const keyed: Item[] = [];
  for (const ref of refs.slice(inline.length)) {
    let offset = dataRefHash(ref);
    while (taken.has(offset)) offset++;
    taken.add(offset);
    keyed.push({
      key: { objectid: x.bytenr, type: KEY_TYPE.EXTENT_DATA_REF, offset },
      data: encodeDataRef(ref),
    });
  }
  keyed.sort((a, b) => a.key.offset - b.key.offset);
  items.push(...keyed);
  return items;
}

/**
 * The items already encoded, by extent record. A record is never changed in place, and its back references
 * change only with its refs (taking or dropping one makes a new record, ExtentTree.setRefs), so a record a
 * commit encoded gives back that commit's items: the committed tree holds exactly those bytes (the commit
 * keeps an unchanged item's generation anyway).
 */
const encoded = new WeakMap<ExtentItemRec, readonly Item[]>();

function cachedExtentItems(
  x: ExtentItemRec,
  refs: readonly ExtentDataRef[],
  generation: number,
  nodeSize: number,
): readonly Item[] {
  const known = encoded.get(x);
  // Stryker disable next-line ConditionalExpression: speed only; the same record and refs encode the same items, and the commit keeps an unchanged item's old generation (keepGeneration)
  if (known !== undefined) return known;
  const items = extentItems(x, refs, generation, nodeSize);
  encoded.set(x, items);
  return items;
}

/** The extent tree a commit at `generation` writes (unsorted). */
export function extentTreeItems(fs: Fs, generation: number): Item[] {
  const fileRefs = dataRefsByExtent(
    [...fs.inodes.values()].map(({ extents }) => extents.all()),
  );
  const items: Item[] = [];
  for (const x of fs.extentTree.all())
    items.push(
      ...cachedExtentItems(
        x,
        fileRefs.get(x.bytenr) ?? [],
        generation,
        fs.geo.nodeSize,
      ),
    );
  items.push(...blockGroupItems(fs));
  return items;
}

/** The first and last key an extent's items can have: its EXTENT_ITEM, then its keyed EXTENT_DATA_REFs. */
export function extentItemKeys(bytenr: number): readonly [Key, Key] {
  return [
    { objectid: bytenr, type: KEY_TYPE.EXTENT_ITEM, offset: 0 },
    {
      objectid: bytenr,
      type: KEY_TYPE.EXTENT_DATA_REF,
      offset: Number.MAX_VALUE,
    },
  ];
}

/**
 * The items of the extent at `bytenr` now (none once it is gone), in key order, its refs from the items
 * pointing into it.
 */
export function extentItemsAt(
  fs: Fs,
  bytenr: number,
  generation: number,
): readonly Item[] {
  const x = fs.extentTree.get(bytenr);
  if (x === undefined) return [];
  const refs = dataRefsByExtent([fs.fileExtentsByExtent.of(bytenr)]);
  return cachedExtentItems(
    x,
    refs.get(bytenr) ?? [],
    generation,
    fs.geo.nodeSize,
  );
}

/**
 * A block group item per chunk. Data block groups record their used bytes. SIMPLIFICATION: metadata and
 * system groups record 0, since the nodes a commit writes are their use and mount counts them from the
 * trees it reads.
 */
export function blockGroupItems(fs: Fs): Item[] {
  return fs.space.chunks
    .all()
    .map((chunk) =>
      blockGroupItem(
        chunk,
        chunk.type === 'data' ? fs.space.groupAt(chunk.start).used : 0,
      ),
    );
}

/**
 * Mount's check of what it read: each extent's inline and keyed refs count exactly its refs, and no keyed
 * ref names an extent that has no item. EUCLEAN otherwise, as a damaged extent tree.
 */
export function checkExtentRefs(
  extents: readonly {
    readonly bytenr: number;
    readonly refs: number;
    readonly inline: number;
  }[],
  keyed: ReadonlyMap<number, number>,
): Result<null> {
  const known = new Set(extents.map((x) => x.bytenr));
  for (const bytenr of keyed.keys())
    if (!known.has(bytenr))
      return fail(
        'EUCLEAN',
        `extent tree: a data ref names extent ${String(bytenr)}, which has no extent item`,
      );
  for (const x of extents) {
    const counted = x.inline + (keyed.get(x.bytenr) ?? 0);
    if (counted !== x.refs)
      return fail(
        'EUCLEAN',
        `extent tree: extent ${String(x.bytenr)} has ${String(x.refs)} refs but its back references count ${String(counted)}`,
      );
  }
  return ok(null);
}
