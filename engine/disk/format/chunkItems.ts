// The items that describe where space lives: chunk items (chunk tree: logical range -> stripes on the
// device), device extents (dev tree: the device range a stripe occupies, pointing back at its chunk) and
// block group items (extent tree: the used bytes of each chunk). Pure bytes <-> records, as items.ts.

import { InvariantError } from '../../core/assert.ts';
import { fail, ok, type Result } from '../../core/errno.ts';
import {
  decodeFields,
  encodeFields,
  readU64,
  viewOf,
  writeU64,
} from './codec.ts';

/** Block group flags (BTRFS_BLOCK_GROUP_*): one type bit and, for DUP, the profile bit; SINGLE is 0. */
export const BLOCK_GROUP_FLAG = {
  DATA: 1 << 0,
  SYSTEM: 1 << 1,
  METADATA: 1 << 2,
  DUP: 1 << 5,
} as const;
const BLOCK_GROUP_FLAGS =
  BLOCK_GROUP_FLAG.DATA |
  BLOCK_GROUP_FLAG.SYSTEM |
  BLOCK_GROUP_FLAG.METADATA |
  BLOCK_GROUP_FLAG.DUP;

/** BTRFS_FIRST_CHUNK_TREE_OBJECTID: the objectid of every chunk item key and the chunk a dev extent names. */
export const FIRST_CHUNK_TREE_OBJECTID = 256;
/** The one device this format has (devid 1): dev extent keys and chunk stripes name it. */
export const DEVID = 1;
/** BTRFS_STRIPE_LEN: chunk stripes are multiples of 64 KiB. */
export const STRIPE_LEN = 64 * 1024;

/** Key (start, BLOCK_GROUP_ITEM, length): the bytes used in the chunk at `start`. */
export interface BlockGroupItem {
  readonly used: number;
  /** Always FIRST_CHUNK_TREE_OBJECTID, as in btrfs_block_group_item. */
  readonly chunkObjectid: number;
  readonly flags: number;
}

/** One stripe of a chunk: where on which device its copy lives. */
export interface ChunkStripe {
  readonly devid: number;
  readonly offset: number;
}

/**
 * Key (FIRST_CHUNK_TREE_OBJECTID, CHUNK_ITEM, logical start). SIMPLIFICATION: no io_align/io_width, no
 * sub_stripes and no device uuid per stripe (one device).
 */
export interface ChunkItem {
  readonly length: number;
  /** The tree that allocates in the chunk: the extent tree (2), as btrfs records it. */
  readonly owner: number;
  readonly stripeLen: number;
  /** Block group flags. */
  readonly type: number;
  readonly sectorSize: number;
  readonly stripes: readonly ChunkStripe[];
}

/** Key (devid, DEV_EXTENT, physical offset): a stripe's device range and the chunk it belongs to. */
export interface DevExtent {
  /** The chunk tree's id (3). */
  readonly chunkTree: number;
  readonly chunkObjectid: number;
  /** The logical start of the chunk. */
  readonly chunkOffset: number;
  readonly length: number;
}

function unknownBits(flags: number, known: number): number {
  const low = flags % 2 ** 32;
  return flags - low + ((low & ~known) >>> 0);
}

const BLOCK_GROUP_LAYOUT = [
  ['used', 8],
  ['chunkObjectid', 8],
  ['flags', 8],
] as const;

export function encodeBlockGroupItem(item: BlockGroupItem): Uint8Array {
  const unknown = unknownBits(item.flags, BLOCK_GROUP_FLAGS);
  if (unknown !== 0)
    throw new InvariantError(
      `block group item flags 0x${item.flags.toString(16)} has unknown bits 0x${unknown.toString(16)}`,
    );
  return encodeFields('block group item', BLOCK_GROUP_LAYOUT, item);
}

export function decodeBlockGroupItem(data: Uint8Array): Result<BlockGroupItem> {
  const fields = decodeFields('block group item', BLOCK_GROUP_LAYOUT, data);
  if (!fields.ok) return fields;
  const unknown = unknownBits(fields.value.flags, BLOCK_GROUP_FLAGS);
  return unknown === 0
    ? fields
    : fail(
        'EIO',
        `block group item flags 0x${fields.value.flags.toString(16)} has unknown bits 0x${unknown.toString(16)}`,
      );
}

// btrfs_chunk's fixed part (u64 fields here), then num_stripes (devid, offset) pairs.
const CHUNK_HEAD = 6 * 8;
const STRIPE_SIZE = 16;

export function encodeChunkItem(item: ChunkItem): Uint8Array {
  if (item.stripes.length === 0)
    throw new InvariantError('a chunk item has at least one stripe');
  const bytes = new Uint8Array(CHUNK_HEAD + item.stripes.length * STRIPE_SIZE);
  const view = new DataView(bytes.buffer);
  const head = [
    item.length,
    item.owner,
    item.stripeLen,
    item.type,
    item.sectorSize,
    item.stripes.length,
  ];
  head.forEach((v, i) => {
    writeU64(view, i * 8, v, 'chunk item field');
  });
  item.stripes.forEach((s, i) => {
    writeU64(view, CHUNK_HEAD + i * STRIPE_SIZE, s.devid, 'stripe devid');
    writeU64(view, CHUNK_HEAD + i * STRIPE_SIZE + 8, s.offset, 'stripe offset');
  });
  return bytes;
}

export function decodeChunkItem(data: Uint8Array): Result<ChunkItem> {
  if (data.length < CHUNK_HEAD)
    return fail('EIO', `chunk item is ${String(data.length)} bytes, too short`);
  const view = viewOf(data);
  const head: number[] = [];
  for (let i = 0; i < 6; i++) {
    const v = readU64(view, i * 8);
    if (v === null) return fail('EIO', 'chunk item field is beyond 2^53 - 1');
    head.push(v);
  }
  const [
    length = 0,
    owner = 0,
    stripeLen = 0,
    type = 0,
    sectorSize = 0,
    n = 0,
  ] = head;
  if (n === 0 || data.length !== CHUNK_HEAD + n * STRIPE_SIZE)
    return fail(
      'EIO',
      `chunk item with ${String(n)} stripe(s) is ${String(data.length)} bytes`,
    );
  const unknown = unknownBits(type, BLOCK_GROUP_FLAGS);
  if (unknown !== 0)
    return fail('EIO', `chunk type 0x${type.toString(16)} has unknown bits`);
  const stripes: ChunkStripe[] = [];
  for (let i = 0; i < n; i++) {
    const devid = readU64(view, CHUNK_HEAD + i * STRIPE_SIZE);
    const offset = readU64(view, CHUNK_HEAD + i * STRIPE_SIZE + 8);
    if (devid === null || offset === null)
      return fail('EIO', 'chunk stripe is beyond 2^53 - 1');
    stripes.push({ devid, offset });
  }
  return ok({ length, owner, stripeLen, type, sectorSize, stripes });
}

const DEV_EXTENT_LAYOUT = [
  ['chunkTree', 8],
  ['chunkObjectid', 8],
  ['chunkOffset', 8],
  ['length', 8],
] as const;

export function encodeDevExtent(item: DevExtent): Uint8Array {
  return encodeFields('dev extent', DEV_EXTENT_LAYOUT, item);
}

export function decodeDevExtent(data: Uint8Array): Result<DevExtent> {
  return decodeFields('dev extent', DEV_EXTENT_LAYOUT, data);
}
