// Chunks, device extents and block groups as btrfs-style items, and back: chunk items for the chunk tree,
// dev extents for the dev tree, a block group item per chunk in the extent tree. Reading them back checks
// that they describe one consistent device; anything else is EUCLEAN.

import { fail, ok, type Result } from '../core/errno.ts';
import {
  DEVID,
  encodeBlockGroupItem,
  encodeChunkItem,
  encodeDevExtent,
  FIRST_CHUNK_TREE_OBJECTID,
  STRIPE_LEN,
  type BlockGroupItem,
  type ChunkItem,
  type DevExtent,
} from '../disk/format/chunkItems.ts';
import { KEY_TYPE, TREE_ID, type Item } from '../disk/format/items.ts';
import type { Chunk } from './space/chunkMap.ts';
import { chunkFlags, parseChunkFlags } from './space/chunkType.ts';

export function chunkToItem(chunk: Chunk, sectorSize: number): ChunkItem {
  return {
    length: chunk.length,
    owner: TREE_ID.EXTENT_TREE,
    stripeLen: STRIPE_LEN,
    type: chunkFlags(chunk.type, chunk.profile),
    sectorSize,
    stripes: chunk.stripes.map((offset) => ({ devid: DEVID, offset })),
  };
}

/** The chunk tree's items: one CHUNK_ITEM per chunk. */
export function chunkTreeItems(
  chunks: readonly Chunk[],
  sectorSize: number,
): Item[] {
  return chunks.map((c) => ({
    key: {
      objectid: FIRST_CHUNK_TREE_OBJECTID,
      type: KEY_TYPE.CHUNK_ITEM,
      offset: c.start,
    },
    data: encodeChunkItem(chunkToItem(c, sectorSize)),
  }));
}

/** The dev tree's items: one DEV_EXTENT per stripe, keyed by its device offset. */
export function devTreeItems(chunks: readonly Chunk[]): Item[] {
  return chunks
    .flatMap((c) =>
      c.stripes.map((physical) => ({
        key: { objectid: DEVID, type: KEY_TYPE.DEV_EXTENT, offset: physical },
        data: encodeDevExtent({
          chunkTree: TREE_ID.CHUNK_TREE,
          chunkObjectid: FIRST_CHUNK_TREE_OBJECTID,
          chunkOffset: c.start,
          length: c.length,
        }),
      })),
    )
    .sort((a, b) => a.key.offset - b.key.offset);
}

/** A BLOCK_GROUP_ITEM for a chunk with `used` bytes. */
export function blockGroupItem(chunk: Chunk, used: number): Item {
  return {
    key: {
      objectid: chunk.start,
      type: KEY_TYPE.BLOCK_GROUP_ITEM,
      offset: chunk.length,
    },
    data: encodeBlockGroupItem({
      used,
      chunkObjectid: FIRST_CHUNK_TREE_OBJECTID,
      flags: chunkFlags(chunk.type, chunk.profile),
    }),
  };
}

/** A chunk item read back as a chunk, or why it cannot be one of this format's. */
export function itemToChunk(
  logical: number,
  item: ChunkItem,
  deviceSize: number,
): Result<Chunk> {
  const kind = parseChunkFlags(item.type);
  const where = `chunk at ${String(logical)}`;
  if (kind === null)
    return fail(
      'EUCLEAN',
      `${where}: type 0x${item.type.toString(16)} is not DATA, METADATA or SYSTEM`,
    );
  const copies = kind.profile === 'dup' ? 2 : 1;
  if (
    item.stripes.length !== copies ||
    item.stripes.some((s) => s.devid !== DEVID)
  )
    return fail(
      'EUCLEAN',
      `${where}: ${String(item.stripes.length)} stripe(s) for a ${kind.profile} chunk on device ${String(DEVID)}`,
    );
  if (item.length === 0 || item.length % STRIPE_LEN !== 0)
    return fail(
      'EUCLEAN',
      `${where}: length ${String(item.length)} is not a positive multiple of 64 KiB`,
    );
  if (item.stripes.some((s) => s.offset + item.length > deviceSize))
    return fail(
      'EUCLEAN',
      `${where}: a stripe ends past the ${String(deviceSize)}-byte device`,
    );
  return ok({
    start: logical,
    length: item.length,
    type: kind.type,
    profile: kind.profile,
    stripes: item.stripes.map((s) => s.offset),
  });
}

/** Every dev extent names a stripe of its chunk, and every stripe has its dev extent. */
export function checkDevExtents(
  chunks: readonly Chunk[],
  devExtents: readonly { physical: number; item: DevExtent }[],
): Result<void> {
  const want = new Map<number, Chunk>();
  for (const c of chunks) for (const s of c.stripes) want.set(s, c);
  for (const { physical, item } of devExtents) {
    const c = want.get(physical);
    if (
      c === undefined ||
      c.start !== item.chunkOffset ||
      c.length !== item.length
    )
      return fail(
        'EUCLEAN',
        `dev extent at ${String(physical)} names no stripe of chunk ${String(item.chunkOffset)}`,
      );
    want.delete(physical);
  }
  const [missing] = want.keys();
  return missing === undefined
    ? ok(undefined)
    : fail('EUCLEAN', `the stripe at ${String(missing)} has no dev extent`);
}

/** Every chunk has one block group item with its length and flags; returns each group's used bytes. */
export function checkBlockGroups(
  chunks: readonly Chunk[],
  groups: readonly { start: number; length: number; item: BlockGroupItem }[],
): Result<Map<number, number>> {
  const used = new Map<number, number>();
  for (const g of groups) {
    const c = chunks.find((x) => x.start === g.start);
    if (
      c === undefined ||
      c.length !== g.length ||
      chunkFlags(c.type, c.profile) !== g.item.flags
    )
      return fail(
        'EUCLEAN',
        `block group at ${String(g.start)} matches no chunk`,
      );
    if (g.item.used > g.length)
      return fail(
        'EUCLEAN',
        `block group at ${String(g.start)} uses more than its length`,
      );
    used.set(g.start, g.item.used);
  }
  const missing = chunks.find((c) => !used.has(c.start));
  return missing === undefined
    ? ok(used)
    : fail(
        'EUCLEAN',
        `chunk at ${String(missing.start)} has no block group item`,
      );
}
