// The on-disk item model: btrfs-style keys (objectid, type, offset) and a codec for each item payload.
// Pure bytes <-> records, little endian, independent of the live filesystem. Decoders return EIO values for
// malformed bytes; encoders throw InvariantError on values no filesystem state can produce (a caller bug).

import { InvariantError } from '../../core/assert.ts';
import { fail, ok, type Result } from '../../core/errno.ts';
import {
  decodeBlockGroupItem,
  decodeChunkItem,
  decodeDevExtent,
  type BlockGroupItem,
  type ChunkItem,
  type DevExtent,
} from './chunkItems.ts';
import { decodeFields, encodeFields, fieldOffset, viewOf } from './codec.ts';
import {
  decodeDataRef,
  decodeExtentItem,
  EXTENT_DATA_REF_KEY,
  EXTENT_GENERATION_AT,
  type ExtentDataRef,
  type ExtentItem,
} from './extentItem.ts';
import { checkFlags, withKnownFlags } from './flags.ts';
import type { Key } from './key.ts';
import { utf8Decode, utf8Encode } from './utf8.ts';

/** An item as stored in a leaf: its key and its encoded payload. */
export interface Item {
  readonly key: Key;
  readonly data: Uint8Array;
}

/** Key types, with btrfs's numbers (include/uapi/linux/btrfs_tree.h, BTRFS_*_KEY). */
export const KEY_TYPE = {
  INODE_ITEM: 1,
  INODE_REF: 12,
  EXTENT_DATA: 108,
  EXTENT_CSUM: 128,
  ROOT_ITEM: 132,
  EXTENT_ITEM: 168,
  EXTENT_DATA_REF: EXTENT_DATA_REF_KEY,
  BLOCK_GROUP_ITEM: 192,
  DEV_EXTENT: 204,
  CHUNK_ITEM: 228,
} as const;

/** Tree ids (btrfs_tree.h, BTRFS_*_TREE_OBJECTID); a node's owner field names its tree. */
export const TREE_ID = {
  ROOT_TREE: 1,
  EXTENT_TREE: 2,
  CHUNK_TREE: 3,
  DEV_TREE: 4,
  FS_TREE: 5,
  CSUM_TREE: 7,
} as const;

/**
 * The objectid of every csum item. btrfs uses (u64)-10 = 2^64 - 10, which a JS number cannot hold exactly;
 * 2^53 - 10 plays the same role: a fixed id above every inode number and bytenr the engine produces.
 */
export const EXTENT_CSUM_OBJECTID = 2 ** 53 - 10;

/** Inode flags (BTRFS_INODE_NODATASUM, BTRFS_INODE_NODATACOW, BTRFS_INODE_PREALLOC). */
export const INODE_FLAG = {
  NODATASUM: 1 << 0,
  NODATACOW: 1 << 1,
  PREALLOC: 1 << 4,
} as const;
/** The longest name an inode ref holds, in UTF-8 bytes (BTRFS_NAME_LEN). */
export const MAX_NAME_LEN = 255;

export interface InodeItem {
  readonly generation: number;
  readonly size: number;
  readonly nbytes: number;
  readonly flags: number;
}

/** Key (inode, INODE_REF, parent inode). SIMPLIFICATION: no dir index; the name alone links the inode. */
export interface InodeRef {
  readonly name: string;
}

/** Key (inode, EXTENT_DATA, file offset). SIMPLIFICATION: no inline, compressed or encrypted extents. */
export interface FileExtentItem {
  readonly generation: number;
  readonly type: 'regular' | 'prealloc';
  readonly diskBytenr: number;
  readonly diskNumBytes: number;
  /** Where in the disk extent this file range starts. */
  readonly offset: number;
  readonly numBytes: number;
  readonly ramBytes: number;
}

/** Key (EXTENT_CSUM_OBJECTID, EXTENT_CSUM, disk bytenr of the first sector): one crc32c per sector. */
export interface CsumItem {
  readonly csums: readonly number[];
}

/** Key (tree id, ROOT_ITEM, 0): where a tree's root node lives. */
export interface RootItem {
  readonly bytenr: number;
  readonly level: number;
  readonly generation: number;
}

/** A decoded payload, tagged with its key type's name. */
export type ItemPayload =
  | { readonly kind: 'INODE_ITEM'; readonly value: InodeItem }
  | { readonly kind: 'INODE_REF'; readonly value: InodeRef }
  | { readonly kind: 'EXTENT_DATA'; readonly value: FileExtentItem }
  | { readonly kind: 'EXTENT_CSUM'; readonly value: CsumItem }
  | { readonly kind: 'ROOT_ITEM'; readonly value: RootItem }
  | { readonly kind: 'EXTENT_ITEM'; readonly value: ExtentItem }
  | { readonly kind: 'EXTENT_DATA_REF'; readonly value: ExtentDataRef }
  | { readonly kind: 'BLOCK_GROUP_ITEM'; readonly value: BlockGroupItem }
  | { readonly kind: 'DEV_EXTENT'; readonly value: DevExtent }
  | { readonly kind: 'CHUNK_ITEM'; readonly value: ChunkItem };

/** "INODE_ITEM", or "UNKNOWN.99" as btrfs-progs prints an unknown type. */
export function keyTypeName(type: number): string {
  const entry = Object.entries(KEY_TYPE).find(([, value]) => value === type);
  return entry === undefined ? `UNKNOWN.${String(type)}` : entry[0];
}

/** "FS_TREE", or "tree 256". */
export function treeName(id: number): string {
  const entry = Object.entries(TREE_ID).find(([, value]) => value === id);
  return entry === undefined ? `tree ${String(id)}` : entry[0];
}

/** "(257 INODE_ITEM 0)", "(EXTENT_CSUM EXTENT_CSUM 1048576)", in btrfs-progs' style. */
export function formatKey(key: Key): string {
  const objectid =
    key.objectid === EXTENT_CSUM_OBJECTID
      ? 'EXTENT_CSUM'
      : String(key.objectid);
  return `(${objectid} ${keyTypeName(key.type)} ${String(key.offset)})`;
}

const INODE_LAYOUT = [
  ['generation', 8],
  ['size', 8],
  ['nbytes', 8],
  ['flags', 8],
] as const;
const INODE_FLAGS =
  INODE_FLAG.NODATASUM | INODE_FLAG.NODATACOW | INODE_FLAG.PREALLOC;

export function encodeInodeItem(item: InodeItem): Uint8Array {
  checkFlags('inode item', item.flags, INODE_FLAGS);
  return encodeFields('inode item', INODE_LAYOUT, item);
}

export function decodeInodeItem(data: Uint8Array): Result<InodeItem> {
  const fields = decodeFields('inode item', INODE_LAYOUT, data);
  return fields.ok
    ? withKnownFlags('inode item', fields.value, INODE_FLAGS)
    : fields;
}

/** Layout: u16 name length, then the UTF-8 name. */
export function encodeInodeRef(ref: InodeRef): Uint8Array {
  const name = utf8Encode(ref.name);
  if (name.length > MAX_NAME_LEN)
    throw new InvariantError(
      `inode ref name is ${String(name.length)} bytes, the limit is ${String(MAX_NAME_LEN)}`,
    );
  const bytes = new Uint8Array(2 + name.length);
  new DataView(bytes.buffer).setUint16(0, name.length, true);
  bytes.set(name, 2);
  return bytes;
}

export function decodeInodeRef(data: Uint8Array): Result<InodeRef> {
  if (data.length < 2)
    return fail(
      'EIO',
      `inode ref is ${String(data.length)} bytes, too short for its name length`,
    );
  const length = viewOf(data).getUint16(0, true);
  if (length > MAX_NAME_LEN || data.length !== 2 + length)
    return fail(
      'EIO',
      `inode ref name length ${String(length)} does not match its ${String(data.length)} bytes (limit ${String(MAX_NAME_LEN)})`,
    );
  const name = utf8Decode(data.subarray(2));
  return name === null
    ? fail('EIO', 'inode ref name is not valid UTF-8')
    : ok({ name });
}

// btrfs_file_extent_item's fields in its order; compression, encryption and other_encoding are always 0 here.
const FILE_EXTENT_LAYOUT = [
  ['generation', 8],
  ['ramBytes', 8],
  ['compression', 1],
  ['encryption', 1],
  ['otherEncoding', 2],
  ['type', 1],
  ['diskBytenr', 8],
  ['diskNumBytes', 8],
  ['offset', 8],
  ['numBytes', 8],
] as const;
// BTRFS_FILE_EXTENT_REG and BTRFS_FILE_EXTENT_PREALLOC (0 is INLINE, not modelled).
const FILE_EXTENT_TYPE = { regular: 1, prealloc: 2 } as const;

export function encodeFileExtentItem(item: FileExtentItem): Uint8Array {
  return encodeFields('file extent item', FILE_EXTENT_LAYOUT, {
    ...item,
    compression: 0,
    encryption: 0,
    otherEncoding: 0,
    type: FILE_EXTENT_TYPE[item.type],
  });
}

export function decodeFileExtentItem(data: Uint8Array): Result<FileExtentItem> {
  const fields = decodeFields('file extent item', FILE_EXTENT_LAYOUT, data);
  if (!fields.ok) return fields;
  const { compression, encryption, otherEncoding, ...value } = fields.value;
  if (compression !== 0 || encryption !== 0 || otherEncoding !== 0)
    return fail(
      'EIO',
      `file extent item is compressed or encoded (compression ${String(compression)}, encryption ${String(encryption)}, other ${String(otherEncoding)}); this model reads neither`,
    );
  const code = value.type;
  const type =
    code === FILE_EXTENT_TYPE.regular
      ? 'regular'
      : code === FILE_EXTENT_TYPE.prealloc
        ? 'prealloc'
        : null;
  if (type === null)
    return fail(
      'EIO',
      `file extent item type ${String(code)} is neither regular (1) nor prealloc (2)`,
    );
  return ok({ ...value, type });
}

/** Layout: one u32 crc32c per sector, as btrfs's csum items (no header). */
export function encodeCsumItem(item: CsumItem): Uint8Array {
  if (item.csums.length === 0)
    throw new InvariantError('a csum item holds at least one checksum');
  const bytes = new Uint8Array(item.csums.length * 4);
  const view = new DataView(bytes.buffer);
  item.csums.forEach((csum, i) => {
    if (!Number.isInteger(csum) || csum < 0 || csum > 0xffffffff)
      throw new InvariantError(`csum ${String(csum)} is not a u32`);
    view.setUint32(i * 4, csum, true);
  });
  return bytes;
}

export function decodeCsumItem(data: Uint8Array): Result<CsumItem> {
  if (data.length === 0 || data.length % 4 !== 0)
    return fail(
      'EIO',
      `csum item is ${String(data.length)} bytes, not a positive multiple of 4`,
    );
  const view = viewOf(data);
  return ok({
    csums: Array.from({ length: data.length / 4 }, (_, i) =>
      view.getUint32(i * 4, true),
    ),
  });
}

const ROOT_LAYOUT = [
  ['bytenr', 8],
  ['generation', 8],
  ['level', 1],
] as const;

export function encodeRootItem(item: RootItem): Uint8Array {
  return encodeFields('root item', ROOT_LAYOUT, item);
}

/** Where a key type's payload holds its generation (the transaction that last wrote it), if it has one. */
const GENERATION_AT = new Map<number, number>([
  [KEY_TYPE.INODE_ITEM, fieldOffset(INODE_LAYOUT, 'generation')],
  [KEY_TYPE.EXTENT_DATA, fieldOffset(FILE_EXTENT_LAYOUT, 'generation')],
  [KEY_TYPE.EXTENT_ITEM, EXTENT_GENERATION_AT],
]);

/**
 * `old` when `fresh` says the same thing apart from its generation, else `fresh`: a commit rewrites an
 * item's generation only when it changes the item, so an item left alone keeps the transaction that wrote it.
 */
export function keepGeneration(fresh: Item, old: Item): Item {
  const a = fresh.data;
  const b = old.data;
  if (a.length !== b.length) return fresh;
  const at = GENERATION_AT.get(fresh.key.type);
  for (let i = 0; i < a.length; i++)
    if (a[i] !== b[i] && (at === undefined || i < at || i >= at + 8))
      return fresh;
  return old;
}

export function decodeRootItem(data: Uint8Array): Result<RootItem> {
  return decodeFields('root item', ROOT_LAYOUT, data);
}

/** Decodes an item's payload by its key type; an error names the item's key. */
export function decodeItem(item: Item): Result<ItemPayload> {
  const payload = decodePayload(item);
  return payload.ok
    ? payload
    : fail('EIO', `item ${formatKey(item.key)}: ${payload.error.message}`);
}

function decodePayload({ key, data }: Item): Result<ItemPayload> {
  switch (key.type) {
    case KEY_TYPE.INODE_ITEM:
      return tag(decodeInodeItem(data), (value) => ({
        kind: 'INODE_ITEM',
        value,
      }));
    case KEY_TYPE.INODE_REF:
      return tag(decodeInodeRef(data), (value) => ({
        kind: 'INODE_REF',
        value,
      }));
    case KEY_TYPE.EXTENT_DATA:
      return tag(decodeFileExtentItem(data), (value) => ({
        kind: 'EXTENT_DATA',
        value,
      }));
    case KEY_TYPE.EXTENT_CSUM:
      return tag(decodeCsumItem(data), (value) => ({
        kind: 'EXTENT_CSUM',
        value,
      }));
    case KEY_TYPE.ROOT_ITEM:
      return tag(decodeRootItem(data), (value) => ({
        kind: 'ROOT_ITEM',
        value,
      }));
    case KEY_TYPE.EXTENT_ITEM:
      return tag(decodeExtentItem(data), (value) => ({
        kind: 'EXTENT_ITEM',
        value,
      }));
    case KEY_TYPE.EXTENT_DATA_REF:
      return tag(decodeDataRef(data), (value) => ({
        kind: 'EXTENT_DATA_REF',
        value,
      }));
    case KEY_TYPE.BLOCK_GROUP_ITEM:
      return tag(decodeBlockGroupItem(data), (value) => ({
        kind: 'BLOCK_GROUP_ITEM',
        value,
      }));
    case KEY_TYPE.DEV_EXTENT:
      return tag(decodeDevExtent(data), (value) => ({
        kind: 'DEV_EXTENT',
        value,
      }));
    case KEY_TYPE.CHUNK_ITEM:
      return tag(decodeChunkItem(data), (value) => ({
        kind: 'CHUNK_ITEM',
        value,
      }));
    default:
      return fail('EIO', 'unknown key type');
  }
}

function tag<T>(
  decoded: Result<T>,
  wrap: (value: T) => ItemPayload,
): Result<ItemPayload> {
  return decoded.ok ? ok(wrap(decoded.value)) : decoded;
}
