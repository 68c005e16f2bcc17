// Negative tests for checkFs: corrupt a live Fs in one precise way and expect exactly the codes that
// corruption breaks (the built-in and fuzz runs live in ../fsck.test.ts). Past 400 lines on purpose: one
// case per problem code, all sharing the helpers below.

import { describe, expect, it } from 'vitest';
import { FileExtents } from '../../btrfs/fileExtents.ts';
import type { Fs, FsInode } from '../../btrfs/fs.ts';
import { EXTENT } from '../../btrfs/ioTreeBits.ts';
import type { VariantId } from '../../scenario/types.ts';
import { createSimulation } from '../../sim/simulation.ts';
import { builtin, describeReport, drained } from '../../testing/runScenario.ts';
import { Recorder } from '../../trace/recorder.ts';
import { PG, type FileExtentRec } from '../../trace/records.ts';
import { checkFs, type FsckCode } from '../fsck.ts';

/** The live Fs after the first `ops` operations of a built-in (all of them, drained, by default). */
function liveFs(id: string, ops = Infinity, variant: VariantId = 'legacy'): Fs {
  const base = builtin(id);
  const scenario = ops === Infinity ? drained(base) : base;
  const sim = createSimulation({ scenario, variant, trace: false });
  for (let i = 0; i < ops && sim.step() !== null; i++);
  const clean = checkFs(sim.fs, { quiescent: ops === Infinity });
  expect(describeReport(clean)).toBe('');
  return sim.fs;
}

function codes(fs: Fs, quiescent = false, committed = false): FsckCode[] {
  return [
    ...new Set(
      checkFs(fs, { quiescent, committed }).problems.map((p) => p.code),
    ),
  ].sort();
}

function messages(
  fs: Fs,
  code: FsckCode,
  quiescent = false,
  committed = false,
): string[] {
  return checkFs(fs, { quiescent, committed })
    .problems.filter((p) => p.code === code)
    .map((p) => p.message);
}

function fileF(fs: Fs): FsInode {
  const entry = fs.byName('F');
  if (entry === undefined) throw new Error('no file F');
  return entry;
}

function firstItem(entry: FsInode): FileExtentRec {
  const item = entry.extents.all()[0];
  if (item === undefined) throw new Error('no file extent item');
  return item;
}

/** Swaps the inode's file extent items for a fresh FileExtents holding `items` (insert checks overlap). */
function withItems(
  fs: Fs,
  entry: FsInode,
  items: FileExtentRec[],
): FileExtents {
  const fresh = new FileExtents(
    entry.inode.ino,
    new Recorder(false),
    () => undefined,
  );
  for (const item of items) fresh.insert(item);
  fs.inodes.set(entry.inode.ino, { ...entry, extents: fresh });
  return fresh;
}

describe('checkFs: the shared extent of S8-shared', () => {
  it('carries the snapshot root reference: refs 2 for its one file extent item', () => {
    const fs = liveFs('S8-shared', 0);
    const item = firstItem(fileF(fs));
    expect(fs.extentTree.get(item.diskBytenr)).toMatchObject({
      refs: 2,
      shared: true,
    });
  });
});

describe('checkFs: file extent items and the extent tree', () => {
  it('extent-refs: an extent item whose refs disagree with the items pointing at it', () => {
    const fs = liveFs('S2');
    const x = fs.extentTree.all().find((e) => e.name === 'X');
    if (x === undefined) throw new Error('S2 keeps X for [4K, 16K)');
    expect(x.refs).toBe(1);
    fs.extentTree.setRefs(x.bytenr, 2);
    expect(codes(fs)).toEqual(['extent-refs']);
    expect(messages(fs, 'extent-refs')).toEqual([
      `extent item X at ${String(x.bytenr)}: refs 2, expected 1 (1 file extent item(s))`,
    ]);
  });

  it('extent-refs: the shared "others" extent counts its snapshot reference', () => {
    const fs = liveFs('S8');
    const others = fs.extentTree.all().find((e) => e.name === 'others');
    expect(others).toMatchObject({ refs: 1, shared: true });
    fs.extentTree.setRefs(others?.bytenr ?? -1, 2);
    expect(codes(fs)).toEqual(['extent-refs']);
    expect(messages(fs, 'extent-refs')[0]).toContain(
      'refs 2, expected 1 (0 file extent item(s) + 1 shared root)',
    );
  });

  it('file-extents-overlap: two items covering the same file bytes', () => {
    const fs = liveFs('S12', 0);
    const entry = fileF(fs);
    const [x, x2] = entry.extents.all();
    if (x === undefined || x2 === undefined)
      throw new Error('S12 has two items');
    const fresh = withItems(fs, entry, [x, x2]);
    // insert() refuses an overlap; replace() does not check, as a corrupted tree would not.
    fresh.replace(x2, { ...x2, offset: 4096, numBytes: 8192, extentOffset: 0 });
    expect(codes(fs)).toContain('file-extents-overlap');
    expect(messages(fs, 'file-extents-overlap')).toEqual([
      `inode ${String(entry.inode.ino)} (F): file extent items [0, 8192) and [4096, 12288) overlap`,
    ]);
  });

  it('file-extent-unaligned, -bounds, -dangling and -disk-size', () => {
    const fs = liveFs('S1', 0);
    const entry = fileF(fs);
    const x = firstItem(entry);
    withItems(fs, entry, [
      { ...x, numBytes: 4096 },
      { ...x, offset: 4096, numBytes: 4095 },
      { ...x, offset: 12288, numBytes: 4096, extentOffset: 16384 },
      { ...x, offset: 16384, numBytes: 4096, diskBytenr: x.diskBytenr + 4096 },
      { ...x, offset: 20480, numBytes: 4096, diskNumBytes: 8192 },
    ]);
    expect(codes(fs)).toEqual([
      'csum-missing', // the out-of-bounds item references sectors past X
      'extent-refs', // X now has 4 items pointing at it, refs 1
      'file-extent-bounds',
      'file-extent-dangling',
      'file-extent-disk-size',
      'file-extent-unaligned',
      'inode-nbytes',
    ]);
    expect(messages(fs, 'file-extent-unaligned')).toEqual([
      expect.stringContaining(
        'file extent [4096, +4095) -> disk ' +
          `${String(x.diskBytenr)}: numBytes 4095 not a multiple of the sector size 4096`,
      ),
    ]);
    expect(messages(fs, 'file-extent-bounds')).toEqual([
      expect.stringContaining(
        'extentOffset 16384 + numBytes 4096 must be > extentOffset and <= diskNumBytes 16384',
      ),
    ]);
    expect(messages(fs, 'file-extent-dangling')).toEqual([
      expect.stringContaining(
        `no extent item at bytenr ${String(x.diskBytenr + 4096)}`,
      ),
    ]);
    expect(messages(fs, 'file-extent-disk-size')).toEqual([
      expect.stringContaining(
        'diskNumBytes 8192 but extent item X at ' +
          `${String(x.diskBytenr)} has numBytes 16384`,
      ),
    ]);
  });

  it('inode-nbytes: st_blocks that disagree with the file extent items', () => {
    const fs = liveFs('S4');
    const { inode } = fileF(fs);
    expect(inode.nbytes).toBe(20480); // 16K of X + the 4K written into the hole
    inode.nbytes -= 4096;
    expect(codes(fs, true)).toEqual(['inode-nbytes']);
    expect(messages(fs, 'inode-nbytes')[0]).toContain(
      'nbytes 16384, expected 20480',
    );
  });

  it('disk-isize: disk_i_size past i_size, or short of it once quiescent', () => {
    const fs = liveFs('S5');
    const { inode } = fileF(fs);
    inode.diskIsize = inode.isize + 4096;
    expect(codes(fs)).toEqual(['disk-isize']);
    inode.diskIsize = inode.isize - 4096;
    expect(codes(fs)).toEqual([]);
    expect(codes(fs, true)).toEqual(['disk-isize']);
  });
});

describe('checkFs: the block groups and the space_infos', () => {
  it('block-group-used / -pinned: counters that disagree with the extent tree', () => {
    const fs = liveFs('S14', 2); // the write and its writeback, before the commit
    const group = fs.space.groupsOf('data')[0];
    if (group === undefined) throw new Error('no data block group');
    group.adjust({ used: 4096, pinned: -4096 });
    expect(codes(fs)).toEqual([
      'block-group-pinned',
      'block-group-size',
      'block-group-used',
    ]);
    expect(messages(fs, 'block-group-used')[0]).toBe(
      `data block group ${String(group.start)}: used 20480, expected 16384 (the bytes of its extent items)`,
    );
    expect(messages(fs, 'block-group-size')).toEqual([
      'data space_info bytes_used 16384, but its 1 block group(s) sum to 20480',
      'data space_info bytes_pinned 16384, but its 1 block group(s) sum to 12288',
    ]);
  });

  it('block-group-reserved, -bounds, -overlap, extent-unaligned: a stray reserved range', () => {
    const fs = liveFs('S1');
    const t = fs.extentTree;
    const x = t.all()[0];
    if (x === undefined) throw new Error('no extent item');
    const group = fs.space.groupsOf('data')[0];
    if (group === undefined) throw new Error('no data block group');
    const { start, length } = group;
    // Bypass the free space (it would refuse overlaps): what a broken allocator could leave behind.
    const reserved = (t as unknown as { reservedRanges: Map<number, number> })
      .reservedRanges;
    reserved.set(x.bytenr + 4096, 4096);
    reserved.set(start + length - 4096, 8192);
    reserved.set(start + length - 100_000, 100);
    expect(codes(fs)).toEqual([
      'block-group-bounds',
      'block-group-overlap',
      'block-group-reserved',
      'extent-unaligned',
      'reserved-without-ordered',
    ]);
    expect(messages(fs, 'block-group-overlap')).toEqual([
      `extent item X [${String(x.bytenr)}, ${String(x.bytenr + x.numBytes)}) overlaps reserved range ${String(x.bytenr + 4096)} [${String(x.bytenr + 4096)}, ${String(x.bytenr + 8192)})`,
    ]);
  });

  it('space-negative and space-over-total', () => {
    const fs = liveFs('S1');
    fs.data.pinned = -4096;
    fs.data.mayUse = fs.data.total + 1;
    expect(codes(fs)).toEqual(
      expect.arrayContaining([
        'space-negative',
        'space-over-total',
        'block-group-size',
        'data-may-use',
      ]),
    );
    expect(messages(fs, 'space-over-total')[0]).toContain(
      `exceeds total ${String(fs.data.total)}`,
    );
  });
});

describe('checkFs: reservations against the io tree', () => {
  it('data-may-use / leaked-may-use: a data reservation nobody holds', () => {
    const fs = liveFs('S2');
    fs.data.adjust({ mayUse: 4096 });
    expect(codes(fs)).toEqual(['data-may-use']);
    expect(messages(fs, 'data-may-use')[0]).toBe(
      'data bytes_may_use 4096, expected 0 (DELALLOC bytes without NORESERVE)',
    );
    expect(codes(fs, true)).toEqual(['data-may-use', 'leaked-may-use']);
  });

  it('data-may-use counts DELALLOC without NORESERVE: a nocow write reserved no data', () => {
    const fs = liveFs('S8', 1);
    const entry = fileF(fs);
    expect(fs.data.mayUse).toBe(0);
    entry.ioTree.clear(0, 1 << 20, EXTENT.NORESERVE);
    expect(messages(fs, 'data-may-use')).toEqual([
      `data bytes_may_use 0, expected 4096 (DELALLOC bytes without NORESERVE: inode ${String(entry.inode.ino)} (F) 4096)`,
    ]);
  });

  it('meta-may-use / leaked-may-use: metadata held by no block reserve', () => {
    const fs = liveFs('S2');
    fs.meta.adjust({ mayUse: 16384 });
    expect(codes(fs)).toEqual(['meta-may-use']);
    expect(messages(fs, 'leaked-may-use', true)).toEqual([
      `metadata bytes_may_use is ${String(fs.globalRsv.reserved + fs.delayedRefsRsv.reserved + 16384)} with nothing left to write, expected ${String(fs.globalRsv.reserved + fs.delayedRefsRsv.reserved)} (the global and delayed refs reserves)`,
    ]);
  });

  it('delalloc-accounting: delalloc_bytes and new_delalloc_bytes against the io tree', () => {
    const fs = liveFs('S4', 1);
    const { inode } = fileF(fs);
    expect([inode.delallocBytes, inode.newDelallocBytes]).toEqual([4096, 4096]);
    inode.delallocBytes = 8192;
    inode.newDelallocBytes = 0;
    expect(codes(fs)).toEqual(['delalloc-accounting']);
    expect(messages(fs, 'delalloc-accounting')).toHaveLength(2);
  });

  it('delalloc-new-over-extent: DELALLOC_NEW where an item already counts the bytes', () => {
    const fs = liveFs('S2', 1);
    const entry = fileF(fs);
    entry.ioTree.set(0, 4096, EXTENT.DELALLOC_NEW);
    entry.inode.newDelallocBytes += 4096;
    expect(codes(fs)).toEqual(['delalloc-new-over-extent']);
  });

  it('outstanding-extents / csum-bytes / meta-rsv: the per-inode metadata lifecycle', () => {
    const fs = liveFs('S7', 2); // one pending ordered extent, no delalloc
    const { inode } = fileF(fs);
    expect([inode.outstandingExtents, inode.csumBytes]).toEqual([1, 4096]);
    inode.outstandingExtents = 2;
    inode.csumBytes = 0;
    expect(codes(fs)).toEqual(['csum-bytes', 'outstanding-extents']);
    expect(messages(fs, 'outstanding-extents')[0]).toContain(
      'outstanding_extents 2, expected 1 (0 for 0 delalloc run(s) + 1 ordered extent(s))',
    );
    inode.outstandingExtents = 1;
    inode.csumBytes = 4096;
    inode.rsvReserved = -1;
    expect(codes(fs)).toEqual(['meta-may-use', 'meta-rsv']);
  });
});

describe('checkFs: checksums', () => {
  it('csum-missing: a referenced sector of a datasum extent without its csum', () => {
    const fs = liveFs('S1');
    const x = firstItem(fileF(fs));
    // Lost from memory behind the transaction's back: nothing commits it.
    (fs.extentTree.csums as Map<number, number>).delete(
      x.diskBytenr + x.extentOffset + 8192,
    );
    expect(codes(fs)).toEqual(['csum-missing']);
    const at = x.diskBytenr + x.extentOffset + 8192;
    expect(messages(fs, 'csum-missing')[0]).toContain(
      `no csum for disk sectors [${String(at)}, ${String(at + 4096)})`,
    );
  });

  it('csum-missing does not apply to nodatasum inodes', () => {
    const fs = liveFs('S8');
    expect(fs.extentTree.csums.size).toBe(0);
  });

  it('csum-orphan and csum-unaligned: csums outside every extent item', () => {
    const fs = liveFs('S14', 2); // before the commit: X was freed, its csums went with it
    const t = fs.extentTree;
    const [pinnedAt] = t.pinned()[0] ?? [-1];
    t.setCsum(pinnedAt, 0);
    t.setCsum(pinnedAt + 4097, 0);
    expect(codes(fs)).toEqual(['csum-orphan', 'csum-unaligned']);
    expect(messages(fs, 'csum-orphan')).toEqual([
      `csums for disk sectors [${String(pinnedAt)}, ${String(pinnedAt + 4096)}) outside every extent item`,
    ]);
  });
});

describe('checkFs: ordered extents, bios and pages', () => {
  it('a write in flight (S7 after writeback without wait) is consistent but not quiescent', () => {
    const fs = liveFs('S7', 2);
    expect(codes(fs, true)).toEqual([
      'bio-inflight',
      'csum-bytes',
      'leaked-may-use',
      'leaked-meta-rsv',
      'leaked-reserved',
      'ordered-left',
      'outstanding-extents',
      'writeback-page',
    ]);
  });

  it('ordered-state and page-writeback: the bio vanished', () => {
    const fs = liveFs('S7', 2);
    fs.inflight.length = 0;
    expect(codes(fs)).toEqual(['ordered-state', 'page-writeback']);
  });

  it('reserved-without-ordered, page-ordered, ordered-state: the ordered extent vanished', () => {
    const fs = liveFs('S7', 2);
    fs.ordered.clear();
    expect(codes(fs)).toEqual([
      'csum-bytes',
      'ordered-state',
      'outstanding-extents',
      'page-ordered',
      'reserved-without-ordered',
    ]);
  });

  it('ordered-extent and ordered-overlap: a second ordered extent over the same range', () => {
    const fs = liveFs('S7', 2);
    const [oe] = [...fs.ordered.values()];
    if (oe === undefined) throw new Error('S7 has an ordered extent');
    fs.ordered.set(99, { ...oe, id: 99, state: 'io_done', csums: [] });
    fs.ordered.set(100, {
      ...oe,
      id: 100,
      type: 'nocow',
      state: 'io_done',
      fileOffset: 12288,
      csums: [],
    });
    fileF(fs).inode.outstandingExtents += 2;
    fileF(fs).inode.csumBytes += 8192;
    expect(codes(fs)).toEqual(['ordered-extent', 'ordered-overlap']);
    expect(messages(fs, 'ordered-extent')).toEqual([
      expect.stringContaining('another ordered extent already owns'),
      expect.stringContaining('maps it to disk'),
    ]);
  });

  it('page-dirty, dirty-without-delalloc: a dirty block btrfs never heard of', () => {
    const fs = liveFs('S1');
    const entry = fileF(fs);
    const page = entry.mapping.all()[0];
    if (page === undefined) throw new Error('S1 wrote a page');
    page.flags |= PG.dirty;
    expect(codes(fs)).toEqual(['page-dirty']);
    entry.mapping.setRangeDirty(page, 0, page.blockSize);
    expect(codes(fs)).toEqual(['dirty-without-delalloc']);
    expect(codes(fs, true)).toEqual(['dirty-page', 'dirty-without-delalloc']);
  });

  it('delalloc-without-dirty: delalloc nothing will ever write back', () => {
    const fs = liveFs('S2', 1);
    const entry = fileF(fs);
    const page = entry.mapping.find(0);
    if (page === undefined) throw new Error('page 0 was written');
    entry.mapping.clearDirty(page);
    expect(codes(fs)).toEqual(['delalloc-without-dirty']);
    expect(messages(fs, 'delalloc-without-dirty')[0]).toContain(
      'DELALLOC over [0, 4096) but no dirty block there',
    );
  });
});

describe('checkFs: quiescent only', () => {
  it('dirty data left behind: delalloc, dirty pages, reservations', () => {
    const fs = liveFs('S2', 1);
    expect(codes(fs, true)).toEqual([
      'csum-bytes',
      'delalloc-left',
      'dirty-page',
      'leaked-may-use',
      'leaked-meta-rsv',
      'outstanding-extents',
    ]);
  });

  it('locked-range and locked-page', () => {
    const fs = liveFs('S1');
    const entry = fileF(fs);
    entry.ioTree.set(0, 4096, EXTENT.LOCKED);
    const page = entry.mapping.all()[0];
    if (page === undefined) throw new Error('S1 wrote a page');
    entry.mapping.setFlags(page, PG.locked, 0, 'test');
    expect(codes(fs)).toEqual([]);
    expect(codes(fs, true)).toEqual(['locked-page', 'locked-range']);
  });

  it('leaked-reserved: bytes_reserved with nothing pending', () => {
    const fs = liveFs('S1');
    fs.data.adjust({ reserved: 4096 });
    expect(codes(fs, true)).toEqual(['block-group-size', 'leaked-reserved']);
  });

  it('leaked-pinned: S14 frees X, which stays pinned until a commit', () => {
    const fs = liveFs('S14', 2); // the write and its writeback, before the commit
    expect(codes(fs, true)).toEqual([]);
    expect(codes(fs, true, true)).toEqual(['leaked-pinned']);
    const [at, len] = fs.extentTree.pinned()[0] ?? [-1, -1];
    expect(messages(fs, 'leaked-pinned', true, true)).toEqual([
      `after a commit data bytes_pinned is 16384 and 1 range(s) are pinned ([${String(at)}, +${String(len)})), expected none`,
    ]);
  });
});
