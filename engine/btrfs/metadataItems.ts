// The live filesystem as btrfs-style items, and back: the fs tree (inode items, inode refs, file extent
// items), the extent tree (extent items with reference counts, a block group item per chunk), the csum
// tree (one crc32c per data sector, in runs), the chunk tree and the dev tree (spaceItems.ts). The format
// layer (disk/format) turns items into checksummed nodes; this module only decides what the items say.

import { fail, ok, type Result } from '../core/errno.ts';
import type { BlockGroupItem, DevExtent } from '../disk/format/chunkItems.ts';
import { compareKeys, type Key } from '../disk/format/key.ts';
import {
  decodeItem,
  encodeCsumItem,
  encodeFileExtentItem,
  encodeInodeItem,
  encodeInodeRef,
  EXTENT_CSUM_OBJECTID,
  formatKey,
  INODE_FLAG,
  KEY_TYPE,
  type Item,
} from '../disk/format/items.ts';
import { EXTENT_FLAG } from '../disk/format/extentItem.ts';
import { maxItemSize } from '../disk/format/node.ts';
import type { FileFlag } from '../scenario/types.ts';
import type { ExtentItemRec, FileExtentRec } from '../trace/records.ts';
import { checkExtentRefs, extentTreeItems } from './extentTreeItems.ts';
import type { Fs } from './fs.ts';
import type { BtrfsInode } from './inode.ts';
import type { Chunk } from './space/chunkMap.ts';
import {
  checkBlockGroups,
  checkDevExtents,
  chunkTreeItems,
  devTreeItems,
  itemToChunk,
} from './spaceItems.ts';

/** The directory every file lives in (the subvolume's root directory). */
const ROOT_DIR_INO = 256;

const FILE_FLAG_BITS: Readonly<Record<FileFlag, number>> = {
  NODATASUM: INODE_FLAG.NODATASUM,
  NODATACOW: INODE_FLAG.NODATACOW,
  PREALLOC: INODE_FLAG.PREALLOC,
};

export interface TreeItems {
  readonly fsTree: Item[];
  readonly extentTree: Item[];
  readonly csumTree: Item[];
  readonly chunkTree: Item[];
  readonly devTree: Item[];
}

function sorted(items: Item[]): Item[] {
  return items.sort((a, b) => compareKeys(a.key, b.key));
}

/**
 * The items already encoded, by extent record. A record is never changed in place, so one a commit encoded
 * and that is still in the file gives back that item: the committed tree holds exactly those bytes (the
 * commit keeps an unchanged item's generation anyway). Encoding every extent at every commit made a long
 * fill's commits allocate in proportion to the whole file.
 */
const encodedExtents = new WeakMap<FileExtentRec, Item>();

export function fileExtentItem(e: FileExtentRec, generation: number): Item {
  const known = encodedExtents.get(e);
  // Stryker disable next-line ConditionalExpression: speed only; the commit keeps an unchanged item's old generation (keepGeneration), so an item encoded again is written with the same bytes
  if (known !== undefined) return known;
  const item = {
    key: { objectid: e.ino, type: KEY_TYPE.EXTENT_DATA, offset: e.offset },
    data: encodeFileExtentItem({
      generation,
      type: e.type,
      diskBytenr: e.diskBytenr,
      diskNumBytes: e.diskNumBytes,
      offset: e.extentOffset,
      numBytes: e.numBytes,
      ramBytes: e.ramBytes,
    }),
  };
  encodedExtents.set(e, item);
  return item;
}

/** The first and last key of an inode's INODE_ITEM and INODE_REF. */
export function inodeItemKeys(ino: number): readonly [Key, Key] {
  return [
    { objectid: ino, type: KEY_TYPE.INODE_ITEM, offset: 0 },
    { objectid: ino, type: KEY_TYPE.INODE_REF, offset: ROOT_DIR_INO },
  ];
}

/** An inode's INODE_ITEM (holding disk_i_size, as btrfs_update_inode does) and its INODE_REF. */
export function inodeItems(inode: BtrfsInode, generation: number): Item[] {
  const flags = inode.flags.reduce((f, name) => f | FILE_FLAG_BITS[name], 0);
  const [itemKey, refKey] = inodeItemKeys(inode.ino);
  return [
    {
      key: itemKey,
      data: encodeInodeItem({
        generation,
        size: inode.diskIsize,
        nbytes: inode.nbytes,
        flags,
      }),
    },
    { key: refKey, data: encodeInodeRef({ name: inode.name }) },
  ];
}

/** Every item a commit at `generation` writes. */
export function fsToItems(fs: Fs, generation: number): TreeItems {
  const fsTree: Item[] = [];
  for (const { inode, extents } of fs.inodes.values()) {
    fsTree.push(...inodeItems(inode, generation));
    for (const e of extents.all()) fsTree.push(fileExtentItem(e, generation));
  }
  const chunks = fs.space.chunks.all();
  return {
    fsTree: sorted(fsTree),
    extentTree: sorted(extentTreeItems(fs, generation)),
    csumTree: csumItems(
      [...fs.extentTree.csums.keys()].sort((a, b) => a - b),
      fs,
    ),
    chunkTree: chunkTreeItems(chunks, fs.geo.sectorSize),
    devTree: devTreeItems(chunks),
  };
}

/** The key of the csum item whose first sector is at `addr`. */
export function csumKey(addr: number): Key {
  return {
    objectid: EXTENT_CSUM_OBJECTID,
    type: KEY_TYPE.EXTENT_CSUM,
    offset: addr,
  };
}

/**
 * The csum items of the sectors at `addrs` (ascending, each with a checksum): checksums of consecutive
 * sectors share one item, up to what fits a leaf.
 */
export function csumItems(addrs: Iterable<number>, fs: Fs): Item[] {
  const ss = fs.geo.sectorSize;
  const perItem = Math.floor(maxItemSize(fs.geo.nodeSize) / 4);
  const { csums } = fs.extentTree;
  const items: Item[] = [];
  let run: number[] = [];
  // No run yet: no address continues it.
  let runStart = Number.NaN;
  const flush = (): void => {
    if (run.length === 0) return;
    items.push({
      key: csumKey(runStart),
      data: encodeCsumItem({ csums: run }),
    });
    run = [];
  };
  for (const addr of addrs) {
    if (addr !== runStart + run.length * ss || run.length === perItem) {
      flush();
      runStart = addr;
    }
    run.push(csums.get(addr) ?? 0);
  }
  flush();
  return items;
}

/** What a mount learns from the trees, before it builds the in-memory filesystem. */
export interface MountedItems {
  readonly inodes: {
    readonly ino: number;
    readonly name: string;
    readonly size: number;
    readonly nbytes: number;
    readonly flags: FileFlag[];
    readonly extents: FileExtentRec[];
  }[];
  readonly extents: Omit<ExtentItemRec, 'name'>[];
  readonly csums: Map<number, number>;
  readonly chunks: readonly Chunk[];
  /** Each block group's used bytes as its item records them, by start. */
  readonly groupUsed: ReadonlyMap<number, number>;
}

/** Decodes the trees' items; any item that does not decode or does not fit is EUCLEAN. */
export function itemsToFs(
  trees: { readonly [K in keyof TreeItems]: readonly Item[] },
  sectorSize: number,
  deviceSize: number,
): Result<MountedItems> {
  const inodes = new Map<
    number,
    Omit<MountedItems['inodes'][number], 'name' | 'extents'>
  >();
  const names = new Map<number, string>();
  const extentsOf = new Map<number, FileExtentRec[]>();
  for (const item of trees.fsTree) {
    const d = decodeItem(item);
    if (!d.ok) return fail('EUCLEAN', `fs tree: ${d.error.message}`);
    const ino = item.key.objectid;
    switch (d.value.kind) {
      case 'INODE_ITEM': {
        const v = d.value.value;
        const flags = (Object.keys(FILE_FLAG_BITS) as FileFlag[]).filter(
          (f) => (v.flags & FILE_FLAG_BITS[f]) !== 0,
        );
        inodes.set(ino, { ino, size: v.size, nbytes: v.nbytes, flags });
        break;
      }
      case 'INODE_REF':
        names.set(ino, d.value.value.name);
        break;
      case 'EXTENT_DATA': {
        const v = d.value.value;
        const list = extentsOf.get(ino) ?? [];
        list.push({
          ino,
          offset: item.key.offset,
          numBytes: v.numBytes,
          type: v.type,
          diskBytenr: v.diskBytenr,
          diskNumBytes: v.diskNumBytes,
          extentOffset: v.offset,
          ramBytes: v.ramBytes,
        });
        extentsOf.set(ino, list);
        break;
      }
      case 'EXTENT_CSUM':
      case 'ROOT_ITEM':
      case 'EXTENT_ITEM':
      case 'EXTENT_DATA_REF':
      case 'BLOCK_GROUP_ITEM':
      case 'DEV_EXTENT':
      case 'CHUNK_ITEM':
        return fail(
          'EUCLEAN',
          `fs tree: unexpected item ${formatKey(item.key)}`,
        );
    }
  }
  const files: MountedItems['inodes'] = [];
  for (const [ino, inode] of inodes) {
    const name = names.get(ino);
    if (name === undefined)
      return fail(
        'EUCLEAN',
        `fs tree: inode ${String(ino)} has no name (INODE_REF)`,
      );
    files.push({ ...inode, name, extents: extentsOf.get(ino) ?? [] });
  }
  for (const ino of [...names.keys(), ...extentsOf.keys()])
    if (!inodes.has(ino))
      return fail(
        'EUCLEAN',
        `fs tree: items for inode ${String(ino)}, which has no INODE_ITEM`,
      );

  const chunks: Chunk[] = [];
  for (const item of trees.chunkTree) {
    const d = decodeItem(item);
    if (!d.ok || d.value.kind !== 'CHUNK_ITEM')
      return fail(
        'EUCLEAN',
        `chunk tree: unexpected item ${formatKey(item.key)}`,
      );
    const chunk = itemToChunk(item.key.offset, d.value.value, deviceSize);
    if (!chunk.ok) return chunk;
    chunks.push(chunk.value);
  }
  const devExtents: { physical: number; item: DevExtent }[] = [];
  for (const item of trees.devTree) {
    const d = decodeItem(item);
    if (!d.ok || d.value.kind !== 'DEV_EXTENT')
      return fail(
        'EUCLEAN',
        `dev tree: unexpected item ${formatKey(item.key)}`,
      );
    devExtents.push({ physical: item.key.offset, item: d.value.value });
  }
  const devOk = checkDevExtents(chunks, devExtents);
  if (!devOk.ok) return devOk;
  const extents: MountedItems['extents'] = [];
  const inlineRefs: Parameters<typeof checkExtentRefs>[0][number][] = [];
  const keyedRefs = new Map<number, number>();
  const groups: { start: number; length: number; item: BlockGroupItem }[] = [];
  for (const item of trees.extentTree) {
    const d = decodeItem(item);
    if (!d.ok) return fail('EUCLEAN', `extent tree: ${d.error.message}`);
    if (d.value.kind === 'EXTENT_ITEM') {
      const v = d.value.value;
      extents.push({
        bytenr: item.key.objectid,
        numBytes: item.key.offset,
        refs: v.refs,
        shared: (v.flags & EXTENT_FLAG.SNAPSHOT_SHARED) !== 0,
      });
      inlineRefs.push({
        bytenr: item.key.objectid,
        refs: v.refs,
        inline: v.dataRefs.reduce((n, r) => n + r.count, 0),
      });
    } else if (d.value.kind === 'EXTENT_DATA_REF')
      keyedRefs.set(
        item.key.objectid,
        (keyedRefs.get(item.key.objectid) ?? 0) + d.value.value.count,
      );
    else if (d.value.kind === 'BLOCK_GROUP_ITEM')
      groups.push({
        start: item.key.objectid,
        length: item.key.offset,
        item: d.value.value,
      });
    else
      return fail(
        'EUCLEAN',
        `extent tree: unexpected item ${formatKey(item.key)}`,
      );
  }
  const refsOk = checkExtentRefs(inlineRefs, keyedRefs);
  if (!refsOk.ok) return refsOk;
  const groupUsed = checkBlockGroups(chunks, groups);
  if (!groupUsed.ok) return groupUsed;
  for (const x of extents) {
    const c = chunks.find(
      (g) => x.bytenr >= g.start && x.bytenr < g.start + g.length,
    );
    if (c?.type !== 'data' || x.bytenr + x.numBytes > c.start + c.length)
      return fail(
        'EUCLEAN',
        `extent tree: extent ${String(x.bytenr)} lies outside every data block group`,
      );
  }

  const csums = new Map<number, number>();
  for (const item of trees.csumTree) {
    const d = decodeItem(item);
    if (!d.ok || d.value.kind !== 'EXTENT_CSUM')
      return fail(
        'EUCLEAN',
        `csum tree: unexpected item ${formatKey(item.key)}`,
      );
    const { csums: run } = d.value.value;
    for (const [i, c] of run.entries()) {
      const at = item.key.offset + i * sectorSize;
      if (csums.has(at))
        return fail(
          'EUCLEAN',
          `csum tree: item ${formatKey(item.key)} holds a checksum for disk sector ${String(at)}, which an earlier item holds`,
        );
      csums.set(at, c);
    }
  }
  return ok({
    inodes: files,
    extents,
    csums,
    chunks,
    groupUsed: groupUsed.value,
  });
}
