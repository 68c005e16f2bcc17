import { describe, expect, it } from 'vitest';
import { InvariantError } from '../../core/assert.ts';
import {
  BLOCK_GROUP_FLAG,
  decodeBlockGroupItem,
  decodeChunkItem,
  decodeDevExtent,
  encodeBlockGroupItem,
  encodeChunkItem,
  encodeDevExtent,
} from './chunkItems.ts';
import {
  EXTENT_FLAG,
  decodeExtentItem,
  encodeExtentItem,
} from './extentItem.ts';
import {
  decodeCsumItem,
  decodeFileExtentItem,
  decodeInodeItem,
  decodeInodeRef,
  decodeItem,
  decodeRootItem,
  encodeCsumItem,
  encodeFileExtentItem,
  encodeInodeItem,
  encodeInodeRef,
  encodeRootItem,
  EXTENT_CSUM_OBJECTID,
  formatKey,
  INODE_FLAG,
  KEY_TYPE,
  keyTypeName,
  TREE_ID,
  treeName,
} from './items.ts';
import { compareKeys, type Key } from './key.ts';

const MAX = Number.MAX_SAFE_INTEGER;

function key(objectid: number, type: number, offset: number): Key {
  return { objectid, type, offset };
}

function errorOf(result: { ok: boolean; error?: { message: string } }) {
  expect(result.ok).toBe(false);
  return result.error?.message ?? '';
}

describe('keys', () => {
  it('compareKeys orders by objectid, then type, then offset', () => {
    const sorted = [
      key(5, 200, 0),
      key(256, 1, 9),
      key(256, 12, 0),
      key(256, 12, 1),
      key(257, 1, 0),
      key(EXTENT_CSUM_OBJECTID, KEY_TYPE.EXTENT_CSUM, 0),
    ];
    const shuffled = [3, 0, 5, 2, 4, 1].map((i) => sorted[i] as Key);
    expect(shuffled.sort(compareKeys)).toEqual(sorted);
    expect(compareKeys(key(1, 2, 3), key(1, 2, 3))).toBe(0);
  });

  it('compareKeys is exact for the largest representable values', () => {
    expect(compareKeys(key(MAX, 0, 0), key(MAX - 1, 255, MAX))).toBeGreaterThan(
      0,
    );
    expect(compareKeys(key(0, 0, MAX), key(0, 0, MAX - 1))).toBeGreaterThan(0);
  });

  it('uses btrfs numbers for key types and tree ids', () => {
    expect(KEY_TYPE).toEqual({
      INODE_ITEM: 1,
      INODE_REF: 12,
      EXTENT_DATA: 108,
      EXTENT_CSUM: 128,
      ROOT_ITEM: 132,
      EXTENT_ITEM: 168,
      EXTENT_DATA_REF: 178,
      BLOCK_GROUP_ITEM: 192,
      DEV_EXTENT: 204,
      CHUNK_ITEM: 228,
    });
    expect(TREE_ID).toEqual({
      ROOT_TREE: 1,
      EXTENT_TREE: 2,
      CHUNK_TREE: 3,
      DEV_TREE: 4,
      FS_TREE: 5,
      CSUM_TREE: 7,
    });
    expect(EXTENT_CSUM_OBJECTID).toBe(2 ** 53 - 10);
  });

  it('formats keys, key types and trees the way btrfs-progs prints them', () => {
    expect(formatKey(key(257, KEY_TYPE.EXTENT_DATA, 4096))).toBe(
      '(257 EXTENT_DATA 4096)',
    );
    expect(
      formatKey(key(EXTENT_CSUM_OBJECTID, KEY_TYPE.EXTENT_CSUM, 1048576)),
    ).toBe('(EXTENT_CSUM EXTENT_CSUM 1048576)');
    expect(keyTypeName(99)).toBe('UNKNOWN.99');
    expect(treeName(TREE_ID.CSUM_TREE)).toBe('CSUM_TREE');
    expect(treeName(256)).toBe('tree 256');
  });
});

describe('payload codecs', () => {
  it('round-trips an inode item', () => {
    const item = {
      generation: 7,
      size: MAX,
      nbytes: 8192,
      flags: INODE_FLAG.NODATASUM | INODE_FLAG.NODATACOW,
    };
    expect(decodeInodeItem(encodeInodeItem(item))).toEqual({
      ok: true,
      value: item,
    });
  });

  it('round-trips inode refs, including multi-byte and 255-byte names', () => {
    for (const name of [
      '',
      'a.txt',
      'héllo wörld',
      '日本語のファイル',
      'emoji 🦀🐧',
      'x'.repeat(255),
      '€'.repeat(85),
    ]) {
      expect(decodeInodeRef(encodeInodeRef({ name }))).toEqual({
        ok: true,
        value: { name },
      });
    }
    expect(Array.from(encodeInodeRef({ name: 'é🐧' }))).toEqual([
      6, 0, 0xc3, 0xa9, 0xf0, 0x9f, 0x90, 0xa7,
    ]);
  });

  it('round-trips regular and prealloc file extent items', () => {
    for (const type of ['regular', 'prealloc'] as const) {
      const item = {
        generation: 3,
        type,
        diskBytenr: 1048576,
        diskNumBytes: 131072,
        offset: 4096,
        numBytes: 8192,
        ramBytes: 131072,
      };
      expect(decodeFileExtentItem(encodeFileExtentItem(item))).toEqual({
        ok: true,
        value: item,
      });
    }
    const bytes = encodeFileExtentItem({
      generation: 0,
      type: 'prealloc',
      diskBytenr: 0,
      diskNumBytes: 0,
      offset: 0,
      numBytes: 0,
      ramBytes: 0,
    });
    // btrfs_file_extent_item: generation, ram_bytes, compression, encryption, other_encoding, then type.
    expect(bytes.length).toBe(53);
    expect(bytes[20]).toBe(2);
  });

  it('round-trips extent, block group, csum and root items', () => {
    const extent = {
      refs: 2,
      generation: 9,
      flags: EXTENT_FLAG.DATA,
      dataRefs: [{ root: 5, objectid: 257, offset: 0, count: 2 }],
    };
    expect(decodeExtentItem(encodeExtentItem(extent))).toEqual({
      ok: true,
      value: extent,
    });
    const group = {
      used: 12345,
      chunkObjectid: 256,
      flags: BLOCK_GROUP_FLAG.METADATA | BLOCK_GROUP_FLAG.DUP,
    };
    expect(decodeBlockGroupItem(encodeBlockGroupItem(group))).toEqual({
      ok: true,
      value: group,
    });
    const chunk = {
      length: 33554432,
      owner: 2,
      stripeLen: 65536,
      type: BLOCK_GROUP_FLAG.METADATA | BLOCK_GROUP_FLAG.DUP,
      sectorSize: 4096,
      stripes: [
        { devid: 1, offset: 38797312 },
        { devid: 1, offset: 72351744 },
      ],
    };
    expect(decodeChunkItem(encodeChunkItem(chunk))).toEqual({
      ok: true,
      value: chunk,
    });
    const dev = {
      chunkTree: 3,
      chunkObjectid: 256,
      chunkOffset: 30408704,
      length: 33554432,
    };
    expect(decodeDevExtent(encodeDevExtent(dev))).toEqual({
      ok: true,
      value: dev,
    });
    const csum = { csums: [0, 1, 0xe3069283, 0xffffffff] };
    expect(decodeCsumItem(encodeCsumItem(csum))).toEqual({
      ok: true,
      value: csum,
    });
    const root = { bytenr: 30408704, level: 7, generation: MAX };
    expect(decodeRootItem(encodeRootItem(root))).toEqual({
      ok: true,
      value: root,
    });
  });

  it('encodes little endian', () => {
    const bytes = encodeExtentItem({
      refs: 0x0102,
      generation: 1,
      flags: 1,
      dataRefs: [],
    });
    expect(Array.from(bytes.subarray(0, 8))).toEqual([2, 1, 0, 0, 0, 0, 0, 0]);
  });
});

describe('decoders reject malformed payloads with EIO', () => {
  it('names a wrong size', () => {
    const bytes = encodeInodeItem({
      generation: 1,
      size: 0,
      nbytes: 0,
      flags: 0,
    });
    const result = decodeInodeItem(bytes.subarray(0, 31));
    expect(result.ok ? null : result.error.errno).toBe('EIO');
    expect(errorOf(result)).toBe('inode item is 31 bytes, expected 32');
    expect(errorOf(decodeCsumItem(new Uint8Array(6)))).toBe(
      'csum item is 6 bytes, not a positive multiple of 4',
    );
    expect(errorOf(decodeCsumItem(new Uint8Array(0)))).toMatch(
      /not a positive multiple/,
    );
  });

  it('refuses a u64 beyond 2^53 - 1 instead of rounding it', () => {
    const bytes = encodeRootItem({ bytenr: 0, level: 0, generation: 0 });
    bytes.fill(0xff, 8, 16);
    expect(errorOf(decodeRootItem(bytes))).toBe(
      'root item generation is beyond 2^53 - 1',
    );
  });

  it('refuses unknown flag bits and file extent types', () => {
    const inode = encodeInodeItem({
      generation: 1,
      size: 0,
      nbytes: 0,
      flags: 0,
    });
    inode[24] = 0x05;
    expect(errorOf(decodeInodeItem(inode))).toBe(
      'inode item flags 0x5 has unknown bits 0x4',
    );
    const group = encodeBlockGroupItem({
      used: 0,
      chunkObjectid: 256,
      flags: 1,
    });
    group[16] = 0x09;
    expect(errorOf(decodeBlockGroupItem(group))).toMatch(/unknown bits 0x8/);
    const chunk = encodeChunkItem({
      length: 65536,
      owner: 2,
      stripeLen: 65536,
      type: 1,
      sectorSize: 4096,
      stripes: [{ devid: 1, offset: 1048576 }],
    });
    expect(errorOf(decodeChunkItem(chunk.subarray(0, 60)))).toMatch(
      /1 stripe\(s\) is 60 bytes/,
    );
    const extent = encodeExtentItem({
      refs: 1,
      generation: 1,
      flags: 1,
      dataRefs: [],
    });
    extent[20] = 1;
    expect(errorOf(decodeExtentItem(extent))).toMatch(
      /flags 0x100000001 has unknown bits 0x100000000/,
    );
    const fileExtent = encodeFileExtentItem({
      generation: 1,
      type: 'regular',
      diskBytenr: 0,
      diskNumBytes: 0,
      offset: 0,
      numBytes: 0,
      ramBytes: 0,
    });
    fileExtent[20] = 0;
    expect(errorOf(decodeFileExtentItem(fileExtent))).toBe(
      'file extent item type 0 is neither regular (1) nor prealloc (2)',
    );
    fileExtent[20] = 1;
    fileExtent[16] = 1;
    expect(errorOf(decodeFileExtentItem(fileExtent))).toMatch(
      /compressed or encoded \(compression 1, encryption 0, other 0\)/,
    );
  });

  it('refuses inode refs whose length or UTF-8 is wrong', () => {
    expect(errorOf(decodeInodeRef(new Uint8Array([1])))).toMatch(/too short/);
    expect(errorOf(decodeInodeRef(new Uint8Array([3, 0, 0x61])))).toBe(
      'inode ref name length 3 does not match its 3 bytes (limit 255)',
    );
    const long = new Uint8Array(2 + 256).fill(0x61);
    long.set([0, 1]);
    expect(errorOf(decodeInodeRef(long))).toMatch(/name length 256/);
    for (const bad of [
      [0x80], // continuation without a lead byte
      [0xc3], // truncated sequence
      [0xc0, 0x80], // overlong NUL
      [0xe0, 0x80, 0x80], // overlong
      [0xed, 0xa0, 0x80], // UTF-16 surrogate
      [0xf4, 0x90, 0x80, 0x80], // beyond U+10FFFF
      [0xf8, 0x90, 0x80, 0x80], // no such lead byte
    ]) {
      const bytes = Uint8Array.from([bad.length, 0, ...bad]);
      expect(errorOf(decodeInodeRef(bytes))).toBe(
        'inode ref name is not valid UTF-8',
      );
    }
  });
});

describe('encoders throw on values no filesystem state can produce', () => {
  it('rejects negative, fractional and unsafe numbers, naming the field', () => {
    const inode = { generation: 1, size: 0, nbytes: 0, flags: 0 };
    expect(() => encodeInodeItem({ ...inode, size: -1 })).toThrow(
      'inode item size must be a non-negative safe integer, got -1',
    );
    expect(() => encodeInodeItem({ ...inode, nbytes: 1.5 })).toThrow(
      InvariantError,
    );
    expect(() => encodeInodeItem({ ...inode, generation: 2 ** 53 })).toThrow(
      /generation/,
    );
    expect(() =>
      encodeRootItem({ bytenr: 0, level: 256, generation: 1 }),
    ).toThrow('root item level must be a u8, got 256');
  });

  it('rejects unknown flags, long names, lone surrogates and bad csums', () => {
    expect(() =>
      encodeInodeItem({ generation: 1, size: 0, nbytes: 0, flags: 4 }),
    ).toThrow('inode item flags 0x4 has unknown bits 0x4');
    expect(() =>
      encodeExtentItem({ refs: 1, generation: 1, flags: 2, dataRefs: [] }),
    ).toThrow(/unknown bits/);
    expect(() => encodeInodeRef({ name: 'é'.repeat(128) })).toThrow(
      'inode ref name is 256 bytes, the limit is 255',
    );
    expect(() => encodeInodeRef({ name: 'a\ud800b' })).toThrow(/surrogate/);
    expect(() => encodeCsumItem({ csums: [] })).toThrow(/at least one/);
    expect(() => encodeCsumItem({ csums: [2 ** 32] })).toThrow(/not a u32/);
  });
});

describe('decodeItem', () => {
  it('decodes each payload by its key type', () => {
    const cases = [
      {
        key: key(257, KEY_TYPE.INODE_ITEM, 0),
        data: encodeInodeItem({
          generation: 1,
          size: 5,
          nbytes: 4096,
          flags: 0,
        }),
        kind: 'INODE_ITEM',
      },
      {
        key: key(257, KEY_TYPE.INODE_REF, 256),
        data: encodeInodeRef({ name: 'f' }),
        kind: 'INODE_REF',
      },
      {
        key: key(257, KEY_TYPE.EXTENT_DATA, 0),
        data: encodeFileExtentItem({
          generation: 1,
          type: 'regular',
          diskBytenr: 1048576,
          diskNumBytes: 4096,
          offset: 0,
          numBytes: 4096,
          ramBytes: 4096,
        }),
        kind: 'EXTENT_DATA',
      },
      {
        key: key(EXTENT_CSUM_OBJECTID, KEY_TYPE.EXTENT_CSUM, 1048576),
        data: encodeCsumItem({ csums: [1] }),
        kind: 'EXTENT_CSUM',
      },
      {
        key: key(TREE_ID.FS_TREE, KEY_TYPE.ROOT_ITEM, 0),
        data: encodeRootItem({ bytenr: 4194304, level: 0, generation: 1 }),
        kind: 'ROOT_ITEM',
      },
      {
        key: key(1048576, KEY_TYPE.EXTENT_ITEM, 4096),
        data: encodeExtentItem({
          refs: 1,
          generation: 1,
          flags: 1,
          dataRefs: [],
        }),
        kind: 'EXTENT_ITEM',
      },
      {
        key: key(1048576, KEY_TYPE.BLOCK_GROUP_ITEM, 8388608),
        data: encodeBlockGroupItem({
          used: 4096,
          chunkObjectid: 256,
          flags: 1,
        }),
        kind: 'BLOCK_GROUP_ITEM',
      },
      {
        key: key(1, KEY_TYPE.DEV_EXTENT, 13631488),
        data: encodeDevExtent({
          chunkTree: 3,
          chunkObjectid: 256,
          chunkOffset: 13631488,
          length: 8388608,
        }),
        kind: 'DEV_EXTENT',
      },
      {
        key: key(256, KEY_TYPE.CHUNK_ITEM, 13631488),
        data: encodeChunkItem({
          length: 8388608,
          owner: 2,
          stripeLen: 65536,
          type: 1,
          sectorSize: 4096,
          stripes: [{ devid: 1, offset: 13631488 }],
        }),
        kind: 'CHUNK_ITEM',
      },
    ];
    for (const { key: k, data, kind } of cases) {
      const decoded = decodeItem({ key: k, data });
      expect(decoded.ok && decoded.value.kind).toBe(kind);
    }
    const inode = decodeItem({
      key: key(257, KEY_TYPE.INODE_ITEM, 0),
      data: encodeInodeItem({ generation: 1, size: 5, nbytes: 0, flags: 0 }),
    });
    if (!inode.ok || inode.value.kind !== 'INODE_ITEM')
      throw new Error('not an inode item');
    expect(inode.value.value.size).toBe(5);
  });

  it('names the item key in errors, and refuses unknown key types', () => {
    expect(
      errorOf(
        decodeItem({
          key: key(257, KEY_TYPE.INODE_ITEM, 0),
          data: new Uint8Array(3),
        }),
      ),
    ).toBe('item (257 INODE_ITEM 0): inode item is 3 bytes, expected 32');
    expect(
      errorOf(decodeItem({ key: key(257, 84, 0), data: new Uint8Array(3) })),
    ).toBe('item (257 UNKNOWN.84 0): unknown key type');
  });
});
