// xfs_buffered_write_iomap_begin's decisions, each under one ILOCK cycle, held to the xfs-srcmap
// conformance fixture (a 200-byte write at 100 into a reflinked 16 KiB file on Linux 6.18).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { IomapRec } from '../trace/records.ts';
import {
  xfsBufferedWriteIomapBegin,
  type XfsWriteMaps,
} from './bufferedIomapBegin.ts';
import type { ForkExtent } from './forkExtents.ts';
import { XfsSpace } from './freeSpace.ts';
import { XfsInode } from './inode.ts';
import type { RefcountRecords } from './sharedBlocks.ts';

const BS = 4096;
const PAGE = 4096;
const KiB = 1024;

const written = (
  startoff: number,
  blockcount: number,
  startblock: number,
): ForkExtent => ({
  state: 'written',
  startoff,
  blockcount,
  startblock,
});

/** ->iomap_begin on a roomy filesystem (80,000 blocks, as the fixture's 320 MiB image), unwrapped. */
function begin(
  ip: XfsInode,
  refcounts: RefcountRecords,
  pos: number,
  count: number,
  pageSize: number,
): XfsWriteMaps {
  const r = xfsBufferedWriteIomapBegin(
    ip,
    { refcounts, space: new XfsSpace(81920, 64) },
    pos,
    count,
    pageSize,
  );
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const fixture = JSON.parse(
  readFileSync(
    new URL('../../conformance/fixtures/xfs-srcmap.json', import.meta.url),
    'utf8',
  ),
) as {
  fileSize: number;
  write: { offset: number; length: number };
  iterations: { dstmap: IomapRec; srcmap: IomapRec }[];
};

/** The fixture's file: fileSize bytes in one extent at the srcmap's disk block, shared with a clone. */
function reflinkedFile(cowextsize = 0): {
  ip: XfsInode;
  refs: RefcountRecords;
} {
  const blocks = fixture.fileSize / BS;
  const diskBlock = (fixture.iterations[0]?.srcmap.addr ?? 0) / BS;
  const ip = new XfsInode({
    ino: 0x83,
    blockSize: BS,
    isize: fixture.fileSize,
    dataFork: [written(0, blocks, diskBlock)],
    reflink: true,
    cowextsize,
  });
  return {
    ip,
    refs: [{ startblock: diskBlock, blockcount: blocks, refcount: 2 }],
  };
}

describe('a shared extent (the xfs-srcmap fixture)', () => {
  it('returns the COW-fork delalloc as the iomap and the data-fork extent as the srcmap, as 6.18 did', () => {
    const { ip, refs } = reflinkedFile();
    const { offset, length } = fixture.write;
    const maps = begin(ip, refs, offset, length, PAGE);
    const kernel = fixture.iterations[0];
    expect(kernel).toBeDefined();
    expect(maps.iomap).toEqual(kernel?.dstmap);
    expect(maps.srcmap).toEqual(kernel?.srcmap);
    expect(maps.iomap).toMatchObject({
      type: 'DELALLOC',
      flags: ['NEW', 'SHARED'],
      offset: 0,
      length: 128 * KiB,
    });
    expect(ip.ilockCycles).toBe(1);
  });

  it('leaves the reservation in the COW fork, aligned to the 32-block default hint past EOF', () => {
    const { ip, refs } = reflinkedFile();
    const maps = begin(ip, refs, 100, 200, PAGE);
    expect(maps.fork).toBe('cow');
    expect(ip.cowFork).toEqual([
      { state: 'delalloc', startoff: 0, blockcount: 32 },
    ]);
    expect(ip.dataFork).toEqual([written(0, 4, 10)]);
    expect(ip.delayedBlocks).toBe(32);
  });

  // Checked on 6.18 with tracefs (xfs_io -c 'cowextsize 262144', reflink, then the same write).
  it('aligns to a larger cowextsize hint when the inode sets one', () => {
    const { ip, refs } = reflinkedFile(64);
    const maps = begin(ip, refs, 100, 200, PAGE);
    expect(maps.iomap).toMatchObject({
      offset: 0,
      length: 256 * KiB,
      flags: ['NEW', 'SHARED'],
    });
  });

  // Checked on 6.18 with tracefs: a second write at 8197 gave dstmap SHARED (0x4), srcmap 0x4000 long.
  it('uses the existing COW-fork extent on the next write: SHARED without NEW, no new reservation', () => {
    const { ip, refs } = reflinkedFile();
    begin(ip, refs, 100, 200, PAGE);
    const maps = begin(ip, refs, 8192 + 5, 10, PAGE);
    expect(maps.iomap).toEqual({
      type: 'DELALLOC',
      flags: ['SHARED'],
      offset: 0,
      length: 128 * KiB,
      addr: -1,
    });
    // The early COW hit returns the data-fork extent untrimmed as the srcmap.
    expect(maps.srcmap).toEqual({
      type: 'MAPPED',
      flags: [],
      offset: 0,
      length: 16 * KiB,
      addr: 40960,
    });
    expect(maps.reserved).toBeNull();
    expect(ip.delayedBlocks).toBe(32);
    expect(ip.ilockCycles).toBe(2);
  });

  it('sizes the srcmap to the shared run, and the hint makes the unshared blocks beside it COW too', () => {
    const ip = new XfsInode({
      ino: 1,
      blockSize: BS,
      isize: 16 * KiB,
      dataFork: [written(0, 4, 10)],
      reflink: true,
    });
    const refs = [{ startblock: 10, blockcount: 2, refcount: 2 }];
    const first = begin(ip, refs, 0, 16 * KiB, PAGE);
    expect(first.srcmap).toEqual({
      type: 'MAPPED',
      flags: [],
      offset: 0,
      length: 8 * KiB,
      addr: 40960,
    });
    expect(first.iomap).toMatchObject({
      offset: 0,
      length: 128 * KiB,
      flags: ['NEW', 'SHARED'],
    });
    // The iomap core stops the iteration at the srcmap's end; the next one, on unshared block 2, finds the
    // COW reservation first (the cowextsize "speculative preallocation") and writes there too.
    const next = begin(ip, refs, 8 * KiB, 8 * KiB, PAGE);
    expect(next.fork).toBe('cow');
    expect(next.iomap.flags).toEqual(['SHARED']);
    expect(next.srcmap).toEqual({
      type: 'MAPPED',
      flags: [],
      offset: 0,
      length: 16 * KiB,
      addr: 40960,
    });
    // Past the data fork's last extent the COW extent is clipped to the write and has no srcmap.
    const past = begin(ip, refs, 32 * KiB, 4 * KiB, PAGE);
    expect(past.iomap).toMatchObject({
      flags: ['SHARED'],
      offset: 32 * KiB,
      length: 4 * KiB,
    });
    expect(past.srcmap).toBeNull();
    expect(ip.ilockCycles).toBe(3);
  });
});

describe('unshared data', () => {
  it('maps an unshared written extent in place, trimmed to the write on a reflink inode', () => {
    const ip = new XfsInode({
      ino: 1,
      blockSize: BS,
      isize: 16 * KiB,
      dataFork: [written(0, 4, 10)],
      reflink: true,
    });
    const maps = begin(ip, [], 4096 + 1, 10, PAGE);
    expect(maps).toEqual({
      iomap: {
        type: 'MAPPED',
        flags: [],
        offset: 4096,
        length: 4096,
        addr: 11 * BS,
      },
      srcmap: null,
      fork: 'data',
      reserved: null,
    });
  });

  it('maps the whole extent, untrimmed, when the inode was never reflinked', () => {
    const ip = new XfsInode({
      ino: 1,
      blockSize: BS,
      isize: 16 * KiB,
      dataFork: [written(0, 4, 10)],
    });
    const maps = begin(ip, [], 4096 + 1, 10, PAGE);
    expect(maps.iomap).toEqual({
      type: 'MAPPED',
      flags: [],
      offset: 0,
      length: 16 * KiB,
      addr: 40960,
    });
    expect(ip.cowFork).toBeNull();
  });
});

describe('holes and EOF', () => {
  it('reserves data-fork delalloc over a hole up to the next extent, flagged NEW, no srcmap', () => {
    const ip = new XfsInode({
      ino: 1,
      blockSize: BS,
      isize: 64 * KiB,
      dataFork: [written(8, 4, 10)],
    });
    const maps = begin(ip, [], 4096, 64 * KiB, PAGE);
    expect(maps.iomap).toEqual({
      type: 'DELALLOC',
      flags: ['NEW'],
      offset: 4096,
      length: 7 * 4096,
      addr: -1,
    });
    expect(maps.srcmap).toBeNull();
    expect(ip.dataFork[0]).toEqual({
      state: 'delalloc',
      startoff: 1,
      blockcount: 7,
    });
  });

  it('reserves exactly the blocks of an append past EOF of a small file (no preallocation)', () => {
    const ip = new XfsInode({
      ino: 1,
      blockSize: BS,
      isize: 16 * KiB,
      dataFork: [written(0, 4, 10)],
    });
    const maps = begin(ip, [], 16 * KiB, 4096, PAGE);
    expect(maps.iomap).toEqual({
      type: 'DELALLOC',
      flags: ['NEW'],
      offset: 16 * KiB,
      length: 4096,
      addr: -1,
    });
  });

  it('caps one hole reservation at MAX_WRITEBACK_PAGES pages', () => {
    const ip = new XfsInode({ ino: 1, blockSize: BS });
    const maps = begin(ip, [], 0, 8 * 1024 * KiB, PAGE);
    expect(maps.iomap.length).toBe(1024 * PAGE);
  });

  it('maps an existing data-fork delalloc extent without NEW', () => {
    const ip = new XfsInode({ ino: 1, blockSize: BS });
    begin(ip, [], 0, 8192, PAGE);
    const again = begin(ip, [], 100, 10, PAGE);
    expect(again.iomap).toEqual({
      type: 'DELALLOC',
      flags: [],
      offset: 0,
      length: 8192,
      addr: -1,
    });
    expect(again.reserved).toBeNull();
  });
});
