// What a mount verifies of the decoded items (checkMountedItems), one fact at a time: a consistent set of
// items passes, and each change below breaks exactly one fact, refused as EUCLEAN naming the item. Some of
// these facts a mount's earlier checks also guard on a real image (the trees' key order sorts the items,
// so the checks' own sorting only matters here); engine/sim/damagedImages.test.ts crafts real images.

import { describe, expect, it } from 'vitest';
import { MAX_FILE_SIZE } from '../core/limits.ts';
import type { FileExtentRec } from '../trace/records.ts';
import type { MountedItems } from './metadataItems.ts';
import { checkMountedItems } from './mountCheck.ts';
import type { Chunk } from './space/chunkMap.ts';
import { DATA, DEVICE, META, SECTOR } from '../testing/smallChunkLayout.ts';

const K = 1024;
const M = 1024 * K;

function fileExtent(over: Partial<FileExtentRec> = {}): FileExtentRec {
  return {
    ino: 257,
    offset: 0,
    numBytes: 8 * K,
    type: 'regular',
    diskBytenr: DATA.start,
    diskNumBytes: 8 * K,
    extentOffset: 0,
    ramBytes: 8 * K,
    ...over,
  };
}

/** File F (inode 257) over one 8 KiB extent at the data chunk's start, with its checksums. */
function items(): MountedItems {
  return {
    inodes: [
      {
        ino: 257,
        name: 'F',
        size: 8 * K,
        nbytes: 8 * K,
        flags: [],
        extents: [fileExtent()],
      },
    ],
    extents: [{ bytenr: DATA.start, numBytes: 8 * K, refs: 1, shared: false }],
    csums: new Map([
      [DATA.start, 1],
      [DATA.start + SECTOR, 2],
    ]),
    chunks: [DATA, META],
    groupUsed: new Map([
      [DATA.start, 8 * K],
      [META.start, 0],
    ]),
  };
}

/** The inode of `m` (there is one), changed by `over`. */
function withInode(
  m: MountedItems,
  over: Partial<MountedItems['inodes'][number]>,
): MountedItems {
  return { ...m, inodes: m.inodes.map((i) => ({ ...i, ...over })) };
}

function problem(m: MountedItems): string | null {
  const r = checkMountedItems(m, SECTOR, DEVICE);
  if (r.ok) return null;
  expect(r.error.errno).toBe('EUCLEAN');
  return r.error.message;
}

describe('checkMountedItems', () => {
  it('passes items that describe one consistent filesystem', () => {
    expect(problem(items())).toBeNull();
  });

  it('refuses chunks that overlap', () => {
    const inside: Chunk = {
      ...META,
      start: DATA.start + 64 * K,
      length: 64 * K,
      stripes: [20 * M, 21 * M],
    };
    expect(problem({ ...items(), chunks: [DATA, inside, META] })).toBe(
      `chunk tree: chunk at ${String(inside.start)} overlaps the logical range of the chunk at ${String(DATA.start)}`,
    );
  });

  describe('extent items', () => {
    it('refuses an extent item whose start and length are not whole sectors, naming both', () => {
      const m = items();
      const x = {
        bytenr: DATA.start + M + 1,
        numBytes: 100,
        refs: 0,
        shared: false,
      };
      expect(problem({ ...m, extents: [...m.extents, x] })).toBe(
        `extent tree: extent item at ${String(x.bytenr)}: bytenr ${String(x.bytenr)}, numBytes 100 not a multiple of the sector size 4096`,
      );
    });

    it('refuses an empty extent item', () => {
      const m = items();
      const x = { bytenr: DATA.start + M, numBytes: 0, refs: 0, shared: false };
      expect(problem({ ...m, extents: [...m.extents, x] })).toBe(
        `extent tree: extent item at ${String(x.bytenr)}: is empty`,
      );
    });

    it('finds overlapping extent items by address, whatever their order', () => {
      const at = (k: number, numBytes: number) => ({
        bytenr: DATA.start + k * K,
        numBytes,
        refs: 0,
        shared: false,
      });
      // By address: 0 (8 KiB), 64 KiB (16 KiB), 72 KiB (4 KiB): the second overlaps the third.
      const m = {
        ...items(),
        extents: [at(72, 4 * K), at(0, 8 * K), at(64, 16 * K)],
      };
      expect(problem(m)).toBe(
        `extent tree: extent item at ${String(DATA.start + 64 * K)} (16384 bytes) overlaps the extent item at ${String(DATA.start + 72 * K)}`,
      );
    });
  });

  describe('inodes', () => {
    it.each(['.', '..'])('refuses a file named %j', (name) => {
      expect(problem(withInode(items(), { name }))).toBe(
        `fs tree: inode 257: ${JSON.stringify(name)} cannot name a file (empty, "." or "..", or holding "/" or NUL)`,
      );
    });

    it('accepts names that only hold dots', () => {
      expect(problem(withInode(items(), { name: '...' }))).toBeNull();
      expect(problem(withInode(items(), { name: '.F' }))).toBeNull();
    });

    it('accepts a size of exactly the file size limit, and refuses one byte more', () => {
      expect(problem(withInode(items(), { size: MAX_FILE_SIZE }))).toBeNull();
      expect(problem(withInode(items(), { size: MAX_FILE_SIZE + 1 }))).toBe(
        `fs tree: inode 257: size ${String(MAX_FILE_SIZE + 1)} is past the ${String(MAX_FILE_SIZE)}-byte file size limit`,
      );
    });

    it('refuses an empty file extent item', () => {
      const m = withInode(items(), {
        extents: [fileExtent(), fileExtent({ offset: 64 * K, numBytes: 0 })],
      });
      expect(problem(m)).toBe(
        'fs tree: inode 257 file extent at 65536: is empty',
      );
    });

    it('accepts a file extent ending at exactly the file size limit', () => {
      const last = MAX_FILE_SIZE - 8 * K;
      const m = withInode(items(), {
        size: MAX_FILE_SIZE,
        extents: [fileExtent({ offset: last })],
      });
      expect(problem(m)).toBeNull();
    });

    it('finds overlapping file extent items by offset, whatever their order', () => {
      // Three items over the one 8 KiB extent (refs 3): by offset, 0 (4 KiB), 16 KiB (8 KiB), 20 KiB (4 KiB).
      const m = items();
      const part = (k: number, numBytes: number) =>
        fileExtent({ offset: k * K, numBytes });
      const three = withInode(
        { ...m, extents: m.extents.map((x) => ({ ...x, refs: 3 })) },
        {
          nbytes: 16 * K,
          extents: [part(20, 4 * K), part(0, 4 * K), part(16, 8 * K)],
        },
      );
      expect(problem(three)).toBe(
        'fs tree: inode 257: file extent items at 16384 (8192 bytes) and 20480 overlap',
      );
    });
  });

  it('refuses an extent item whose refs are not the file extent items pointing at it', () => {
    const m = items();
    const x = { bytenr: DATA.start, numBytes: 8 * K, refs: 2, shared: false };
    expect(problem({ ...m, extents: [x] })).toBe(
      `extent tree: extent item at ${String(DATA.start)} records 2 reference(s), but 1 point at it`,
    );
    // A snapshot's share is one more reference.
    expect(problem({ ...m, extents: [{ ...x, shared: true }] })).toBeNull();
  });

  it('refuses a metadata block group that records bytes used (mount counts its nodes)', () => {
    const m = items();
    const groupUsed = new Map([...m.groupUsed, [META.start, 16 * K]]);
    expect(problem({ ...m, groupUsed })).toBe(
      `extent tree: the metadata block group at ${String(META.start)} records 16384 bytes used, but its extent items hold 0`,
    );
  });

  describe('checksums', () => {
    const withCsum = (at: number): MountedItems => {
      const m = items();
      return { ...m, csums: new Map([...m.csums, [at, 7]]) };
    };

    it('accepts a checksum of a data chunk’s last sector', () => {
      expect(problem(withCsum(DATA.start + DATA.length - SECTOR))).toBeNull();
    });

    it.each([
      ['the sector below the data chunk', DATA.start - SECTOR],
      ['the sector just past the data chunk', DATA.start + DATA.length],
      ['a sector of the metadata chunk', META.start + SECTOR],
    ])('refuses a checksum of %s', (_what, at) => {
      expect(problem(withCsum(at))).toBe(
        `csum tree: a checksum for disk sector ${String(at)}, which no data block group holds`,
      );
    });
  });
});
