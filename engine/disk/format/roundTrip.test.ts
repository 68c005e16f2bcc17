// Properties of the on-disk format: every codec gives back what it was given (keys, item payloads, names,
// superblocks, tree nodes, sizes), and every decoder answers any bytes with a value, never a throw.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KEY_SIZE, readKey, writeKey } from './codec.ts';
import { formatSize } from '../../core/units.ts';
import { parseSize } from './image.ts';
import {
  BLOCK_GROUP_FLAG,
  decodeBlockGroupItem,
  decodeChunkItem,
  decodeDevExtent,
  encodeBlockGroupItem,
  encodeChunkItem,
  encodeDevExtent,
  type ChunkItem,
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
  INODE_FLAG,
  MAX_NAME_LEN,
  type Item,
} from './items.ts';
import { compareKeys, type Key } from './key.ts';
import { decodeNode, encodeNode, maxItemSize, type Node } from './node.ts';
import {
  decodeSuperblock,
  encodeSuperblock,
  FORMAT_VERSION,
} from './superblock.ts';
import { utf8Decode, utf8Encode } from './utf8.ts';

const u64 = fc.maxSafeNat();
const u32 = fc.integer({ min: 0, max: 0xffffffff });

/** Any combination of the given flag bits. */
function flagsOf(...bits: number[]): fc.Arbitrary<number> {
  return fc
    .subarray(bits)
    .map((chosen) => chosen.reduce((all, bit) => all | bit, 0));
}

/** A chunk item: a type bit (DUP or not) and one or two stripes. */
const chunkItem: fc.Arbitrary<ChunkItem> = fc.record({
  length: u64,
  owner: u64,
  stripeLen: u64,
  type: fc
    .tuple(
      fc.constantFrom(
        BLOCK_GROUP_FLAG.DATA,
        BLOCK_GROUP_FLAG.METADATA,
        BLOCK_GROUP_FLAG.SYSTEM,
      ),
      fc.boolean(),
    )
    .map(([type, dup]) => type | (dup ? BLOCK_GROUP_FLAG.DUP : 0)),
  sectorSize: u64,
  stripes: fc.array(fc.record({ devid: u64, offset: u64 }), {
    minLength: 1,
    maxLength: 2,
  }),
});

const key: fc.Arbitrary<Key> = fc.record({
  objectid: u64,
  type: fc.integer({ min: 0, max: 255 }),
  offset: u64,
});

/** A name whose UTF-8 form fits an inode ref (well-formed: no lone surrogates). */
const name = fc
  .string({ unit: 'binary', maxLength: 80 })
  .filter((s) => utf8Encode(s).length <= MAX_NAME_LEN);

function roundTrips<T>(
  value: fc.Arbitrary<T>,
  encode: (v: T) => Uint8Array,
  decode: (b: Uint8Array) => { ok: boolean; value?: unknown },
): void {
  fc.assert(
    fc.property(value, (v) => {
      expect(decode(encode(v))).toEqual({ ok: true, value: v });
    }),
  );
}

describe('item codecs (properties)', () => {
  it('a key reads back as written', () => {
    fc.assert(
      fc.property(key, (k) => {
        const view = new DataView(new ArrayBuffer(KEY_SIZE));
        writeKey(view, 0, k);
        expect(readKey(view, 0)).toEqual(k);
      }),
    );
  });

  it('every payload decodes to what was encoded', () => {
    roundTrips(
      fc.record({
        generation: u64,
        size: u64,
        nbytes: u64,
        flags: flagsOf(...Object.values(INODE_FLAG)),
      }),
      encodeInodeItem,
      decodeInodeItem,
    );
    roundTrips(fc.record({ name }), encodeInodeRef, decodeInodeRef);
    roundTrips(
      fc.record({
        generation: u64,
        type: fc.constantFrom('regular' as const, 'prealloc' as const),
        diskBytenr: u64,
        diskNumBytes: u64,
        offset: u64,
        numBytes: u64,
        ramBytes: u64,
      }),
      encodeFileExtentItem,
      decodeFileExtentItem,
    );
    const dataRef = fc.record({
      root: u64,
      objectid: u64,
      offset: u64,
      count: fc.integer({ min: 1, max: 2 ** 32 - 1 }),
    });
    roundTrips(
      fc.array(dataRef, { maxLength: 4 }).chain((dataRefs) =>
        fc.record({
          refs: fc.integer({
            min: dataRefs.reduce((n, r) => n + r.count, 0),
            max: Number.MAX_SAFE_INTEGER,
          }),
          generation: u64,
          flags: flagsOf(...Object.values(EXTENT_FLAG)),
          dataRefs: fc.constant(dataRefs),
        }),
      ),
      encodeExtentItem,
      decodeExtentItem,
    );
    roundTrips(
      fc.record({
        used: u64,
        chunkObjectid: u64,
        flags: flagsOf(...Object.values(BLOCK_GROUP_FLAG)),
      }),
      encodeBlockGroupItem,
      decodeBlockGroupItem,
    );
    roundTrips(chunkItem, encodeChunkItem, decodeChunkItem);
    roundTrips(
      fc.record({
        chunkTree: u64,
        chunkObjectid: u64,
        chunkOffset: u64,
        length: u64,
      }),
      encodeDevExtent,
      decodeDevExtent,
    );
    roundTrips(
      fc.record({ csums: fc.array(u32, { minLength: 1, maxLength: 64 }) }),
      encodeCsumItem,
      decodeCsumItem,
    );
    roundTrips(
      fc.record({
        bytenr: u64,
        level: fc.integer({ min: 0, max: 255 }),
        generation: u64,
      }),
      encodeRootItem,
      decodeRootItem,
    );
  });

  it('decodes any bytes under any key to a value or an EIO, never a throw', () => {
    fc.assert(
      fc.property(key, fc.uint8Array({ maxLength: 64 }), (k, data) => {
        const r = decodeItem({ key: k, data });
        if (!r.ok) expect(r.error.errno).toBe('EIO');
      }),
      { numRuns: 500 },
    );
  });
});

describe('names in UTF-8 (properties)', () => {
  it('a well-formed string round-trips exactly', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(utf8Decode(utf8Encode(text))).toBe(text);
      }),
    );
  });

  it('bytes that decode are exactly the encoding of what they decode to', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 16 }), (bytes) => {
        const text = utf8Decode(bytes);
        if (text !== null) expect(utf8Encode(text)).toEqual(bytes);
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps a leading byte order mark and refuses a lone surrogate', () => {
    expect(utf8Decode(Uint8Array.from([0xef, 0xbb, 0xbf, 0x61]))).toBe(
      '\ufeffa',
    );
    expect(() => utf8Encode('\udc00')).toThrow(/surrogate/);
  });
});

describe('superblocks and nodes (properties)', () => {
  const fsid = fc
    .uint8Array({ minLength: 16, maxLength: 16 })
    .map((b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(''));

  it('a superblock decodes to what was encoded', () => {
    fc.assert(
      fc.property(
        fc.record({
          fsid,
          bytenr: u64,
          flags: u64,
          generation: u64,
          root: u64,
          rootLevel: u64,
          totalBytes: u64,
          bytesUsed: u64,
          sectorsize: u32,
          nodesize: u32,
          version: fc.constant(FORMAT_VERSION),
          chunkRoot: u64,
          chunkRootLevel: u64,
          chunkRootGeneration: u64,
          sysChunkArray: fc.array(
            fc.record({ logical: u64, chunk: chunkItem }),
            { maxLength: 4 },
          ),
        }),
        (sb) => {
          expect(decodeSuperblock(encodeSuperblock(sb))).toEqual({
            kind: 'ok',
            superblock: sb,
          });
        },
      ),
    );
  });

  const NODE_SIZE = 4096;
  /** Distinct keys in order, as a node holds them. */
  const sortedKeys = (max: number) =>
    fc
      .uniqueArray(key, {
        minLength: 1,
        maxLength: max,
        selector: (k) =>
          `${String(k.objectid)}/${String(k.type)}/${String(k.offset)}`,
      })
      .map((keys) => [...keys].sort(compareKeys));

  it('a leaf decodes to what was encoded', () => {
    const items = sortedKeys(20).chain((keys) =>
      fc.tuple(
        ...keys.map((k) =>
          fc
            .uint8Array({ maxLength: Math.floor(maxItemSize(NODE_SIZE) / 20) })
            .map((data): Item => ({ key: k, data })),
        ),
      ),
    );
    fc.assert(
      fc.property(
        fsid,
        u64,
        u64,
        u64,
        items,
        (id, bytenr, generation, owner, its) => {
          const node: Node = {
            kind: 'leaf',
            items: its,
            header: { fsid: id, bytenr, generation, owner, level: 0 },
          };
          expect(
            decodeNode(encodeNode(NODE_SIZE, node), {
              nodeSize: NODE_SIZE,
              bytenr,
              fsid: id,
              owner,
              level: 0,
              generation,
            }),
          ).toEqual({ ok: true, value: node });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('an internal node decodes to what was encoded', () => {
    const pointers = sortedKeys(40).chain((keys) =>
      fc.tuple(
        ...keys.map((k) =>
          fc.record({ key: fc.constant(k), blockptr: u64, generation: u64 }),
        ),
      ),
    );
    fc.assert(
      fc.property(
        fsid,
        u64,
        u64,
        fc.integer({ min: 1, max: 7 }),
        pointers,
        (id, bytenr, generation, level, drawn) => {
          // A child is never newer than its parent: the decoder refuses such a pointer.
          const ptrs = drawn.map((p) => ({
            ...p,
            generation: p.generation % (generation + 1),
          }));
          const node: Node = {
            kind: 'internal',
            ptrs,
            header: { fsid: id, bytenr, generation, owner: 2, level },
          };
          expect(
            decodeNode(encodeNode(NODE_SIZE, node), {
              nodeSize: NODE_SIZE,
              bytenr,
              fsid: id,
              owner: 2,
              level,
            }),
          ).toEqual({ ok: true, value: node });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('decodes any bytes to a node or an EIO, never a throw', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 512, maxLength: 512 }),
        (bytes) => {
          expect(
            decodeNode(bytes, {
              nodeSize: 512,
              bytenr: 0,
              fsid: '0'.repeat(32),
              owner: 5,
              level: 0,
            }).ok,
          ).toBe(false);
          expect(decodeSuperblock(bytes).kind).not.toBe('ok');
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('sizes (properties)', () => {
  it('formatSize then parseSize gives back every size it can state exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1023 }),
        fc.integer({ min: 0, max: 4 }),
        (count, unit) => {
          const bytes = count * 1024 ** unit;
          expect(parseSize(formatSize(bytes))).toBe(bytes);
        },
      ),
    );
  });

  it('parseSize reads every spelling of a whole number of units', () => {
    const UNITS = [
      ['', 1],
      ['k', 1024],
      ['m', 1024 ** 2],
      ['g', 1024 ** 3],
      ['t', 1024 ** 4],
    ] as const;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4095 }),
        fc.constantFrom(...UNITS),
        fc.constantFrom('', 'b', 'B', 'ib', 'iB', 'IB'),
        fc.boolean(),
        fc.constantFrom('', ' ', '  '),
        (count, [unit, scale], suffix, upper, space) => {
          const letter = upper ? unit.toUpperCase() : unit;
          const text = `${space}${String(count)}${space}${letter}${unit === '' ? '' : suffix}${space}`;
          const expected = count * scale;
          expect(parseSize(text)).toBe(
            Number.isSafeInteger(expected) ? expected : null,
          );
        },
      ),
    );
  });
});
