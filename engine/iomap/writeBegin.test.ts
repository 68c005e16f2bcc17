// __iomap_write_begin's run splitting at the i_size boundary, with the design's source policy replaced by
// one that records what it is asked: which runs are read or zeroed, and which are left alone.

import { describe, expect, it } from 'vitest';
import { createSimulation } from '../sim/simulation.ts';
import { scenarioOf } from '../testing/runScenario.ts';
import { TOY_PAGE, toyHost } from '../testing/toyIomapHost.ts';
import { UserBuffer } from './userBuffer.ts';
import {
  adjustReadRange,
  iomapWriteBeginRuns,
  type RunSource,
} from './writeBegin.ts';

const K = 1024;

/** Page `index` of F (i_size `isize`, one 64 KiB extent), not cached, on `pageSize` pages of 4K blocks. */
function setup(pageSize: number, isize: number, index = 0) {
  const sim = createSimulation({
    scenario: scenarioOf({
      id: 'write-begin',
      geometry: { pageSize, sectorSize: 4 * K },
      files: [
        {
          name: 'F',
          size: isize,
          extents: [{ offset: 0, length: '64K', disk: 'X' }],
        },
      ],
      ops: [],
    }),
    variant: 'srcmap',
    trace: false,
  });
  const entry = sim.fs.byName('F');
  if (entry === undefined) throw new Error('no file F');
  const ctx = {
    fs: sim.fs,
    entry,
    buf: new UserBuffer(1, 'op-index', 1),
    base: 0,
  };
  return { ctx, page: entry.mapping.findOrCreateLocked(index) };
}

/** Runs write_begin for page bytes [from, to); returns every piece the policy was asked for. */
function asked(
  pageSize: number,
  isize: number,
  from: number,
  to: number,
  answer: (start: number) => RunSource = () => ({ action: 'zero', why: '' }),
): { start: number; length: number }[] {
  const { ctx, page } = setup(pageSize, isize);
  const calls: { start: number; length: number }[] = [];
  iomapWriteBeginRuns(ctx, page, from, to, (start, length) => {
    calls.push({ start, length });
    return answer(start);
  });
  return calls;
}

describe('iomap_adjust_read_range', () => {
  it('ends the run after the block holding i_size, so blocks wholly past EOF form a run of their own', () => {
    const { page } = setup(64 * K, 9 * K);
    expect(adjustReadRange(page, 0, 16, 0, 9 * K)).toEqual([0, 3]);
    expect(adjustReadRange(page, 3, 16, 0, 9 * K)).toEqual([3, 16]);
  });

  it('splits at an aligned i_size too: the block starting at i_size begins the run past EOF', () => {
    const { page } = setup(64 * K, 8 * K);
    expect(adjustReadRange(page, 0, 16, 0, 8 * K)).toEqual([0, 2]);
    expect(adjustReadRange(page, 2, 16, 0, 8 * K)).toEqual([2, 16]);
  });

  it('a run starting in the block holding i_size is that block alone', () => {
    const { page } = setup(64 * K, 9 * K);
    expect(adjustReadRange(page, 2, 16, 0, 9 * K)).toEqual([2, 3]);
    // A page past EOF (i_size below the page) is one run; so is a page wholly below i_size.
    expect(adjustReadRange(page, 0, 16, 64 * K, 9 * K)).toEqual([0, 16]);
    expect(adjustReadRange(page, 0, 16, 0, 1024 * K)).toEqual([0, 16]);
    // On page 1 (at 64K) the block holding i_size = 73K is block 2 of the page.
    expect(adjustReadRange(page, 0, 16, 64 * K, 73 * K)).toEqual([0, 3]);
  });

  it('looks no further than `last`, even when the blocks after it are uptodate', () => {
    const { page } = setup(64 * K, 64 * K);
    page.uptodate.fill(1, 0, 6);
    expect(adjustReadRange(page, 0, 4, 0, 64 * K)).toEqual([4, 4]);
  });

  it('skips uptodate blocks and stops at the next uptodate one', () => {
    const { page } = setup(64 * K, 64 * K);
    page.uptodate.fill(1, 0, 2);
    page.uptodate.fill(1, 5, 6);
    expect(adjustReadRange(page, 0, 16, 0, 64 * K)).toEqual([2, 5]);
    expect(adjustReadRange(page, 5, 16, 0, 64 * K)).toEqual([6, 16]);
  });
});

describe('__iomap_write_begin at the i_size boundary (4K blocks on a 64K page)', () => {
  it('a write starting in the block holding i_size asks for that block alone, from its start', () => {
    expect(asked(64 * K, 9 * K, 8 * K + 100, 8 * K + 200)).toEqual([
      { start: 8 * K, length: 4 * K },
    ]);
  });

  it('a write into the block starting exactly at i_size asks for that block from i_size', () => {
    expect(asked(64 * K, 8 * K, 8 * K + 100, 8 * K + 300)).toEqual([
      { start: 8 * K, length: 4 * K },
    ]);
  });

  it('a write ending at i_size asks for the run up to the block holding i_size, and no block past it', () => {
    // [7K, 9K) starts inside block 1 and ends at i_size inside block 2: blocks 1 and 2 form one run.
    expect(asked(64 * K, 9 * K, 7 * K, 9 * K)).toEqual([
      { start: 4 * K, length: 8 * K },
    ]);
  });

  it('a write ending at an aligned i_size asks only for the block it starts in', () => {
    expect(asked(64 * K, 12 * K, 8 * K + 200, 12 * K)).toEqual([
      { start: 8 * K, length: 4 * K },
    ]);
  });

  it('a write spanning i_size asks for the run below EOF and the run past it separately', () => {
    expect(asked(64 * K, 9 * K, 6 * K, 14 * K)).toEqual([
      { start: 4 * K, length: 8 * K },
      { start: 12 * K, length: 4 * K },
    ]);
  });

  it('asks for nothing when the write covers its blocks whole, and for the whole run once an edge is inside it', () => {
    expect(asked(64 * K, 64 * K, 4 * K, 12 * K)).toEqual([]);
    // Blocks 1 and 2 are covered whole but belong to the run [1, 4) whose last block the write ends in:
    // the run is read whole (the S10 behaviour), and the copy then overwrites blocks 1 and 2.
    expect(asked(64 * K, 64 * K, 4 * K, 12 * K + 1)).toEqual([
      { start: 4 * K, length: 12 * K },
    ]);
  });

  it('asks again for the rest of a run when a source covers only part of it', () => {
    const calls = asked(64 * K, 64 * K, 1 * K, 15 * K, (start) =>
      start === 0
        ? { action: 'zero', why: '', length: 4 * K }
        : { action: 'zero', why: '' },
    );
    expect(calls).toEqual([
      { start: 0, length: 16 * K },
      { start: 4 * K, length: 12 * K },
    ]);
  });

  it('marks the runs it fills uptodate and reads a source at the address it names', () => {
    const { ctx, page } = setup(64 * K, 64 * K);
    const x = ctx.entry.extents.lookup(0, 4 * K).blockStart;
    iomapWriteBeginRuns(ctx, page, 4 * K + 10, 4 * K + 20, (start) => ({
      action: 'read',
      bytenr: x + start,
      why: '',
    }));
    expect([...page.uptodate.subarray(0, 3)]).toEqual([0, 1, 0]);
    // The pattern fill: byte (offset % 251) + 1 at every file offset of the extent.
    expect(page.data[4 * K]).toBe(((4 * K) % 251) + 1);
    expect(page.data[4 * K + 30]).toBe(((4 * K + 30) % 251) + 1);
  });

  it('does nothing on a page that is already uptodate', () => {
    const { ctx, page } = setup(4 * K, 4 * K);
    ctx.entry.mapping.setRangeUptodate(page, 0, 4 * K);
    const calls: number[] = [];
    iomapWriteBeginRuns(ctx, page, 100, 200, (start) => {
      calls.push(start);
      return { action: 'zero', why: '' };
    });
    expect(calls).toEqual([]);
  });
});

describe('__iomap_write_begin filling a run (1K blocks on a 4K page, traced)', () => {
  /** Page 0 of a 4 KiB toy file full of 0xab on disk, its memory holding stale 0xee bytes, traced. */
  function toyPage() {
    const { host, file, rec, counted } = toyHost(
      new Uint8Array(TOY_PAGE).fill(0xab),
      TOY_PAGE,
      true,
    );
    const ctx = {
      fs: host,
      entry: file,
      buf: new UserBuffer(1, 'op-index', 1),
      base: 0,
    };
    const page = file.mapping.findOrCreateLocked(0);
    // Page-cache pages come from the page allocator without __GFP_ZERO: what is not read or zeroed is stale.
    page.data.fill(0xee);
    return { ctx, page, rec, counted };
  }

  it('zeroes what the write leaves of each zeroed piece, stale bytes included, and says nothing of a piece it covers', () => {
    const { ctx, page, rec, counted } = toyPage();
    iomapWriteBeginRuns(ctx, page, 100, 3900, () => ({
      action: 'zero',
      why: 'toy',
      length: 1024,
    }));
    const zeroes = rec.events.flatMap((e) =>
      e.kind === 'page.zero' ? [e.ranges] : [],
    );
    expect(zeroes).toEqual([[[0, 100]], [[3900, 4096]]]);
    expect(counted.get('bytesZeroed')).toBe(100 + 196);
    expect(page.data.subarray(0, 100).every((b) => b === 0)).toBe(true);
    expect(page.data.subarray(3900).every((b) => b === 0)).toBe(true);
    // The bytes the write will copy over are left alone.
    expect(page.data[100]).toBe(0xee);
    expect(page.data[3899]).toBe(0xee);
    expect([...page.uptodate]).toEqual([1, 1, 1, 1]);
  });

  it('submits a read as long as the run at the address the source names, wherever the run starts', () => {
    const { ctx, page, rec } = toyPage();
    iomapWriteBeginRuns(ctx, page, 1024 + 10, 1024 + 20, (start) => ({
      action: 'read',
      bytenr: start,
      why: 'toy',
    }));
    const reads = rec.events.flatMap((e) =>
      e.kind === 'io.submit'
        ? [{ bytenr: e.bytenr, length: e.length, note: e.note }]
        : [],
    );
    expect(reads).toEqual([
      {
        bytenr: 1024,
        length: 1024,
        note: 'synchronous read of 1K at disk 1024',
      },
    ]);
    expect(page.data[1024]).toBe(0xab);
    expect(page.data[2047]).toBe(0xab);
    expect(page.data[2048]).toBe(0xee);
  });
});
