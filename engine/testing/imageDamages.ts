// The classes of crafted damage for image tests and the hostile audit (issue 18, finding 8): each changes
// one item of a committed image's leaves (imageCraft.ts re-encodes them with valid checksums), so only the
// checks a mount or a read makes of what items say can catch it. Each names the item it changed, or null.

import type { Rng } from '../core/rng.ts';
import {
  decodeChunkItem,
  encodeBlockGroupItem,
  encodeChunkItem,
  encodeDevExtent,
} from '../disk/format/chunkItems.ts';
import { encodeExtentItem } from '../disk/format/extentItem.ts';
import {
  decodeItem,
  encodeFileExtentItem,
  encodeInodeItem,
  encodeInodeRef,
  encodeRootItem,
  formatKey,
  KEY_TYPE,
  type Item,
} from '../disk/format/items.ts';
import { compareKeys, type Key } from '../disk/format/key.ts';
import type { NodeHeader } from '../disk/format/node.ts';

/** What a mount or a read must answer for a damage: refuse to mount (EUCLEAN), or EIO reading the data. */
export type Expected = 'refused' | 'eio';

export interface Leaf {
  readonly bytenr: number;
  readonly header: NodeHeader;
  items: Item[];
}

export interface Damage {
  readonly expect: Expected;
  /** Changes the leaves; returns what it did, or null when no item fits. */
  readonly apply: (leaves: readonly Leaf[], rng: Rng) => string | null;
}

const T = 2 ** 40;
const SECTOR = 4096;

/** The leaves holding items of `type`, each with the index of such an item. */
function itemsOf(
  leaves: readonly Leaf[],
  type: number,
): { leaf: Leaf; index: number }[] {
  return leaves.flatMap((leaf) =>
    leaf.items.flatMap((item, index) =>
      item.key.type === type ? [{ leaf, index }] : [],
    ),
  );
}

/** Replaces one item of type `type` (picked by `rng`) with what `edit` makes of it. */
function editOne(
  leaves: readonly Leaf[],
  rng: Rng,
  type: number,
  edit: (item: Item, leaf: Leaf, index: number) => Item | null,
): string | null {
  const found = itemsOf(leaves, type);
  const first = rng.int(Math.max(1, found.length));
  for (let tries = 0; tries < found.length; tries++) {
    const { leaf, index } = found[(first + tries) % found.length] ?? {
      leaf: undefined,
      index: 0,
    };
    const item = leaf?.items[index];
    if (leaf === undefined || item === undefined) continue;
    const next = edit(item, leaf, index);
    if (next === null) continue;
    leaf.items[index] = next;
    return `${formatKey(item.key)} in the leaf at ${String(leaf.bytenr)}`;
  }
  return null;
}

/** Edits the decoded payload of one item of `type`, keeping its key. */
function payload<T>(
  type: number,
  encode: (value: T) => Uint8Array,
  change: (value: T, key: Key) => T | null,
): Damage['apply'] {
  return (leaves, rng) =>
    editOne(leaves, rng, type, (item) => {
      const d = decodeItem(item);
      if (!d.ok) return null;
      const next = change(d.value.value as T, item.key);
      return next === null ? null : { key: item.key, data: encode(next) };
    });
}

/** Moves one item's key (keeping the leaf sorted) to where `to` says, given its neighbours' keys. */
function rekey(
  type: number,
  to: (key: Key, previous: Item | undefined, data: Uint8Array) => Key | null,
): Damage['apply'] {
  return (leaves, rng) =>
    editOne(leaves, rng, type, (item, leaf, index) => {
      const key = to(item.key, leaf.items[index - 1], item.data);
      const prev = leaf.items[index - 1]?.key;
      const next = leaf.items[index + 1]?.key;
      if (key === null) return null;
      if (prev !== undefined && compareKeys(prev, key) >= 0) return null;
      if (next !== undefined && compareKeys(key, next) >= 0) return null;
      return { key, data: item.data };
    });
}

type FileExtent = Parameters<typeof encodeFileExtentItem>[0];
type Extent = Parameters<typeof encodeExtentItem>[0];
type Inode = Parameters<typeof encodeInodeItem>[0];
type ChunkItem = Parameters<typeof encodeChunkItem>[0];

const fileExtent = (change: (v: FileExtent) => FileExtent | null) =>
  payload(KEY_TYPE.EXTENT_DATA, encodeFileExtentItem, change);

/** The classes of crafted damage, by name. */
export const DAMAGES: Readonly<Record<string, Damage>> = {
  'file extent of 4 TiB': {
    expect: 'refused',
    apply: fileExtent((v) => ({ ...v, numBytes: 4 * T, ramBytes: 4 * T })),
  },
  'file extent past the device end': {
    expect: 'refused',
    apply: fileExtent((v) => ({ ...v, diskBytenr: 2 ** 45 })),
  },
  'file extent past its disk extent': {
    expect: 'refused',
    apply: fileExtent((v) => ({ ...v, offset: v.diskNumBytes })),
  },
  'file extent into no extent item': {
    expect: 'refused',
    apply: fileExtent((v) => ({ ...v, diskBytenr: v.diskBytenr + SECTOR })),
  },
  'file extent of a wrong disk size': {
    expect: 'refused',
    apply: fileExtent((v) => ({ ...v, diskNumBytes: v.diskNumBytes + SECTOR })),
  },
  'file extent not sector aligned': {
    expect: 'refused',
    apply: fileExtent((v) => ({ ...v, numBytes: v.numBytes - 1 })),
  },
  'file extents overlapping': {
    expect: 'refused',
    apply: rekey(KEY_TYPE.EXTENT_DATA, (key, previous) => {
      if (previous?.key.objectid !== key.objectid) return null;
      const d = decodeItem(previous);
      if (!d.ok || d.value.kind !== 'EXTENT_DATA') return null;
      const end = previous.key.offset + d.value.value.numBytes;
      return end > previous.key.offset + SECTOR && end - SECTOR < key.offset
        ? { ...key, offset: end - SECTOR }
        : null;
    }),
  },
  'data checksums missing': {
    expect: 'eio',
    apply: (leaves, rng) => {
      const found = itemsOf(leaves, KEY_TYPE.EXTENT_CSUM);
      const hit = found[rng.int(found.length)];
      if (hit === undefined) return null;
      const [gone] = hit.leaf.items.splice(hit.index, 1);
      return gone === undefined ? null : `removed ${formatKey(gone.key)}`;
    },
  },
  'checksums of unallocated space': {
    expect: 'refused',
    apply: rekey(KEY_TYPE.EXTENT_CSUM, (key, _previous) => ({
      ...key,
      offset: key.offset + 2 ** 36,
    })),
  },
  'checksum item not sector aligned': {
    expect: 'refused',
    apply: rekey(KEY_TYPE.EXTENT_CSUM, (key) => ({
      ...key,
      offset: key.offset + 1,
    })),
  },
  'checksum items overlapping': {
    expect: 'refused',
    apply: rekey(KEY_TYPE.EXTENT_CSUM, (key, previous) =>
      previous?.key.type !== KEY_TYPE.EXTENT_CSUM ||
      previous.data.length < 8 ||
      previous.key.offset + SECTOR >= key.offset
        ? null
        : { ...key, offset: previous.key.offset + SECTOR },
    ),
  },
  'inode past the file size limit': {
    expect: 'refused',
    apply: payload(KEY_TYPE.INODE_ITEM, encodeInodeItem, (v: Inode) => ({
      ...v,
      size: 2 ** 50,
    })),
  },
  'inode nbytes wrong': {
    expect: 'refused',
    apply: payload(KEY_TYPE.INODE_ITEM, encodeInodeItem, (v: Inode) => ({
      ...v,
      nbytes: v.nbytes + SECTOR,
    })),
  },
  'file name with a slash': {
    expect: 'refused',
    apply: payload(KEY_TYPE.INODE_REF, encodeInodeRef, () => ({
      name: 'a/b',
    })),
  },
  'file name empty': {
    expect: 'refused',
    apply: payload(KEY_TYPE.INODE_REF, encodeInodeRef, () => ({ name: '' })),
  },
  'two files of one name': {
    expect: 'refused',
    apply: (leaves, rng) => {
      const refs = itemsOf(leaves, KEY_TYPE.INODE_REF);
      const [a, b] = [refs[0], refs[1 + rng.int(Math.max(1, refs.length - 1))]];
      const from = a?.leaf.items[a.index];
      const to = b?.leaf.items[b.index];
      if (b === undefined || from === undefined || to === undefined)
        return null;
      b.leaf.items[b.index] = { key: to.key, data: from.data };
      return `${formatKey(to.key)} takes the name of ${formatKey(from.key)}`;
    },
  },
  'extent item with no reference': {
    expect: 'refused',
    apply: payload(KEY_TYPE.EXTENT_ITEM, encodeExtentItem, (v: Extent) => ({
      ...v,
      refs: 0,
    })),
  },
  'extent item with extra references': {
    expect: 'refused',
    apply: payload(KEY_TYPE.EXTENT_ITEM, encodeExtentItem, (v: Extent) => ({
      ...v,
      refs: v.refs + 5,
    })),
  },
  'extent item of 4 TiB': {
    expect: 'refused',
    apply: rekey(KEY_TYPE.EXTENT_ITEM, (key) => ({ ...key, offset: 4 * T })),
  },
  'extent items overlapping': {
    expect: 'refused',
    apply: rekey(KEY_TYPE.EXTENT_ITEM, (key, previous) =>
      previous?.key.type !== KEY_TYPE.EXTENT_ITEM ||
      previous.key.offset <= SECTOR ||
      previous.key.objectid + SECTOR >= key.objectid
        ? null
        : { ...key, objectid: previous.key.objectid + SECTOR },
    ),
  },
  'block group using more than it holds': {
    expect: 'refused',
    apply: payload(
      KEY_TYPE.BLOCK_GROUP_ITEM,
      encodeBlockGroupItem,
      (v: Parameters<typeof encodeBlockGroupItem>[0], key) => ({
        ...v,
        used: key.offset + SECTOR,
      }),
    ),
  },
  'data block group used wrong': {
    expect: 'refused',
    apply: payload(
      KEY_TYPE.BLOCK_GROUP_ITEM,
      encodeBlockGroupItem,
      (v: Parameters<typeof encodeBlockGroupItem>[0]) =>
        (v.flags & 1) === 0 ? null : { ...v, used: v.used + SECTOR },
    ),
  },
  'chunk of 4 TiB': {
    expect: 'refused',
    apply: payload(KEY_TYPE.CHUNK_ITEM, encodeChunkItem, (v: ChunkItem) => ({
      ...v,
      length: 4 * T,
    })),
  },
  'chunk over the superblocks': {
    expect: 'refused',
    apply: payload(KEY_TYPE.CHUNK_ITEM, encodeChunkItem, (v: ChunkItem) => ({
      ...v,
      stripes: v.stripes.map((s) => ({ ...s, offset: 0 })),
    })),
  },
  'chunks sharing device space': {
    expect: 'refused',
    apply: (leaves, rng) => {
      const chunks = itemsOf(leaves, KEY_TYPE.CHUNK_ITEM);
      const a = chunks[rng.int(chunks.length)];
      const b = chunks.find((c) => c !== a);
      const from = a === undefined ? undefined : a.leaf.items[a.index];
      const to = b === undefined ? undefined : b.leaf.items[b.index];
      if (b === undefined || from === undefined || to === undefined)
        return null;
      const src = decodeChunkItem(from.data);
      const dst = decodeChunkItem(to.data);
      if (!src.ok || !dst.ok) return null;
      const offset = src.value.stripes[0]?.offset ?? 0;
      b.leaf.items[b.index] = {
        key: to.key,
        data: encodeChunkItem({
          ...dst.value,
          stripes: dst.value.stripes.map((s) => ({ ...s, offset })),
        }),
      };
      return `${formatKey(to.key)} moves onto the device space of ${formatKey(from.key)}`;
    },
  },
  'dev extent of a wrong length': {
    expect: 'refused',
    apply: payload(
      KEY_TYPE.DEV_EXTENT,
      encodeDevExtent,
      (v: Parameters<typeof encodeDevExtent>[0]) => ({
        ...v,
        length: v.length * 2,
      }),
    ),
  },
  'root item pointing at another tree': {
    expect: 'refused',
    apply: (leaves, rng) => {
      const roots = itemsOf(leaves, KEY_TYPE.ROOT_ITEM);
      const a = roots[rng.int(roots.length)];
      const b = roots.find((r) => r !== a);
      const from = a === undefined ? undefined : a.leaf.items[a.index];
      const to = b === undefined ? undefined : b.leaf.items[b.index];
      if (b === undefined || from === undefined || to === undefined)
        return null;
      const d = decodeItem(from);
      if (!d.ok || d.value.kind !== 'ROOT_ITEM') return null;
      b.leaf.items[b.index] = {
        key: to.key,
        data: encodeRootItem(d.value.value),
      };
      return `${formatKey(to.key)} points at the root of ${formatKey(from.key)}`;
    },
  },
};

export const DAMAGE_NAMES = Object.keys(DAMAGES);
