// What a commit regenerates of the fs, extent and csum trees: the key ranges the transaction changed
// (TransactionChanges), each with the items it holds now. Items outside every range are as committed.

import { InvariantError } from '../core/assert.ts';
import type { ItemPatch } from '../disk/format/cowTreePatches.ts';
import { KEY_TYPE } from '../disk/format/items.ts';
import { compareKeys, type Key } from '../disk/format/key.ts';
import { itemAtOrBefore, type ShapeNode } from '../disk/format/tree.ts';
import {
  blockGroupItems,
  extentItemKeys,
  extentItemsAt,
} from './extentTreeItems.ts';
import type { Fs } from './fs.ts';
import {
  csumItems,
  csumKey,
  fileExtentItem,
  inodeItemKeys,
  inodeItems,
} from './metadataItems.ts';

const ascending = (a: number, b: number): number => a - b;

/** The fs tree: each changed inode's INODE_ITEM and INODE_REF, and each changed file extent item's key. */
export function fsTreePatches(fs: Fs, generation: number): ItemPatch[] {
  const { changes } = fs;
  const inos = new Set([...changes.inodes, ...changes.fileExtents.keys()]);
  const patches: ItemPatch[] = [];
  for (const ino of [...inos].sort(ascending)) {
    const entry = fs.inodes.get(ino);
    if (entry === undefined)
      throw new InvariantError(
        `commit: inode ${String(ino)} changed but does not exist`,
      );
    if (changes.inodes.has(ino)) {
      const [first, last] = inodeItemKeys(ino);
      patches.push({ first, last, items: inodeItems(entry.inode, generation) });
    }
    const offsets = changes.fileExtents.get(ino);
    if (offsets === undefined) continue;
    for (const offset of [...offsets].sort(ascending)) {
      const key: Key = { objectid: ino, type: KEY_TYPE.EXTENT_DATA, offset };
      const item = entry.extents.startingAt(offset);
      patches.push({
        first: key,
        last: key,
        items: item === undefined ? [] : [fileExtentItem(item, generation)],
      });
    }
  }
  return patches;
}

/**
 * The extent tree: each changed extent's items (a file extent item that came or went changed its extent's
 * back references), and every block group item (a handful, and a data group's used bytes change often).
 */
export function extentTreePatches(fs: Fs, generation: number): ItemPatch[] {
  const patches: ItemPatch[] = [...fs.changes.extents].map((bytenr) => {
    const [first, last] = extentItemKeys(bytenr);
    return { first, last, items: extentItemsAt(fs, bytenr, generation) };
  });
  for (const item of blockGroupItems(fs))
    patches.push({ first: item.key, last: item.key, items: [item] });
  return patches.sort((a, b) => compareKeys(a.first, b.first));
}

/**
 * The csum tree: a csum item packs a run of consecutive sectors counted from the start of the run, so a
 * changed sector moves the item boundaries of everything contiguous with it after it. Each range starts at
 * the committed item that reaches the first changed sector (its start is a boundary both before and after,
 * as nothing before it changed) and runs to the end of the stretch of consecutive sectors that held or hold
 * a checksum; every old and new item lies wholly inside or outside it.
 */
export function csumTreePatches(fs: Fs, committed: ShapeNode): ItemPatch[] {
  const ss = fs.geo.sectorSize;
  const { csums } = fs.extentTree;
  const changed = fs.changes.csums;
  const either = (addr: number): boolean =>
    csums.has(addr) || changed.has(addr);
  const patches: ItemPatch[] = [];
  let covered = -Infinity;
  for (const addr of [...changed].sort(ascending)) {
    if (addr <= covered) continue;
    const before = itemAtOrBefore(committed, csumKey(addr));
    const reaches =
      before !== undefined &&
      before.key.offset > covered &&
      before.key.offset + (before.data.length / 4) * ss >= addr;
    const first = reaches ? before.key.offset : addr;
    let last = addr;
    while (either(last + ss)) last += ss;
    covered = last;
    const present: number[] = [];
    for (let a = first; a <= last; a += ss) if (csums.has(a)) present.push(a);
    patches.push({
      first: csumKey(first),
      last: csumKey(last),
      items: csumItems(present, fs),
    });
  }
  return patches;
}
