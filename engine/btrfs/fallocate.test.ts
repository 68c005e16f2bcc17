// fallocate(2) on btrfs as an fsx or a user sees it, each mode checked against Linux 6.18: the file extent
// items (regular, prealloc or hole, and whether each one's disk extent is the old one or a new one), the
// bytes read back, i_size and nbytes, all after a sync and a remount; the data reservations given back;
// ENOSPC leaving the file as it was; the modes btrfs refuses. Every layout runs on 4 KiB pages and on
// 64 KiB pages with 4 KiB sectors (btrfs lays extents out per sector: the layout is the same).
//
// Measured on Linux 6.18 (x86_64, 4 KiB pages) on a loop-mounted 256 MiB btrfs made by mkfs.btrfs
// (4 KiB sectors, NO_HOLES): python3 writes 0xaa with os.pwrite and fsyncs, os.ftruncate sets a size,
// fallocate(2) runs through ctypes with the FALLOC_FL_* flags, then fsync, sync, a read of the whole file,
// stat and `btrfs inspect-internal dump-tree -t 5` (the inode item's size and nbytes, each EXTENT_DATA
// item's type, disk byte, disk nr, data offset and nr). After umount and mount the files read back the
// same. 64 KiB pages were not measured (no such machine here).

import { describe, expect, it } from 'vitest';
import type {
  FallocMode,
  GeometrySpec,
  OpSpec,
  ScenarioSpec,
} from '../scenario/types.ts';
import { createSimulation } from '../sim/simulation.ts';
import { runChecked, scenarioOf } from '../testing/runScenario.ts';
import type { FsInode } from './fs.ts';
import { delayedRefBytes } from './space/delayedRefsRsv.ts';

const K = 1024;
const AA = { byte: 0xaa } as const;

const write = (offset: number, length: number): OpSpec => ({
  op: 'write',
  file: 'F',
  offset,
  length,
  pattern: AA,
});
const fsync: OpSpec = { op: 'fsync', file: 'F' };
const truncate = (size: number): OpSpec => ({
  op: 'truncate',
  file: 'F',
  size,
});
const falloc = (
  mode: FallocMode,
  offset: number,
  length: number,
  keepSize: boolean,
): OpSpec => ({ op: 'fallocate', file: 'F', mode, offset, length, keepSize });

/** 16 KiB of 0xaa written and fsynced (one 16 KiB regular extent). */
const written16K = [write(0, 16 * K), fsync];

/** What Linux 6.18 showed after the fallocate, an fsync and a sync. */
interface Measured {
  readonly size: number;
  readonly nbytes: number;
  /** The file read whole, as runs "start-end:byte". */
  readonly bytes: string;
  /**
   * The EXTENT_DATA items: "offset+len type old|new diskNr@dataOffset", old when the disk extent existed
   * before the fallocate (same disk byte as before), new when it did not.
   */
  readonly items: readonly string[];
}

interface Case {
  readonly name: string;
  readonly setup: readonly OpSpec[];
  readonly op: OpSpec;
  /** The fallocate's errno and message, when it fails. */
  readonly errno?: string;
  readonly message?: string;
  readonly linux: Measured;
}

/** The file's bytes as runs of one value: "0-1000:aa 1000-10000:00". */
function runs(bytes: Uint8Array): string {
  const out: string[] = [];
  for (let i = 0; i < bytes.length;) {
    let j = i;
    while (j < bytes.length && bytes[j] === bytes[i]) j++;
    out.push(
      `${String(i)}-${String(j)}:${(bytes[i] ?? 0).toString(16).padStart(2, '0')}`,
    );
    i = j;
  }
  return out.join(' ');
}

/** A block-aligned size in KiB: "12K", or "0". */
const kib = (n: number): string => (n === 0 ? '0' : `${String(n / K)}K`);

/** The file extent items as Measured.items writes them, `old` holding the disk addresses from before. */
function items(entry: FsInode, old: ReadonlySet<number>): string[] {
  return entry.extents
    .all()
    .map(
      (x) =>
        `${kib(x.offset)}+${kib(x.numBytes)} ${x.type} ${old.has(x.diskBytenr) ? 'old' : 'new'} ${kib(x.diskNumBytes)}@${kib(x.extentOffset)}`,
    );
}

const GEOMETRIES = [
  ['4 KiB pages', { pageSize: '4K', sectorSize: '4K' }],
  ['64 KiB pages, 4 KiB sectors', { pageSize: '64K', sectorSize: '4K' }],
] as const;

function file(
  id: string,
  geometry: GeometrySpec,
  ops: readonly OpSpec[],
  space?: ScenarioSpec['space'],
  files: ScenarioSpec['files'] = [{ name: 'F', size: 0 }],
) {
  return scenarioOf({
    id,
    geometry,
    ...(space === undefined ? {} : { space }),
    files,
    ops: [...ops],
  });
}

/**
 * Runs `c` (setup, the fallocate, a sync, a remount) and checks it against what Linux showed: the errno,
 * data bytes_may_use back to 0 after the sync, and size, nbytes, bytes and items after the remount; every
 * operation also passes the data oracle and fsck.
 */
function checkCase(c: Case, geometry: GeometrySpec): void {
  const ops = [
    ...c.setup,
    c.op,
    { op: 'sync' } as const,
    { op: 'remount' } as const,
  ];
  const scenario = file('fallocate', geometry, ops);
  expect(runChecked(scenario, 'srcmap').failures).toEqual([]);
  const sim = createSimulation({ scenario, variant: 'srcmap', trace: false });
  for (let i = 0; i < c.setup.length; i++) sim.step();
  const before = new Set(
    sim.fs
      .byName('F')
      ?.extents.all()
      .map((x) => x.diskBytenr),
  );
  const outcome = sim.step();
  expect([outcome?.error?.errno, outcome?.error?.message]).toEqual([
    c.errno,
    c.message,
  ]);
  sim.step();
  expect(sim.fs.data.mayUse).toBe(0);
  const inode = sim.fs.byName('F')?.inode;
  expect([inode?.outstandingExtents, inode?.delallocBytes]).toEqual([0, 0]);
  sim.step();
  const entry = sim.fs.byName('F');
  if (entry === undefined) throw new Error('no file F');
  expect({
    size: entry.inode.isize,
    nbytes: entry.inode.nbytes,
    bytes: runs(sim.fileBytes('F')),
    items: items(entry, before),
  }).toEqual(c.linux);
}

// Mode 0, with and without KEEP_SIZE: prealloc extents over the holes of the block-aligned range, regular
// extents left alone; i_size grows unless keep-size; a range from past EOF first zeroes the EOF block's tail
// (btrfs_cont_expand or btrfs_truncate_block), which rewrites that block.
const ALLOCATE: Case[] = [
  {
    // 16K of 0xaa fsynced, ftruncate 32K, fallocate(0, 16K, 32K). Linux: size 49152 nbytes 49152; ED 0
    // regular disk 13631488 nr 16384 offset 0; ED 16384 prealloc disk 13647872 nr 32768.
    name: 'over a hole and past EOF',
    setup: [...written16K, truncate(32 * K), fsync],
    op: falloc('allocate', 16 * K, 32 * K, false),
    linux: {
      size: 48 * K,
      nbytes: 48 * K,
      bytes: '0-16384:aa 16384-49152:00',
      items: ['0+16K regular old 16K@0', '16K+32K prealloc new 32K@0'],
    },
  },
  {
    // The same with FALLOC_FL_KEEP_SIZE. Linux: size 32768 nbytes 49152, the same two items.
    name: 'keep-size: the prealloc reaches past EOF, i_size stays',
    setup: [...written16K, truncate(32 * K), fsync],
    op: falloc('allocate', 16 * K, 32 * K, true),
    linux: {
      size: 32 * K,
      nbytes: 48 * K,
      bytes: '0-16384:aa 16384-32768:00',
      items: ['0+16K regular old 16K@0', '16K+32K prealloc new 32K@0'],
    },
  },
  {
    // fallocate(0, 20000, 9000) on the same file. Linux: size 32768 nbytes 32768; ED 16384 prealloc nr 16384.
    name: 'an unaligned range inside the file: the blocks it touches',
    setup: [...written16K, truncate(32 * K), fsync],
    op: falloc('allocate', 20000, 9000, false),
    linux: {
      size: 32 * K,
      nbytes: 32 * K,
      bytes: '0-16384:aa 16384-32768:00',
      items: ['0+16K regular old 16K@0', '16K+16K prealloc new 16K@0'],
    },
  },
  {
    // 5000 bytes fsynced (one 8K extent), fallocate(0, 8K, 8K). Linux: size 16384 nbytes 16384; ED 0
    // regular disk 13762560 nr 8192 offset 0 nr 4096; ED 4096 regular disk 13778944 nr 4096 (the EOF
    // block, its tail zeroed by btrfs_cont_expand); ED 8192 prealloc disk 13770752 nr 8192.
    name: 'from past an unaligned EOF: the EOF block is rewritten with its tail zeroed',
    setup: [write(0, 5000), fsync],
    op: falloc('allocate', 8 * K, 8 * K, false),
    linux: {
      size: 16 * K,
      nbytes: 16 * K,
      bytes: '0-5000:aa 5000-16384:00',
      items: [
        '0+4K regular old 8K@0',
        '4K+4K regular new 4K@0',
        '8K+8K prealloc new 8K@0',
      ],
    },
  },
  {
    // An empty file, fallocate(0, 1000, 100). Linux: size 1100 nbytes 4096; ED 0 prealloc nr 4096.
    name: 'a range inside one block of an empty file',
    setup: [],
    op: falloc('allocate', 1000, 100, false),
    linux: {
      size: 1100,
      nbytes: 4 * K,
      bytes: '0-1100:00',
      items: ['0+4K prealloc new 4K@0'],
    },
  },
  {
    // 5000 bytes fsynced, fallocate(0, 2K, 4K): no hole to fill, the EOF block's tail is zeroed
    // (btrfs_truncate_block). Linux: size 6144 nbytes 8192; ED 0 regular nr 8192 offset 0 nr 4096;
    // ED 4096 regular disk (new) nr 4096.
    name: 'over written data across EOF: only i_size and the EOF block change',
    setup: [write(0, 5000), fsync],
    op: falloc('allocate', 2 * K, 4 * K, false),
    linux: {
      size: 6 * K,
      nbytes: 8 * K,
      bytes: '0-5000:aa 5000-6144:00',
      items: ['0+4K regular old 8K@0', '4K+4K regular new 4K@0'],
    },
  },
  {
    // 10000 bytes fsynced (one 12K extent), fallocate(0, 0, 4K): the range ends below i_size, so the
    // EOF block is left alone. Linux: unchanged, ED 0 regular nr 12288.
    name: 'below an unaligned EOF: the EOF block is left alone',
    setup: [write(0, 10000), fsync],
    op: falloc('allocate', 0, 4 * K, false),
    linux: {
      size: 10000,
      nbytes: 12 * K,
      bytes: '0-10000:aa',
      items: ['0+12K regular old 12K@0'],
    },
  },
  {
    // The same file, fallocate(0, 4K, 5904): the range ends at i_size. Linux: unchanged.
    name: 'up to an unaligned EOF: the EOF block is left alone',
    setup: [write(0, 10000), fsync],
    op: falloc('allocate', 4 * K, 10000 - 4 * K, false),
    linux: {
      size: 10000,
      nbytes: 12 * K,
      bytes: '0-10000:aa',
      items: ['0+12K regular old 12K@0'],
    },
  },
  {
    // 16K fsynced, fallocate(0, 0, 16K). Linux: unchanged, ED 0 regular nr 16384.
    name: 'over written data: nothing changes',
    setup: written16K,
    op: falloc('allocate', 0, 16 * K, false),
    linux: {
      size: 16 * K,
      nbytes: 16 * K,
      bytes: '0-16384:aa',
      items: ['0+16K regular old 16K@0'],
    },
  },
];

// PUNCH_HOLE (always with KEEP_SIZE): the whole blocks lose their extents, past EOF too; a partial block at
// an edge is zeroed through the page cache and written back (copied on write, or in place into a prealloc
// extent) when it starts below the end of the EOF block and is not a hole.
const PUNCH: Case[] = [
  {
    // 16K fsynced, punch [1000, 10000). Linux: nbytes 12288; ED 0 regular disk 13832192 nr 4096; ED 8192
    // regular disk 13836288 nr 4096; ED 12288 regular disk 13815808 (the old one) nr 16384 offset 12288.
    name: 'both edges partial',
    setup: written16K,
    op: falloc('punch-hole', 1000, 9000, true),
    linux: {
      size: 16 * K,
      nbytes: 12 * K,
      bytes: '0-1000:aa 1000-10000:00 10000-16384:aa',
      items: [
        '0+4K regular new 4K@0',
        '8K+4K regular new 4K@0',
        '12K+4K regular old 16K@12K',
      ],
    },
  },
  {
    // Punch [1000, 1100). Linux: nbytes 16384; ED 0 regular (new) nr 4096; ED 4096 regular (old) nr 16384
    // offset 4096 nr 12288.
    name: 'a range inside one block',
    setup: written16K,
    op: falloc('punch-hole', 1000, 100, true),
    linux: {
      size: 16 * K,
      nbytes: 16 * K,
      bytes: '0-1000:aa 1000-1100:00 1100-16384:aa',
      items: ['0+4K regular new 4K@0', '4K+12K regular old 16K@4K'],
    },
  },
  {
    // Punch [4K, 12K). Linux: nbytes 8192; ED 0 and ED 12288 both the old disk extent (offsets 0, 12288).
    name: 'whole blocks only: the extent is split, nothing is written',
    setup: written16K,
    op: falloc('punch-hole', 4 * K, 8 * K, true),
    linux: {
      size: 16 * K,
      nbytes: 8 * K,
      bytes: '0-4096:aa 4096-12288:00 12288-16384:aa',
      items: ['0+4K regular old 16K@0', '12K+4K regular old 16K@12K'],
    },
  },
  {
    // Punch [12K, 20K). Linux: nbytes 12288; ED 0 regular (old) nr 16384 offset 0 nr 12288.
    name: 'across EOF',
    setup: written16K,
    op: falloc('punch-hole', 12 * K, 8 * K, true),
    linux: {
      size: 16 * K,
      nbytes: 12 * K,
      bytes: '0-12288:aa 12288-16384:00',
      items: ['0+12K regular old 16K@0'],
    },
  },
  {
    // Punch [20K, 24K). Linux: unchanged.
    name: 'wholly past EOF over nothing: nothing changes',
    setup: written16K,
    op: falloc('punch-hole', 20 * K, 4 * K, true),
    linux: {
      size: 16 * K,
      nbytes: 16 * K,
      bytes: '0-16384:aa',
      items: ['0+16K regular old 16K@0'],
    },
  },
  {
    // 16K fsynced, fallocate(KEEP_SIZE, 16K, 16K), fsync, punch [16K, 32K). Linux: nbytes 16384; only
    // ED 0: the prealloc past EOF is gone.
    name: 'wholly past EOF over a keep-size prealloc: it is dropped',
    setup: [...written16K, falloc('allocate', 16 * K, 16 * K, true), fsync],
    op: falloc('punch-hole', 16 * K, 16 * K, true),
    linux: {
      size: 16 * K,
      nbytes: 16 * K,
      bytes: '0-16384:aa',
      items: ['0+16K regular old 16K@0'],
    },
  },
  {
    // The same, punch [8K, 32K). Linux: nbytes 8192; ED 0 regular nr 16384 offset 0 nr 8192.
    name: 'from inside the file over a keep-size prealloc past EOF',
    setup: [...written16K, falloc('allocate', 16 * K, 16 * K, true), fsync],
    op: falloc('punch-hole', 8 * K, 24 * K, true),
    linux: {
      size: 16 * K,
      nbytes: 8 * K,
      bytes: '0-8192:aa 8192-16384:00',
      items: ['0+8K regular old 16K@0'],
    },
  },
  {
    // The same, punch [20000, 20100). Linux: nbytes 32768, both items unchanged.
    name: 'inside one block past EOF: nothing changes',
    setup: [...written16K, falloc('allocate', 16 * K, 16 * K, true), fsync],
    op: falloc('punch-hole', 20000, 100, true),
    linux: {
      size: 16 * K,
      nbytes: 32 * K,
      bytes: '0-16384:aa',
      items: ['0+16K regular old 16K@0', '16K+16K prealloc old 16K@0'],
    },
  },
  {
    // 10000 bytes fsynced (one 12K extent), punch [4K, 20K). Linux: size 10000 nbytes 4096; ED 0 regular
    // nr 12288 offset 0 nr 4096.
    name: 'from a block boundary past an unaligned EOF: the EOF block goes whole',
    setup: [write(0, 10000), fsync],
    op: falloc('punch-hole', 4 * K, 16 * K, true),
    linux: {
      size: 10000,
      nbytes: 4 * K,
      bytes: '0-4096:aa 4096-10000:00',
      items: ['0+4K regular old 12K@0'],
    },
  },
  {
    // The same file, punch [1000, 17384). Linux: nbytes 4096; ED 0 regular (new) nr 4096.
    name: 'from inside the first block past an unaligned EOF',
    setup: [write(0, 10000), fsync],
    op: falloc('punch-hole', 1000, 16 * K, true),
    linux: {
      size: 10000,
      nbytes: 4 * K,
      bytes: '0-1000:aa 1000-10000:00',
      items: ['0+4K regular new 4K@0'],
    },
  },
  {
    // The same file, punch [11000, 19192): the offset is past i_size but inside the EOF block, which
    // btrfs_punch_hole still zeroes from there. Linux: nbytes 12288; ED 0 regular nr 12288 offset 0 nr
    // 8192; ED 8192 regular disk 14372864 (new) nr 4096.
    name: 'from past i_size inside the EOF block: the EOF block is rewritten',
    setup: [write(0, 10000), fsync],
    op: falloc('punch-hole', 11000, 8 * K, true),
    linux: {
      size: 10000,
      nbytes: 12 * K,
      bytes: '0-10000:aa',
      items: ['0+8K regular old 12K@0', '8K+4K regular new 4K@0'],
    },
  },
  {
    // The same file, punch [11000, 11100). Linux: as above.
    name: 'inside the EOF block past i_size: the EOF block is rewritten',
    setup: [write(0, 10000), fsync],
    op: falloc('punch-hole', 11000, 100, true),
    linux: {
      size: 10000,
      nbytes: 12 * K,
      bytes: '0-10000:aa',
      items: ['0+8K regular old 12K@0', '8K+4K regular new 4K@0'],
    },
  },
  {
    // 16K written, not synced, punch [1000, 10000): the punch writes the range back first (one 16K
    // extent), then rewrites the edge blocks. Linux: as 'both edges partial', ED 12288's extent nr 16384
    // written during the punch.
    name: 'over dirty data: written back first',
    setup: [write(0, 16 * K)],
    op: falloc('punch-hole', 1000, 9000, true),
    linux: {
      size: 16 * K,
      nbytes: 12 * K,
      bytes: '0-1000:aa 1000-10000:00 10000-16384:aa',
      items: [
        '0+4K regular new 4K@0',
        '8K+4K regular new 4K@0',
        '12K+4K regular new 16K@12K',
      ],
    },
  },
  {
    // ftruncate 16K, fallocate(KEEP_SIZE, 0, 16K), fsync, punch [1000, 10000): the edge blocks are written
    // in place into the prealloc extent. Linux: nbytes 12288; ED 0 regular disk 13971456 nr 16384 offset
    // 0 nr 4096; ED 8192 regular, same disk, offset 8192; ED 12288 prealloc, same disk, offset 12288.
    name: 'over a prealloc extent: the edge blocks become regular in place',
    setup: [truncate(16 * K), falloc('allocate', 0, 16 * K, true), fsync],
    op: falloc('punch-hole', 1000, 9000, true),
    linux: {
      size: 16 * K,
      nbytes: 12 * K,
      bytes: '0-16384:00',
      items: [
        '0+4K regular old 16K@0',
        '8K+4K regular old 16K@8K',
        '12K+4K prealloc old 16K@12K',
      ],
    },
  },
  {
    // ftruncate 16K, 4K of 0xaa at 8K fsynced, punch [1000, 10000): the head block is a hole
    // (find_first_non_hole). Linux: nbytes 4096; only ED 8192 regular (new) nr 4096.
    name: 'a hole at the head edge stays a hole',
    setup: [truncate(16 * K), write(8 * K, 4 * K), fsync],
    op: falloc('punch-hole', 1000, 9000, true),
    linux: {
      size: 16 * K,
      nbytes: 4 * K,
      bytes: '0-10000:00 10000-12288:aa 12288-16384:00',
      items: ['8K+4K regular new 4K@0'],
    },
  },
  {
    // ftruncate 16K, 4K of 0xaa at 0 fsynced, punch [1000, 10000). Linux: nbytes 4096; only ED 0 regular
    // (new) nr 4096.
    name: 'a hole at the tail edge stays a hole',
    setup: [truncate(16 * K), write(0, 4 * K), fsync],
    op: falloc('punch-hole', 1000, 9000, true),
    linux: {
      size: 16 * K,
      nbytes: 4 * K,
      bytes: '0-1000:aa 1000-16384:00',
      items: ['0+4K regular new 4K@0'],
    },
  },
  {
    // 16K fsynced, fallocate(KEEP_SIZE, 16K, 16K), fsync, punch [8K, 16484): the tail block starts at the
    // end of the EOF block, so it is not zeroed. Linux: nbytes 24576; ED 0 regular (old) nr 16384 nr
    // 8192; ED 16384 the same prealloc, nr 16384.
    name: 'a tail block past the EOF block is not zeroed',
    setup: [...written16K, falloc('allocate', 16 * K, 16 * K, true), fsync],
    op: falloc('punch-hole', 8 * K, 8 * K + 100, true),
    linux: {
      size: 16 * K,
      nbytes: 24 * K,
      bytes: '0-8192:aa 8192-16384:00',
      items: ['0+8K regular old 16K@0', '16K+16K prealloc old 16K@0'],
    },
  },
  {
    // 10000 bytes fsynced, punch [16K, 20K): past the EOF block, the EOF block's tail is not zeroed.
    // Linux: unchanged, ED 0 regular nr 12288.
    name: 'wholly past the EOF block: the EOF block is left alone',
    setup: [write(0, 10000), fsync],
    op: falloc('punch-hole', 16 * K, 4 * K, true),
    linux: {
      size: 10000,
      nbytes: 12 * K,
      bytes: '0-10000:aa',
      items: ['0+12K regular old 12K@0'],
    },
  },
  {
    // ftruncate 16K, punch [1000, 1100). Linux: nbytes 0, no EXTENT_DATA item.
    name: 'inside one block of a hole: nothing is allocated',
    setup: [truncate(16 * K)],
    op: falloc('punch-hole', 1000, 100, true),
    linux: { size: 16 * K, nbytes: 0, bytes: '0-16384:00', items: [] },
  },
];

// ZERO_RANGE: a partial edge block of written data is zeroed through the page cache; one in a hole joins
// the range to preallocate; one in a prealloc extent is left alone, as is a range a prealloc extent already
// covers from its start. The rest is dropped and preallocated anew, in one extent.
const ZERO: Case[] = [
  ...[true, false].map((keepSize): Case => ({
    // 16K fsynced, zero [1000, 10000) (with and without KEEP_SIZE). Linux: nbytes 16384; ED 0 regular
    // (new) nr 4096; ED 4096 prealloc (new) nr 4096; ED 8192 regular (new) nr 4096; ED 12288 regular
    // (old) nr 16384 offset 12288.
    name: `written edges (keep-size ${String(keepSize)})`,
    setup: written16K,
    op: falloc('zero-range', 1000, 9000, keepSize),
    linux: {
      size: 16 * K,
      nbytes: 16 * K,
      bytes: '0-1000:aa 1000-10000:00 10000-16384:aa',
      items: [
        '0+4K regular new 4K@0',
        '4K+4K prealloc new 4K@0',
        '8K+4K regular new 4K@0',
        '12K+4K regular old 16K@12K',
      ],
    },
  })),
  {
    // 16K written, not synced, zero [1000, 10000). Linux: as above, ED 12288's nr 16384 extent written
    // during the zero range.
    name: 'over dirty data: written back first',
    setup: [write(0, 16 * K)],
    op: falloc('zero-range', 1000, 9000, true),
    linux: {
      size: 16 * K,
      nbytes: 16 * K,
      bytes: '0-1000:aa 1000-10000:00 10000-16384:aa',
      items: [
        '0+4K regular new 4K@0',
        '4K+4K prealloc new 4K@0',
        '8K+4K regular new 4K@0',
        '12K+4K regular new 16K@12K',
      ],
    },
  },
  {
    // 16K fsynced, zero [4K, 12K). Linux: nbytes 16384; ED 0 and ED 12288 regular (old); ED 4096
    // prealloc (new) nr 8192.
    name: 'whole blocks of written data: one new prealloc extent',
    setup: written16K,
    op: falloc('zero-range', 4 * K, 8 * K, true),
    linux: {
      size: 16 * K,
      nbytes: 16 * K,
      bytes: '0-4096:aa 4096-12288:00 12288-16384:aa',
      items: [
        '0+4K regular old 16K@0',
        '4K+8K prealloc new 8K@0',
        '12K+4K regular old 16K@12K',
      ],
    },
  },
  {
    // 16K fsynced, zero [1000, 1100). Linux: nbytes 16384; ED 0 regular (new) nr 4096; ED 4096 regular
    // (old) offset 4096 nr 12288.
    name: 'inside one block of written data: zeroed in the page cache',
    setup: written16K,
    op: falloc('zero-range', 1000, 100, true),
    linux: {
      size: 16 * K,
      nbytes: 16 * K,
      bytes: '0-1000:aa 1000-1100:00 1100-16384:aa',
      items: ['0+4K regular new 4K@0', '4K+12K regular old 16K@4K'],
    },
  },
  {
    // 16K fsynced, zero [4K, 8K). Linux: nbytes 16384; ED 0 regular (old) nr 4096; ED 4096 prealloc (new)
    // nr 4096; ED 8192 regular (old) offset 8192 nr 8192.
    name: 'one whole block of written data: preallocated, not zeroed',
    setup: written16K,
    op: falloc('zero-range', 4 * K, 4 * K, true),
    linux: {
      size: 16 * K,
      nbytes: 16 * K,
      bytes: '0-4096:aa 4096-8192:00 8192-16384:aa',
      items: [
        '0+4K regular old 16K@0',
        '4K+4K prealloc new 4K@0',
        '8K+8K regular old 16K@8K',
      ],
    },
  },
  {
    // 10000 bytes fsynced, zero [0, 4K) without KEEP_SIZE, below i_size: the EOF block is left alone.
    // Linux: nbytes 12288; ED 0 prealloc (new) nr 4096; ED 4096 regular (old) nr 12288 offset 4096.
    name: 'below an unaligned EOF: the EOF block is left alone',
    setup: [write(0, 10000), fsync],
    op: falloc('zero-range', 0, 4 * K, false),
    linux: {
      size: 10000,
      nbytes: 12 * K,
      bytes: '0-4096:00 4096-10000:aa',
      items: ['0+4K prealloc new 4K@0', '4K+8K regular old 12K@4K'],
    },
  },
  {
    // ftruncate 32K, zero [1000, 10000). Linux: nbytes 12288; ED 0 prealloc nr 12288.
    name: 'hole edges: preallocated with the middle, in one extent',
    setup: [truncate(32 * K)],
    op: falloc('zero-range', 1000, 9000, true),
    linux: {
      size: 32 * K,
      nbytes: 12 * K,
      bytes: '0-32768:00',
      items: ['0+12K prealloc new 12K@0'],
    },
  },
  {
    // ftruncate 16K, zero [1000, 1100). Linux: nbytes 4096; ED 0 prealloc nr 4096.
    name: 'inside one block of a hole: the block is preallocated',
    setup: [truncate(16 * K)],
    op: falloc('zero-range', 1000, 100, true),
    linux: {
      size: 16 * K,
      nbytes: 4 * K,
      bytes: '0-16384:00',
      items: ['0+4K prealloc new 4K@0'],
    },
  },
  {
    // ftruncate 16K, zero [4K, 8K). Linux: nbytes 4096; ED 4096 prealloc nr 4096.
    name: 'one whole block of a hole',
    setup: [truncate(16 * K)],
    op: falloc('zero-range', 4 * K, 4 * K, true),
    linux: {
      size: 16 * K,
      nbytes: 4 * K,
      bytes: '0-16384:00',
      items: ['4K+4K prealloc new 4K@0'],
    },
  },
  {
    // 16K fsynced, zero [20K, 28K) without KEEP_SIZE. Linux: size 28672 nbytes 24576; ED 20480 prealloc
    // nr 8192.
    name: 'past EOF: i_size grows, the gap stays a hole',
    setup: written16K,
    op: falloc('zero-range', 20 * K, 8 * K, false),
    linux: {
      size: 28 * K,
      nbytes: 24 * K,
      bytes: '0-16384:aa 16384-28672:00',
      items: ['0+16K regular old 16K@0', '20K+8K prealloc new 8K@0'],
    },
  },
  {
    // The same with KEEP_SIZE. Linux: size 16384 nbytes 24576, the same items.
    name: 'past EOF, keep-size',
    setup: written16K,
    op: falloc('zero-range', 20 * K, 8 * K, true),
    linux: {
      size: 16 * K,
      nbytes: 24 * K,
      bytes: '0-16384:aa',
      items: ['0+16K regular old 16K@0', '20K+8K prealloc new 8K@0'],
    },
  },
  {
    // 16K fsynced, zero [16K, 21384) without KEEP_SIZE. Linux: size 21384 nbytes 24576; ED 16384
    // prealloc nr 8192.
    name: 'from EOF to an unaligned end: the tail block in a hole is preallocated',
    setup: written16K,
    op: falloc('zero-range', 16 * K, 5000, false),
    linux: {
      size: 21384,
      nbytes: 24 * K,
      bytes: '0-16384:aa 16384-21384:00',
      items: ['0+16K regular old 16K@0', '16K+8K prealloc new 8K@0'],
    },
  },
  {
    // 16K fsynced, zero [17384, 17484) without KEEP_SIZE. Linux: size 17484 nbytes 20480; ED 16384
    // prealloc nr 4096.
    name: 'inside one block past EOF',
    setup: written16K,
    op: falloc('zero-range', 16 * K + 1000, 100, false),
    linux: {
      size: 17484,
      nbytes: 20 * K,
      bytes: '0-16384:aa 16384-17484:00',
      items: ['0+16K regular old 16K@0', '16K+4K prealloc new 4K@0'],
    },
  },
  {
    // 16K fsynced, zero [12K, 20K) with KEEP_SIZE. Linux: nbytes 20480; ED 0 regular (old) nr 12288; ED
    // 12288 prealloc nr 8192.
    name: 'across EOF, keep-size',
    setup: written16K,
    op: falloc('zero-range', 12 * K, 8 * K, true),
    linux: {
      size: 16 * K,
      nbytes: 20 * K,
      bytes: '0-12288:aa 12288-16384:00',
      items: ['0+12K regular old 16K@0', '12K+8K prealloc new 8K@0'],
    },
  },
  {
    // 5000 bytes fsynced, zero [6000, 11000) without KEEP_SIZE: the EOF block's tail is zeroed, then the
    // head edge (written) zeroed, the tail edge (a hole) preallocated. Linux: size 11000 nbytes 12288; ED 0
    // regular nr 8192 nr 4096; ED 4096 regular (new) nr 4096; ED 8192 prealloc nr 4096.
    name: 'from inside the EOF block past EOF',
    setup: [write(0, 5000), fsync],
    op: falloc('zero-range', 6000, 5000, false),
    linux: {
      size: 11000,
      nbytes: 12 * K,
      bytes: '0-5000:aa 5000-11000:00',
      items: [
        '0+4K regular old 8K@0',
        '4K+4K regular new 4K@0',
        '8K+4K prealloc new 4K@0',
      ],
    },
  },
  {
    // 16K fsynced, ftruncate 32K, fallocate(KEEP_SIZE, 16K, 16K), fsync, zero [17000, 26000). Linux:
    // nbytes 32768; ED 16384 the same prealloc extent, nr 16384.
    name: 'inside one prealloc extent: nothing changes',
    setup: [
      ...written16K,
      truncate(32 * K),
      falloc('allocate', 16 * K, 16 * K, true),
      fsync,
    ],
    op: falloc('zero-range', 17000, 9000, true),
    linux: {
      size: 32 * K,
      nbytes: 32 * K,
      bytes: '0-16384:aa 16384-32768:00',
      items: ['0+16K regular old 16K@0', '16K+16K prealloc old 16K@0'],
    },
  },
  {
    // ftruncate 16K, fallocate(KEEP_SIZE, 0, 4K), fallocate(KEEP_SIZE, 4K, 4K), fsync, zero [1000, 5000):
    // past the first prealloc extent the rest lies inside one block of the second. Linux: nbytes 8192;
    // ED 0 and ED 4096 the same two prealloc extents, nr 4096 each.
    name: 'across two prealloc extents: nothing changes',
    setup: [
      truncate(16 * K),
      falloc('allocate', 0, 4 * K, true),
      falloc('allocate', 4 * K, 4 * K, true),
      fsync,
    ],
    op: falloc('zero-range', 1000, 4000, true),
    linux: {
      size: 16 * K,
      nbytes: 8 * K,
      bytes: '0-16384:00',
      items: ['0+4K prealloc old 4K@0', '4K+4K prealloc old 4K@0'],
    },
  },
  {
    // ftruncate 16K, fallocate(KEEP_SIZE, 0, 8K), fsync, zero [1000, 8K): the range ends where the
    // prealloc ends. Linux: nbytes 8192; ED 0 the same prealloc, nr 8192.
    name: 'up to the end of a prealloc extent: nothing changes',
    setup: [truncate(16 * K), falloc('allocate', 0, 8 * K, true), fsync],
    op: falloc('zero-range', 1000, 8 * K - 1000, true),
    linux: {
      size: 16 * K,
      nbytes: 8 * K,
      bytes: '0-16384:00',
      items: ['0+8K prealloc old 8K@0'],
    },
  },
  {
    // The same file, zero [10000, 20000): the head edge is written data, the tail edge in the prealloc.
    // Linux: nbytes 32768; ED 0 regular nr 16384 nr 8192; ED 8192 regular (new) nr 4096; ED 12288
    // prealloc (new) nr 4096; ED 16384 prealloc (old) nr 16384.
    name: 'a prealloc tail edge is left alone',
    setup: [
      ...written16K,
      truncate(32 * K),
      falloc('allocate', 16 * K, 16 * K, true),
      fsync,
    ],
    op: falloc('zero-range', 10000, 10000, true),
    linux: {
      size: 32 * K,
      nbytes: 32 * K,
      bytes: '0-10000:aa 10000-32768:00',
      items: [
        '0+8K regular old 16K@0',
        '8K+4K regular new 4K@0',
        '12K+4K prealloc new 4K@0',
        '16K+16K prealloc old 16K@0',
      ],
    },
  },
  {
    // fallocate(0, 0, 8K), 8K of 0xaa at 8K, fsync, zero [1000, 10000): the prealloc at the start is
    // left, the rest lies inside the written block at 8K. Linux: nbytes 16384; ED 0 prealloc (old) nr
    // 8192; ED 8192 regular (new) nr 4096; ED 12288 regular (old) nr 8192 offset 4096.
    name: 'a prealloc extent at the start: the rest inside one written block',
    setup: [falloc('allocate', 0, 8 * K, false), write(8 * K, 8 * K), fsync],
    op: falloc('zero-range', 1000, 9000, true),
    linux: {
      size: 16 * K,
      nbytes: 16 * K,
      bytes: '0-10000:00 10000-16384:aa',
      items: [
        '0+8K prealloc old 8K@0',
        '8K+4K regular new 4K@0',
        '12K+4K regular old 8K@4K',
      ],
    },
  },
  {
    // fallocate(0, 0, 16K), fsync, 8K of 0xaa at 4K (written into the prealloc), fsync, zero [1000,
    // 15000). Linux: nbytes 16384; ED 0 prealloc (old) nr 16384 nr 4096; ED 4096 prealloc (new) nr 8192;
    // ED 12288 prealloc (old) offset 12288.
    name: 'prealloc edges around written data: the written blocks become a new prealloc',
    setup: [
      falloc('allocate', 0, 16 * K, false),
      fsync,
      write(4 * K, 8 * K),
      fsync,
    ],
    op: falloc('zero-range', 1000, 14000, true),
    linux: {
      size: 16 * K,
      nbytes: 16 * K,
      bytes: '0-16384:00',
      items: [
        '0+4K prealloc old 16K@0',
        '4K+8K prealloc new 8K@0',
        '12K+4K prealloc old 16K@12K',
      ],
    },
  },
];

// COLLAPSE_RANGE and INSERT_RANGE: btrfs_fallocate refuses them; PUNCH_HOLE without KEEP_SIZE: vfs_fallocate
// refuses it. Linux: EOPNOTSUPP ("Operation not supported") for each, the file unchanged.
const REFUSED: Case[] = (
  [
    [
      'collapse-range is refused',
      'collapse-range',
      'btrfs does not support collapse-range',
    ],
    [
      'insert-range is refused',
      'insert-range',
      'btrfs does not support insert-range',
    ],
    [
      'punch-hole without keep-size is refused',
      'punch-hole',
      'punch-hole must be combined with keep-size',
    ],
  ] as const
).map(([name, mode, message]) => ({
  name,
  setup: written16K,
  op: falloc(mode, 4 * K, 4 * K, false),
  errno: 'EOPNOTSUPP',
  message,
  linux: {
    size: 16 * K,
    nbytes: 16 * K,
    bytes: '0-16384:aa',
    items: ['0+16K regular old 16K@0'],
  },
}));

describe.each(GEOMETRIES)('btrfs fallocate on %s', (_, geometry) => {
  describe('allocate', () => {
    it.each(ALLOCATE.map((c) => [c.name, c] as const))('%s', (_n, c) => {
      checkCase(c, geometry);
    });
  });
  describe('punch-hole', () => {
    it.each(PUNCH.map((c) => [c.name, c] as const))('%s', (_n, c) => {
      checkCase(c, geometry);
    });
  });
  describe('zero-range', () => {
    it.each(ZERO.map((c) => [c.name, c] as const))('%s', (_n, c) => {
      checkCase(c, geometry);
    });
  });
  describe('refused modes', () => {
    it.each(REFUSED.map((c) => [c.name, c] as const))('%s', (_n, c) => {
      checkCase(c, geometry);
    });
  });
});

describe('the data reservations', () => {
  // Linux 6.18 (4 KiB pages), /sys/fs/btrfs/<uuid>/allocation/data/bytes_may_use after each call: 16K of
  // 0xaa fsynced: 0; fallocate(0, 16K, 32K): 0; punch [1000, 10000): 8192 (two edge blocks, dirty);
  // zero-range keep-size [20000, 30000) (inside the prealloc): 8192; zero-range [40000, 50000) (past the
  // prealloc, one block of hole): 8192; fsync and sync: 0. On 64 KiB pages (not measured) the zero range
  // writes back page 0, which holds [16K, 32K) and the two dirty edge blocks: written with it (whole pages
  // go to writeback, see writeback.test.ts), they give their reservation back there.
  it.each([
    [...GEOMETRIES[0], [0, 0, 8 * K, 8 * K, 8 * K, 0, 0]],
    [...GEOMETRIES[1], [0, 0, 8 * K, 0, 0, 0, 0]],
  ] as const)(
    'on %s: held by the zeroed edge blocks until they are written, then given back',
    (_, geometry, expected) => {
      const sim = createSimulation({
        scenario: file('reservations', geometry, [
          ...written16K,
          falloc('allocate', 16 * K, 32 * K, false),
          falloc('punch-hole', 1000, 9000, true),
          falloc('zero-range', 20000, 10000, true),
          falloc('zero-range', 40000, 10000, false),
          fsync,
          { op: 'sync' },
        ]),
        variant: 'srcmap',
        trace: false,
      });
      const mayUse: number[] = [];
      for (let o = sim.step(); o !== null; o = sim.step()) {
        expect(o.error).toBe(null);
        mayUse.push(sim.fs.data.mayUse);
      }
      expect(mayUse.slice(1)).toEqual(expected);
    },
  );
});

describe('the page cache', () => {
  it('a punch on 64 KiB pages zeroes the punched blocks in the page it keeps', () => {
    const sim = createSimulation({
      scenario: file('page-zero', GEOMETRIES[1][1], [
        ...written16K,
        falloc('punch-hole', 4 * K, 8 * K, true),
      ]),
      variant: 'srcmap',
    });
    sim.runAll();
    expect(
      sim.events.flatMap((e) =>
        e.op === 2 && e.kind === 'page.zero' ? [[e.ranges, e.note]] : [],
      ),
    ).toEqual([
      [
        [[4 * K, 12 * K]],
        'truncate_pagecache_range: zero the part of page 0 inside the range',
      ],
    ]);
  });
});

describe('the delayed refs reserve', () => {
  it('grows by one ref head for each extent an allocation inserts', () => {
    const sim = createSimulation({
      scenario: file('delayed-refs', GEOMETRIES[0][1], [
        truncate(32 * K),
        write(8 * K, 4 * K),
        { op: 'sync' },
        falloc('allocate', 0, 32 * K, false),
      ]),
      variant: 'srcmap',
      trace: false,
    });
    for (let i = 0; i < 3; i++) sim.step();
    const before = sim.fs.delayedRefsRsv.size;
    sim.step();
    // The holes [0, 8K) and [12K, 32K): two new extents.
    expect(sim.fs.delayedRefsRsv.size - before).toBe(
      2 * delayedRefBytes(16 * K),
    );
  });
});

describe('ENOSPC', () => {
  // Linux 6.18 on a 128 MiB btrfs: F written (16K of 0xaa, fsynced), then another file fallocated 1 MiB
  // and then 4 KiB at a time until ENOSPC (no data space and no room for a data chunk left), synced. Each
  // call below failed with ENOSPC and left F as it was (size 16384, nbytes 16384, one regular extent
  // nr 16384 at the same disk byte, 0xaa throughout, data bytes_may_use 0); the aligned punch [4K, 12K),
  // which needs no data space, then worked (nbytes 8192, the extent split in two).
  const full = (ops: OpSpec[]) =>
    createSimulation({
      scenario: file(
        'enospc',
        { pageSize: '4K', sectorSize: '4K' },
        [...ops, { op: 'sync' }, { op: 'remount' }],
        { dataFree: 0 },
        [
          {
            name: 'F',
            size: '16K',
            extents: [{ offset: 0, length: '16K' }],
            fill: AA,
          },
        ],
      ),
      variant: 'srcmap',
    });
  const unchanged = {
    size: 16 * K,
    nbytes: 16 * K,
    bytes: '0-16384:aa',
    items: ['0+16K regular old 16K@0'],
  };

  it.each([
    [
      'allocate past EOF',
      falloc('allocate', 16 * K, 1024 * K, false),
      'no data space to preallocate 1M',
    ],
    [
      'allocate keep-size',
      falloc('allocate', 16 * K, 1024 * K, true),
      'no data space to preallocate 1M',
    ],
    [
      'zero-range of whole blocks',
      falloc('zero-range', 4 * K, 8 * K, true),
      'no data space to preallocate 8K for zero-range',
    ],
    [
      'zero-range with edges',
      falloc('zero-range', 1000, 9000, true),
      'no data space to preallocate 4K for zero-range',
    ],
    [
      'punch-hole with edges',
      falloc('punch-hole', 1000, 9000, true),
      'no data space for 4K and the range cannot be written in place',
    ],
  ])('%s fails and leaves the file as it was', (_, op, message) => {
    const sim = full([op]);
    const before = new Set(
      sim.fs
        .byName('F')
        ?.extents.all()
        .map((x) => x.diskBytenr),
    );
    const failed = sim.step();
    expect([failed?.error?.errno, failed?.error?.message]).toEqual([
      'ENOSPC',
      message,
    ]);
    expect(failed?.oracle.ok).toBe(true);
    sim.step();
    expect(sim.fs.data.mayUse).toBe(0);
    expect(sim.step()?.oracle.ok).toBe(true);
    const entry = sim.fs.byName('F');
    if (entry === undefined) throw new Error('no file F');
    expect({
      size: entry.inode.isize,
      nbytes: entry.inode.nbytes,
      bytes: runs(sim.fileBytes('F')),
      items: items(entry, before),
    }).toEqual(unchanged);
  });

  it('an allocation says what it found', () => {
    const sim = full([falloc('allocate', 16 * K, 1024 * K, true)]);
    sim.step();
    expect(
      sim.events.filter((e) => e.kind === 'btrfs.reserve' && !e.ok),
    ).toMatchObject([
      {
        space: 'data',
        bytes: 1024 * K,
        note: 'ENOSPC: 1M of holes to preallocate, 0B free and no room for another data chunk',
      },
    ]);
  });

  it.each([false, true])(
    'an allocation past an unaligned EOF fails on the EOF block first (keep-size %s)',
    (keepSize) => {
      // Linux 6.18, the same full 128 MiB btrfs with G written first (10000 bytes of 0xaa, fsynced):
      // fallocate(0, 12K, 1M), with and without KEEP_SIZE, failed with ENOSPC and left G as it was (size
      // 10000, nbytes 12288, ED 0 regular nr 12288, bytes_may_use 0). btrfs_cont_expand zeroes the EOF
      // block's tail first, and that block's reservation fails.
      const sim = createSimulation({
        scenario: file(
          'enospc-eof',
          GEOMETRIES[0][1],
          [falloc('allocate', 12 * K, 1024 * K, keepSize), { op: 'sync' }],
          { dataFree: 0 },
          [
            {
              name: 'F',
              size: 10000,
              extents: [{ offset: 0, length: '12K' }],
              fill: AA,
            },
          ],
        ),
        variant: 'srcmap',
        trace: false,
      });
      const entry = sim.fs.byName('F');
      const before = new Set(entry?.extents.all().map((x) => x.diskBytenr));
      const failed = sim.step();
      expect([failed?.error?.errno, failed?.error?.message]).toEqual([
        'ENOSPC',
        'no data space for 4K and the range cannot be written in place',
      ]);
      sim.step();
      expect(sim.fs.data.mayUse).toBe(0);
      if (entry === undefined) throw new Error('no file F');
      expect({
        size: entry.inode.isize,
        nbytes: entry.inode.nbytes,
        bytes: runs(sim.fileBytes('F')),
        items: items(entry, before),
      }).toEqual({
        size: 10000,
        nbytes: 12 * K,
        bytes: '0-10000:aa',
        items: ['0+12K regular old 12K@0'],
      });
    },
  );

  it('an allocation that does not fit says how much was free', () => {
    const sim = createSimulation({
      scenario: file(
        'enospc-8k',
        GEOMETRIES[0][1],
        [falloc('allocate', 16 * K, 1024 * K, true)],
        { dataFree: '8K' },
      ),
      variant: 'srcmap',
    });
    expect(sim.step()?.error?.errno).toBe('ENOSPC');
    expect(
      sim.events.flatMap((e) =>
        e.kind === 'btrfs.reserve' && !e.ok ? [e.note] : [],
      ),
    ).toContain(
      'ENOSPC: 1M of holes to preallocate, 8K free and no room for another data chunk',
    );
  });

  it('an aligned punch needs no data space and works', () => {
    const sim = full([falloc('punch-hole', 4 * K, 8 * K, true)]);
    const before = new Set(
      sim.fs
        .byName('F')
        ?.extents.all()
        .map((x) => x.diskBytenr),
    );
    expect(sim.runAll().map((o) => o.error)).toEqual([null, null, null]);
    const entry = sim.fs.byName('F');
    if (entry === undefined) throw new Error('no file F');
    expect({
      size: entry.inode.isize,
      nbytes: entry.inode.nbytes,
      bytes: runs(sim.fileBytes('F')),
      items: items(entry, before),
    }).toEqual({
      size: 16 * K,
      nbytes: 8 * K,
      bytes: '0-4096:aa 4096-12288:00 12288-16384:aa',
      items: ['0+4K regular old 16K@0', '12K+4K regular old 16K@12K'],
    });
  });
});

describe('the trace', () => {
  /** The fallocate op's calls of fallocate.ts's and prealloc.ts's functions, its items and i_size. */
  function traced(setup: OpSpec[], op: OpSpec) {
    const sim = createSimulation({
      scenario: file('trace', GEOMETRIES[0][1], [...setup, op]),
      variant: 'srcmap',
    });
    const outcomes = sim.runAll();
    const fns = new Set([
      'btrfs_fallocate',
      'btrfs_punch_hole',
      'btrfs_zero_range',
      'btrfs_truncate_block',
      'btrfs_prealloc_file_range',
      'btrfs_reserve_data_bytes',
      'btrfs_drop_extents',
      'extent_writepages',
    ]);
    const at = setup.length;
    return {
      calls: sim.events.flatMap((e) =>
        e.op === at && e.kind === 'call.enter' && fns.has(e.fn)
          ? [`${e.fn}: ${e.note}`]
          : [],
      ),
      notes: sim.events.flatMap((e) =>
        e.op === at &&
        fns.has(e.kfn) &&
        (e.kind === 'btrfs.inode' ||
          (e.kind === 'btrfs.reserve' && e.space === 'data') ||
          (e.kind === 'btrfs.extent' && e.action === 'insert'))
          ? [e.note]
          : [],
      ),
      isizeInodes: sim.events.flatMap((e) =>
        e.op === at && e.kind === 'btrfs.inode' && e.note.startsWith('i_size')
          ? [e.ino]
          : [],
      ),
      ino: sim.fs.byName('F')?.inode.ino,
      reserved: [
        outcomes[at]?.counters.dataReservations,
        outcomes[at]?.counters.dataReservedBytes,
      ],
    };
  }

  it('a punch names the hole and the edge blocks it zeroes', () => {
    expect(
      traced(written16K, falloc('punch-hole', 1000, 9000, true)).calls,
    ).toEqual([
      'btrfs_punch_hole: punch-hole [1000B, +9000B) keeping the size',
      'extent_writepages: write back the dirty pages of F in [0B, 12K)',
      'btrfs_reserve_data_bytes: reserve 4K of data space',
      'btrfs_reserve_data_bytes: reserve 4K of data space',
      'btrfs_truncate_block: zero [1000B, 4K) of the block at 0B through the page cache',
      'btrfs_truncate_block: zero [8K, 10000B) of the block at 8K through the page cache',
      'btrfs_drop_extents: remove the old file extent items over [4K, 8K)',
    ]);
  });

  it('a zero range names its edge, the range it preallocates and the new i_size', () => {
    const t = traced(written16K, falloc('zero-range', 1000, 16 * K, false));
    expect(t.calls).toEqual([
      'btrfs_zero_range: zero-range [1000B, +16K)',
      'extent_writepages: write back the dirty pages of F in [0B, 20K)',
      'btrfs_reserve_data_bytes: reserve 16K of data space',
      'btrfs_reserve_data_bytes: reserve 4K of data space',
      'btrfs_truncate_block: zero [1000B, 4K) of the block at 0B through the page cache',
      'btrfs_drop_extents: remove the old file extent items over [4K, 20K)',
      'btrfs_prealloc_file_range: preallocate [4K, 20K)',
    ]);
    expect(t.notes).toEqual([
      'btrfs_alloc_data_chunk_ondemand: data bytes_may_use += 16K',
      'insert a PREALLOC file extent item [4K, +16K); bytes_reserved -> bytes_used',
      'i_size = 17384B',
    ]);
    // The middle's 16K and the edge block's 4K.
    expect(t.reserved).toEqual([2, 20 * K]);
  });

  it('an allocation names the holes it fills and the new i_size', () => {
    const t = traced(written16K, falloc('allocate', 16 * K, 8 * K, false));
    expect(t.calls).toEqual([
      'btrfs_fallocate: allocate [16K, +8K)',
      'extent_writepages: write back the dirty pages of F in [16K, 24K)',
      'btrfs_prealloc_file_range: preallocate the holes of [16K, 24K)',
      'btrfs_reserve_data_bytes: reserve 8K of data space',
    ]);
    expect(t.notes).toEqual([
      'btrfs_alloc_data_chunk_ondemand: data bytes_may_use += 8K',
      'insert a PREALLOC file extent item [16K, +8K); bytes_reserved -> bytes_used',
      'i_size = 24K',
    ]);
    expect(t.reserved).toEqual([1, 8 * K]);
    expect(t.isizeInodes).toEqual([t.ino]);
  });

  it('a punch ending on a block boundary drops no extent', () => {
    expect(
      traced(written16K, falloc('punch-hole', 1000, 3096, true)).calls,
    ).toEqual([
      'btrfs_punch_hole: punch-hole [1000B, +3096B) keeping the size',
      'extent_writepages: write back the dirty pages of F in [0B, 4K)',
      'btrfs_reserve_data_bytes: reserve 4K of data space',
      'btrfs_truncate_block: zero [1000B, 4K) of the block at 0B through the page cache',
    ]);
  });

  it('a zero range inside one written block reserves and zeroes that block only', () => {
    expect(
      traced(written16K, falloc('zero-range', 1000, 100, true)).calls,
    ).toEqual([
      'btrfs_zero_range: zero-range [1000B, +100B) keeping the size',
      'extent_writepages: write back the dirty pages of F in [0B, 4K)',
      'btrfs_reserve_data_bytes: reserve 4K of data space',
      'btrfs_truncate_block: zero [1000B, 1100B) of the block at 0B through the page cache',
    ]);
  });

  it('a zero range ending where a prealloc extent ends does nothing more', () => {
    const t = traced(
      [truncate(16 * K), falloc('allocate', 0, 8 * K, true), fsync],
      falloc('zero-range', 1000, 8 * K - 1000, true),
    );
    expect([t.calls, t.notes]).toEqual([
      [
        'btrfs_zero_range: zero-range [1000B, +7192B) keeping the size',
        'extent_writepages: write back the dirty pages of F in [0B, 8K)',
      ],
      [],
    ]);
  });

  it('an allocation over written data up to EOF changes nothing', () => {
    const t = traced(written16K, falloc('allocate', 0, 16 * K, false));
    expect([t.calls, t.notes]).toEqual([
      [
        'btrfs_fallocate: allocate [0B, +16K)',
        'extent_writepages: write back the dirty pages of F in [0B, 16K)',
        'btrfs_prealloc_file_range: preallocate the holes of [0B, 16K)',
      ],
      [],
    ]);
  });
});

describe('an edge block that fails', () => {
  /** F: a 16 KiB regular extent of 0xaa, not cached, with `dataFree` bytes of data space left. */
  function prepared(ops: OpSpec[], dataFree?: string) {
    const sim = createSimulation({
      scenario: file(
        'edge-fails',
        GEOMETRIES[0][1],
        ops,
        dataFree === undefined ? undefined : { dataFree },
        [
          {
            name: 'F',
            size: '16K',
            extents: [{ offset: 0, length: '16K' }],
            fill: AA,
          },
        ],
      ),
      variant: 'srcmap',
    });
    const entry = sim.fs.byName('F');
    if (entry === undefined) throw new Error('no file F');
    const released = (why: string) =>
      sim.events.filter(
        (e) =>
          e.kind === 'call.enter' &&
          e.fn === 'btrfs_delalloc_release_space' &&
          e.note === why,
      ).length;
    return { sim, entry, released };
  }

  it.each([
    falloc('punch-hole', 1000, 9000, true),
    falloc('zero-range', 1000, 9000, true),
  ])(
    '$mode: a head block that cannot be read fails with EIO and gives every reservation back',
    (op) => {
      const { sim, entry, released } = prepared([op]);
      // The head block's checksum is missing: reading it fails (see readpage.test.ts).
      (sim.fs.extentTree.csums as Map<number, number>).delete(
        entry.extents.lookup(0, 4 * K).blockStart,
      );
      const before = new Set(entry.extents.all().map((x) => x.diskBytenr));
      expect(sim.step()?.error?.errno).toBe('EIO');
      expect([
        sim.fs.data.mayUse,
        entry.inode.outstandingExtents,
        entry.inode.delallocBytes,
      ]).toEqual([0, 0, 0]);
      expect(items(entry, before)).toEqual(['0+16K regular old 16K@0']);
      // The tail block's reservation, never used.
      expect(released('an earlier edge block failed')).toBe(1);
    },
  );

  it('a punch whose head block fits but whose tail block does not fails with ENOSPC and holds nothing', () => {
    // 4 KiB free: the head block's reservation fits, the tail block's does not. SIMPLIFICATION (see
    // zeroEdges): btrfs_punch_hole zeroes the head block before it fails on the tail; here the head's
    // reservation is given back and nothing is zeroed.
    const { sim, entry, released } = prepared(
      [falloc('punch-hole', 1000, 9000, true)],
      '4K',
    );
    expect(sim.step()?.error?.errno).toBe('ENOSPC');
    expect(released('another edge block could not be reserved')).toBe(1);
    expect([
      sim.fs.data.mayUse,
      entry.inode.outstandingExtents,
      entry.inode.delallocBytes,
    ]).toEqual([0, 0, 0]);
  });

  it('a zero range whose middle fits but whose edges do not fails with ENOSPC and holds nothing after a sync', () => {
    // 4 KiB free: the middle block's reservation fits, the edge blocks' do not. SIMPLIFICATION (see
    // zeroEdges): btrfs_zero_range zeroes the head block before it fails on the tail; here nothing is
    // zeroed. Both end with ENOSPC and, once written, no data bytes_may_use.
    const { sim } = prepared(
      [falloc('zero-range', 1000, 9000, true), { op: 'sync' }],
      '4K',
    );
    const failed = sim.step();
    expect([failed?.error?.errno, failed?.error?.message]).toEqual([
      'ENOSPC',
      'no data space for 4K and the range cannot be written in place',
    ]);
    sim.step();
    expect(sim.fs.data.mayUse).toBe(0);
  });
});
