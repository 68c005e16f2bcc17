// What a mount reads back from the chunk, dev and block group items a commit writes: the items of a
// consistent device become its chunks again, and each broken fact is refused as EUCLEAN naming the item.

import { describe, expect, it } from 'vitest';
import { fail, ok } from '../core/errno.ts';
import {
  BLOCK_GROUP_FLAG,
  decodeBlockGroupItem,
  decodeChunkItem,
  decodeDevExtent,
  DEVID,
  type BlockGroupItem,
  type ChunkItem,
  type DevExtent,
} from '../disk/format/chunkItems.ts';
import type { Chunk } from './space/chunkMap.ts';
import { DATA, DEVICE, META, SECTOR } from '../testing/smallChunkLayout.ts';
import {
  blockGroupItem,
  checkBlockGroups,
  checkDevExtents,
  chunkToItem,
  chunkTreeItems,
  devTreeItems,
  itemToChunk,
} from './spaceItems.ts';

const K = 1024;
const M = 1024 * K;
const CHUNKS = [DATA, META];

function decoded<T>(r: { ok: true; value: T } | { ok: false }): T {
  if (!r.ok) throw new Error('does not decode');
  return r.value;
}

/** The dev extents a commit writes for the chunks, as a mount decodes them. */
function devExtents(
  chunks: readonly Chunk[],
): { physical: number; item: DevExtent }[] {
  return devTreeItems(chunks).map((i) => ({
    physical: i.key.offset,
    item: decoded(decodeDevExtent(i.data)),
  }));
}

/** The block group items a commit writes for the chunks (`used` bytes each), as a mount decodes them. */
function groups(
  chunks: readonly Chunk[],
  used: number,
): { start: number; length: number; item: BlockGroupItem }[] {
  return chunks.map((c) => {
    const i = blockGroupItem(c, used);
    return {
      start: i.key.objectid,
      length: i.key.offset,
      item: decoded(decodeBlockGroupItem(i.data)),
    };
  });
}

describe('chunk items', () => {
  it('read back as the chunks written', () => {
    const items = chunkTreeItems(CHUNKS, SECTOR);
    expect(
      items.map((i) =>
        itemToChunk(i.key.offset, decoded(decodeChunkItem(i.data)), DEVICE),
      ),
    ).toEqual([ok(DATA), ok(META)]);
  });

  const meta = chunkToItem(META, SECTOR);
  const at = (item: ChunkItem, size = DEVICE) =>
    itemToChunk(META.start, item, size);

  it('refuse a type that is neither DATA, METADATA nor SYSTEM', () => {
    expect(at({ ...meta, type: BLOCK_GROUP_FLAG.DUP })).toEqual(
      fail(
        'EUCLEAN',
        'chunk at 6291456: type 0x20 is not DATA, METADATA or SYSTEM',
      ),
    );
  });

  it('refuse a DUP chunk with one stripe, or a stripe on another device', () => {
    expect(at({ ...meta, stripes: meta.stripes.slice(0, 1) })).toEqual(
      fail(
        'EUCLEAN',
        'chunk at 6291456: 1 stripe(s) for a dup chunk on device 1',
      ),
    );
    const [first, second] = meta.stripes;
    if (first === undefined || second === undefined) throw new Error('DUP');
    expect(
      at({ ...meta, stripes: [first, { ...second, devid: DEVID + 1 }] }),
    ).toEqual(
      fail(
        'EUCLEAN',
        'chunk at 6291456: 2 stripe(s) for a dup chunk on device 1',
      ),
    );
  });

  it('refuse a length of 0 or not a multiple of 64 KiB', () => {
    expect(at({ ...meta, length: 0 })).toEqual(
      fail(
        'EUCLEAN',
        'chunk at 6291456: length 0 is not a positive multiple of 64 KiB',
      ),
    );
    expect(at({ ...meta, length: 2 * M + SECTOR })).toEqual(
      fail(
        'EUCLEAN',
        'chunk at 6291456: length 2101248 is not a positive multiple of 64 KiB',
      ),
    );
  });

  it('refuse a chunk whose second copy alone ends past the device', () => {
    expect(at(meta, 9 * M)).toEqual(
      fail(
        'EUCLEAN',
        'chunk at 6291456: a stripe ends past the 9437184-byte device',
      ),
    );
    expect(at(meta, 10 * M)).toEqual(ok(META));
  });
});

describe('dev extents', () => {
  it('of the chunks written pass', () => {
    expect(checkDevExtents(CHUNKS, devExtents(CHUNKS))).toEqual(ok(undefined));
  });

  it('refuse one naming another chunk at a stripe', () => {
    const extents = devExtents(CHUNKS).map((e) =>
      e.physical === 8 * M
        ? { ...e, item: { ...e.item, chunkOffset: DATA.start } }
        : e,
    );
    expect(checkDevExtents(CHUNKS, extents)).toEqual(
      fail('EUCLEAN', 'dev extent at 8388608 names no stripe of chunk 4194304'),
    );
  });

  it('refuse a stripe without its dev extent', () => {
    const extents = devExtents(CHUNKS).filter((e) => e.physical !== 8 * M);
    expect(checkDevExtents(CHUNKS, extents)).toEqual(
      fail('EUCLEAN', 'the stripe at 8388608 has no dev extent'),
    );
  });
});

describe('block group items', () => {
  it('of the chunks written give each group its used bytes', () => {
    const written = groups(CHUNKS, 64 * K);
    expect(checkBlockGroups(CHUNKS, written)).toEqual(
      ok(
        new Map([
          [DATA.start, 64 * K],
          [META.start, 64 * K],
        ]),
      ),
    );
  });

  const [data, meta] = groups(CHUNKS, 0);
  if (data === undefined || meta === undefined) throw new Error('two groups');
  const noChunk = fail('EUCLEAN', 'block group at 6291456 matches no chunk');

  it('refuse a group at no chunk start, of another length or with other flags', () => {
    expect(checkBlockGroups([DATA], [data, meta])).toEqual(noChunk);
    expect(checkBlockGroups(CHUNKS, [data, { ...meta, length: M }])).toEqual(
      noChunk,
    );
    expect(
      checkBlockGroups(CHUNKS, [
        data,
        { ...meta, item: { ...meta.item, flags: BLOCK_GROUP_FLAG.METADATA } },
      ]),
    ).toEqual(noChunk);
  });

  it('refuse a chunk without a block group item', () => {
    expect(checkBlockGroups(CHUNKS, [data])).toEqual(
      fail('EUCLEAN', 'chunk at 6291456 has no block group item'),
    );
  });
});
