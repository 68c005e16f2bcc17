// The page cache's state changes: Uptodate follows the last block, dirty follows the blocks, and a
// partial truncate zeroes exactly the bytes inside the range.

import { describe, expect, it } from 'vitest';
import { expectEvery, present } from '../testing/nonVacuous.ts';
import { PG } from '../trace/records.ts';
import { Recorder } from '../trace/recorder.ts';
import { AddressSpace } from './addressSpace.ts';

const K = 1024;

function mapping(pageSize = 64 * K, blockSize = 4 * K): AddressSpace {
  return new AddressSpace(257, pageSize, blockSize, new Recorder(false));
}

describe('AddressSpace', () => {
  it('sets PG_uptodate only when the range reaches the last block', () => {
    const m = mapping();
    const page = m.findOrCreateLocked(0);
    m.setRangeUptodate(page, 0, 60 * K);
    expect([...page.uptodate]).toEqual([...new Array<number>(15).fill(1), 0]);
    expect(page.has(PG.uptodate)).toBe(false);
    m.setRangeUptodate(page, 60 * K + 100, 60 * K + 200);
    expect(page.has(PG.uptodate)).toBe(true);
  });

  it('marks the blocks a byte range touches dirty, and the page', () => {
    const m = mapping();
    const page = m.findOrCreateLocked(0);
    m.setRangeDirty(page, 4 * K + 1, 8 * K + 1);
    expect([...page.dirty.subarray(0, 4)]).toEqual([0, 1, 1, 0]);
    expect(page.has(PG.dirty)).toBe(true);
    m.clearDirty(page);
    expectEvery(page.dirty, (d) => d === 0, 'every block is clean');
    expect(page.has(PG.dirty)).toBe(false);
  });

  it('truncateRange zeroes exactly [start, end) in a partial page and cleans only whole blocks', () => {
    const m = mapping();
    const page = m.findOrCreateLocked(1);
    page.data.fill(7);
    m.setRangeDirty(page, 0, 64 * K);
    m.truncateRange(64 * K + 100, 64 * K + 9000, 'punch');
    expect(page.data[99]).toBe(7);
    expectEvery(
      page.data.subarray(100, 9000),
      (b) => b === 0,
      'the range is zero',
    );
    expect(page.data[9000]).toBe(7);
    // Only block 1 ([4K, 8K)) lies wholly inside: blocks 0 and 2 keep their other bytes dirty.
    expect([...page.dirty.subarray(0, 3)]).toEqual([1, 0, 1]);
    expect(m.find(1)).toBe(page);
  });

  it('a partial truncate keeps a page dirty while any block still is, and cleans it with its last dirty block', () => {
    const m = mapping();
    const page = m.findOrCreateLocked(0);
    m.setRangeDirty(page, 8 * K, 12 * K + 1);
    expect([...page.dirty.subarray(0, 4)]).toEqual([0, 0, 1, 1]);
    // Block 2 is wholly inside, block 3 keeps a dirty byte: writeback must still find the page.
    m.truncateRange(8 * K, 12 * K, 'punch');
    expect([...page.dirty.subarray(0, 4)]).toEqual([0, 0, 0, 1]);
    expect(page.has(PG.dirty)).toBe(true);
    m.truncateRange(12 * K, 16 * K, 'punch');
    expectEvery(page.dirty, (d) => d === 0, 'every block is clean');
    expect(page.has(PG.dirty)).toBe(false);
  });

  it('lists pages in index order whatever order they were cached in (writeback walks the mapping that way)', () => {
    const m = mapping(4 * K, 4 * K);
    for (const i of [5, 0, 3, 1]) m.findOrCreateLocked(i);
    expect(m.all().map((p) => p.index)).toEqual([0, 1, 3, 5]);
  });

  it('traces a flag change as one step with the page before and after, and a change to nothing as none', () => {
    const rec = new Recorder(true);
    const m = new AddressSpace(257, 4 * K, 4 * K, rec);
    const page = m.findOrCreateLocked(0);
    const steps = rec.events.length;
    m.setFlags(page, PG.locked, 0, 'lock it again');
    expect(rec.events.length).toBe(steps);
    m.setFlags(page, 0, PG.locked, 'unlock the page');
    const step = present(rec.events[steps], 'the unlock step');
    expect(step).toMatchObject({
      kind: 'page.flags',
      note: 'unlock the page (now none)',
      changes: [
        {
          table: 'page',
          key: '257:0',
          before: { flags: PG.locked },
          after: { flags: 0 },
        },
      ],
    });
    expect(rec.events.length).toBe(steps + 1);
  });

  it('truncateRange drops pages wholly inside and keeps the rest', () => {
    const m = mapping(4 * K, 4 * K);
    for (let i = 0; i < 4; i++) m.findOrCreateLocked(i);
    m.truncateRange(4 * K, 12 * K, 'truncate');
    expect(m.all().map((p) => p.index)).toEqual([0, 3]);
  });

  it('dropClean (invalidate_mapping_pages) keeps dirty, locked, writeback and ordered pages and traces each page that leaves', () => {
    const rec = new Recorder(true);
    const m = new AddressSpace(257, 4 * K, 4 * K, rec);
    for (let i = 0; i < 5; i++) m.findOrCreateLocked(i);
    const pages = m.all();
    // Page 0 stays locked; 1 dirty, 2 under writeback, 3 ordered; page 4 is clean and idle.
    for (const [i, flag] of [
      [1, PG.dirty],
      [2, PG.writeback],
      [3, PG.ordered],
    ] as const)
      m.setFlags(present(pages[i], `page ${String(i)}`), flag, PG.locked, 'x');
    m.setFlags(present(pages[4], 'page 4'), 0, PG.locked, 'unlock');
    const steps = rec.events.length;
    m.dropClean();
    expect(m.all().map((p) => p.index)).toEqual([0, 1, 2, 3]);
    expect(rec.events.slice(steps)).toMatchObject([
      {
        kind: 'page.flags',
        ino: 257,
        index: 4,
        note: 'invalidate_mapping_pages: page 4 leaves the page cache',
        changes: [{ table: 'page', key: '257:4', after: null }],
      },
    ]);
  });

  it('truncateRange traces the zeroing of a partial page with its range inside the page, and leaves pages outside alone', () => {
    const rec = new Recorder(true);
    const m = new AddressSpace(257, 4 * K, 4 * K, rec);
    for (let i = 0; i < 3; i++) m.findOrCreateLocked(i);
    const steps = rec.events.length;
    // [4K + 100, 8K): page 1 in part; page 2 starts where the range ends, page 0 ends where it starts.
    m.truncateRange(4 * K + 100, 8 * K, 'punch');
    expect(m.all().map((p) => p.index)).toEqual([0, 1, 2]);
    expect(rec.events.slice(steps)).toMatchObject([
      {
        kind: 'page.zero',
        ino: 257,
        index: 1,
        ranges: [[100, 4 * K]],
        note: 'punch: zero the part of page 1 inside the range',
      },
    ]);
    expect(rec.events.length).toBe(steps + 1);
  });

  it('a page that leaves in truncateRange is traced with its record removed', () => {
    const rec = new Recorder(true);
    const m = new AddressSpace(257, 4 * K, 4 * K, rec);
    m.findOrCreateLocked(0);
    m.findOrCreateLocked(1);
    const steps = rec.events.length;
    m.truncateRange(4 * K, 8 * K, 'truncate');
    expect(rec.events.slice(steps)).toMatchObject([
      {
        kind: 'page.flags',
        index: 1,
        note: 'truncate: page 1 leaves the page cache',
        changes: [
          { table: 'page', key: '257:1', before: { index: 1 }, after: null },
        ],
      },
    ]);
  });

  it('traces a new page as a record that appears', () => {
    const rec = new Recorder(true);
    const m = new AddressSpace(257, 4 * K, 4 * K, rec);
    m.findOrCreateLocked(3);
    const creation = rec.events.find((e) => e.kind === 'pagecache.lookup');
    expect(creation).toMatchObject({
      hit: false,
      changes: [{ table: 'page', key: '257:3', before: null }],
    });
  });

  it('a range from the start of a page to inside it zeroes that part and keeps the page cached', () => {
    // truncate_inode_pages_range drops only the pages wholly inside; a partial one is zeroed in place.
    const m = mapping(4 * K, K);
    const page = m.findOrCreateLocked(2);
    page.data.fill(7);
    m.truncateRange(8 * K, 8 * K + 100, 'punch');
    expect(m.find(2)).toBe(page);
    expect(page.data[99]).toBe(0);
    expect(page.data[100]).toBe(7);
  });

  it('counts the pages it caches, whichever way they came', () => {
    const m = mapping(4 * K, K);
    expect(m.count).toBe(0);
    m.findOrCreateLocked(5);
    m.insertCached(1, new Uint8Array(4 * K).fill(3));
    expect(m.count).toBe(2);
    m.dropClean();
    expect(m.count).toBe(1);
  });

  it('traces a page inserted warm (scenario setup) as a record that appears, uptodate and clean', () => {
    const rec = new Recorder(true);
    const m = new AddressSpace(257, 4 * K, K, rec);
    rec.emit('sim.setup', { scenario: 'x', variant: 'srcmap' }, 'setup');
    m.insertCached(3, new Uint8Array(4 * K).fill(9));
    rec.emit('sim.setup', { scenario: 'x', variant: 'srcmap' }, 'after');
    const last = rec.events.at(-1);
    expect(last?.changes).toEqual([
      {
        table: 'page',
        key: '257:3',
        before: null,
        after: {
          ino: 257,
          index: 3,
          flags: PG.uptodate,
          uptodate: '1111',
          dirty: '0000',
        },
      },
    ]);
  });
});
