// Buffered writeback (extent_writepages): delalloc runs that cross 64 KiB pages of 4 KiB blocks (every page
// an ordered extent takes bytes from goes to writeback with it, no dirty block is left without DELALLOC:
// cases the exerciser found); which dirty pages a ranged pass takes; a page still under writeback, skipped
// by background writeback and waited for by fsync; the EOF page zeroed past i_size before it reaches the
// disk; fallback_to_cow's bytes_may_use for a nocow write made without data space; the gathered pieces of
// an ordered extent; a page holding delalloc bytes missing from the cache is a broken invariant.

import { describe, expect, it } from 'vitest';
import { InvariantError } from '../core/assert.ts';
import { crc32c } from '../core/crc32c.ts';
import type { OpSpec, ScenarioSpec } from '../scenario/types.ts';
import { createSimulation, type Simulation } from '../sim/simulation.ts';
import { runChecked, scenarioOf } from '../testing/runScenario.ts';
import { PG } from '../trace/records.ts';
import type { FsInode } from './fs.ts';
import { EXTENT } from './ioTreeBits.ts';

const K = 1024;

const DESIGNS = ['legacy', 'srcmap'] as const;

function onSubpages(id: string, ops: OpSpec[]) {
  return scenarioOf({
    id,
    geometry: { pageSize: '64K', sectorSize: '4K' },
    files: [{ name: 'F', size: 0 }],
    ops,
  });
}

/** A srcmap simulation of `spec` (4 KiB pages unless the spec says otherwise), not yet run. */
function simOf(spec: Omit<ScenarioSpec, 'id' | 'title' | 'description'>) {
  return createSimulation({
    scenario: scenarioOf({ id: 'writeback', ...spec }),
    variant: 'srcmap',
  });
}

/** Runs the simulation's next operation, which must succeed. */
function step(sim: Simulation): void {
  const outcome = sim.step();
  expect(outcome?.error).toBeNull();
}

function fileOf(sim: Simulation, name: string): FsInode {
  const entry = sim.fs.byName(name);
  if (entry === undefined) throw new Error(`no file ${name}`);
  return entry;
}

/** The notes of the data bios operation `op` submitted (btrfs_submit_data_bio: size and disk address). */
function dataBios(sim: Simulation, op: number): string[] {
  return sim.events.flatMap((e) =>
    e.op === op && e.kind === 'call.enter' && e.fn === 'btrfs_submit_data_bio'
      ? [e.note]
      : [],
  );
}

/** The file ranges of the file extent items of `entry` that overlap [start, end). */
function itemsOf(entry: FsInode, start: number, end: number) {
  return entry.extents
    .overlapping(start, end)
    .map((item) => [item.offset, item.offset + item.numBytes]);
}

describe('extent_writepages with 4K blocks on 64K pages', () => {
  it.each(DESIGNS)(
    '%s: a ranged writeback of a page where a run starts takes every page of the run',
    (variant) => {
      // btrfs_zero_range writes back [320K, 324K): page 5 holds the start of the run [364K, 492K).
      const scenario = onSubpages('run-past-the-range', [
        { op: 'write', file: 'F', offset: '364K', length: '128K' },
        {
          op: 'fallocate',
          file: 'F',
          mode: 'zero-range',
          offset: '320K',
          length: 2188,
          keepSize: false,
        },
      ]);
      expect(runChecked(scenario, variant).failures).toEqual([]);
    },
  );

  it.each(DESIGNS)(
    '%s: a run that starts in a page skipped under writeback is allocated from the next page on',
    (variant) => {
      const scenario = onSubpages('run-from-a-skipped-page', [
        { op: 'write', file: 'F', offset: 0, length: '4K' },
        { op: 'writeback', file: 'F', wait: false },
        { op: 'write', file: 'F', offset: '60K', length: '8K' },
        { op: 'writeback', file: 'F', wait: false },
      ]);
      expect(runChecked(scenario, variant).failures).toEqual([]);
    },
  );

  it.each(DESIGNS)(
    '%s: a run that reaches into a page skipped under writeback stops before it',
    (variant) => {
      // The write waits for no ordered extent (none overlaps it), so page 1 stays under writeback.
      const scenario = onSubpages('run-into-a-skipped-page', [
        { op: 'write', file: 'F', offset: '120K', length: '4K' },
        { op: 'writeback', file: 'F', wait: false },
        { op: 'write', file: 'F', offset: '60K', length: '8K' },
        { op: 'writeback', file: 'F', wait: false },
      ]);
      expect(runChecked(scenario, variant).failures).toEqual([]);
    },
  );
});

describe('btrfs_submit_data_bio', () => {
  it('writes an ordered extent longer than one gathered piece (1 MiB) piece by piece, each at its own disk address', () => {
    // 3 MiB and a bit in one delalloc run: one ordered extent, four pieces. Read back from disk after the
    // cache is dropped and after a remount.
    const scenario = scenarioOf({
      id: 'long-ordered-extent',
      files: [{ name: 'F', size: 0 }],
      ops: [
        { op: 'write', file: 'F', offset: 0, length: 3 * 1024 * 1024 + 4096 },
        { op: 'fsync', file: 'F' },
        { op: 'drop-caches' },
        { op: 'read', file: 'F', offset: 0, length: 3 * 1024 * 1024 + 4096 },
        { op: 'remount' },
        { op: 'read', file: 'F', offset: 0, length: 3 * 1024 * 1024 + 4096 },
      ],
    });
    expect(runChecked(scenario, 'srcmap').failures).toEqual([]);
  });

  it('gathers a piece that ends inside a 64K page and the next from there, and ends the writeback of that page once', () => {
    // One run [60K, 1092K) on 64 KiB pages: one ordered extent whose first piece, [60K, 1084K), ends inside
    // page 16 and whose second, [1084K, 1092K), starts there. The bio carries pages 0 to 17, each once.
    const sim = simOf({
      geometry: { pageSize: '64K', sectorSize: '4K' },
      files: [{ name: 'F', size: 0 }],
      ops: [
        { op: 'write', file: 'F', offset: '60K', length: 1032 * K },
        { op: 'writeback', file: 'F', wait: false },
        { op: 'complete-io' },
        { op: 'drop-caches' },
        { op: 'read', file: 'F', offset: '60K', length: 1032 * K },
      ],
    });
    for (const outcome of sim.runAll()) {
      expect(outcome.error).toBeNull();
      expect(outcome.oracle.ok).toBe(true);
    }
    expect(dataBios(sim, 1)).toHaveLength(1);
    const ended = sim.events.flatMap((e) =>
      e.kind === 'page.flags' &&
      e.note.startsWith('end_page_writeback on page ')
        ? [
            Number.parseInt(
              e.note.slice('end_page_writeback on page '.length),
              10,
            ),
          ]
        : [],
    );
    expect(ended).toEqual(Array.from({ length: 18 }, (_, i) => i));
  });
});

describe('extent_writepages: the pages a pass takes', () => {
  it('a ranged writeback leaves the dirty page that starts where the range ends', () => {
    // btrfs_punch_hole writes back [0, 4K) first (btrfs_wait_ordered_range); page 1 is dirty in its own
    // run, [4K, 8K): filemap_fdatawrite_range does not reach it, so it stays dirty and delalloc.
    const sim = simOf({
      files: [{ name: 'F', size: 0 }],
      ops: [
        {
          op: 'write',
          file: 'F',
          offset: '4K',
          length: '4K',
          pattern: { byte: 0xaa },
        },
        {
          op: 'fallocate',
          file: 'F',
          mode: 'punch-hole',
          offset: 0,
          length: '4K',
        },
        { op: 'fsync', file: 'F' },
        { op: 'power-cut' },
      ],
    });
    const entry = fileOf(sim, 'F');
    step(sim);
    step(sim);
    expect(dataBios(sim, 1)).toEqual([]);
    expect(entry.mapping.find(1)?.has(PG.dirty)).toBe(true);
    expect(entry.mapping.find(1)?.has(PG.writeback)).toBe(false);
    expect(entry.ioTree.find(0, 8 * K, EXTENT.DELALLOC)).toMatchObject([
      { start: 4 * K, end: 8 * K },
    ]);
    step(sim);
    step(sim);
    expect(sim.fileBytes('F').subarray(4 * K)).toEqual(
      new Uint8Array(4 * K).fill(0xaa),
    );
  });
});

describe('extent_writepages: a page still under writeback', () => {
  const subpage = { pageSize: '64K', sectorSize: '4K' } as const;

  it('background writeback (WB_SYNC_NONE) skips it, dirty; fsync (WB_SYNC_ALL) waits for it and writes it again', () => {
    // Page 0 goes to writeback with [0, 4K); [8K, 12K) is written while that bio is in flight (no ordered
    // extent overlaps it, so the write does not wait).
    const sim = simOf({
      geometry: subpage,
      files: [{ name: 'F', size: 0 }],
      ops: [
        {
          op: 'write',
          file: 'F',
          offset: 0,
          length: '4K',
          pattern: { byte: 0x11 },
        },
        { op: 'writeback', file: 'F', wait: false },
        {
          op: 'write',
          file: 'F',
          offset: '8K',
          length: '4K',
          pattern: { byte: 0x22 },
        },
        { op: 'writeback', file: 'F', wait: false },
        { op: 'fsync', file: 'F' },
        { op: 'power-cut' },
      ],
    });
    const entry = fileOf(sim, 'F');
    const page = () => entry.mapping.find(0);
    for (let op = 0; op < 4; op++) step(sim);
    expect(dataBios(sim, 3)).toEqual([]);
    expect(page()?.has(PG.dirty)).toBe(true);
    expect(page()?.has(PG.writeback)).toBe(true);
    expect(sim.fs.inflight).toHaveLength(1);
    expect(entry.ioTree.find(0, 64 * K, EXTENT.DELALLOC)).toMatchObject([
      { start: 8 * K, end: 12 * K },
    ]);
    step(sim);
    expect(dataBios(sim, 4)).toHaveLength(1);
    expect(page()?.has(PG.dirty)).toBe(false);
    expect(entry.ioTree.find(0, 64 * K, EXTENT.DELALLOC)).toEqual([]);
    step(sim);
    const bytes = sim.fileBytes('F');
    expect(bytes.subarray(0, 4 * K)).toEqual(new Uint8Array(4 * K).fill(0x11));
    expect(bytes.subarray(8 * K, 12 * K)).toEqual(
      new Uint8Array(4 * K).fill(0x22),
    );
  });

  it('a data-integrity writeback allocates a run that reaches into it in one extent', () => {
    // Page 1 is under writeback with [120K, 124K) when [60K, 68K) is written: fsync allocates the run from
    // page 0 whole (find_lock_delalloc_range runs to the run's end), so the file has one extent there.
    const sim = simOf({
      geometry: subpage,
      files: [{ name: 'F', size: 0 }],
      ops: [
        { op: 'write', file: 'F', offset: '120K', length: '4K' },
        { op: 'writeback', file: 'F', wait: false },
        { op: 'write', file: 'F', offset: '60K', length: '8K' },
        { op: 'fsync', file: 'F' },
      ],
    });
    for (const outcome of sim.runAll()) expect(outcome.error).toBeNull();
    expect(itemsOf(fileOf(sim, 'F'), 0, 128 * K)).toEqual([
      [60 * K, 68 * K],
      [120 * K, 124 * K],
    ]);
  });
});

describe('extent_writepages without waiting (WB_SYNC_NONE)', () => {
  it('allocates a run of several pages in one extent', () => {
    const sim = simOf({
      files: [{ name: 'F', size: 0 }],
      ops: [
        { op: 'write', file: 'F', offset: 0, length: '12K' },
        { op: 'writeback', file: 'F', wait: false },
        { op: 'complete-io' },
      ],
    });
    for (const outcome of sim.runAll()) expect(outcome.error).toBeNull();
    expect(dataBios(sim, 1)).toHaveLength(1);
    expect(itemsOf(fileOf(sim, 'F'), 0, 12 * K)).toEqual([[0, 12 * K]]);
  });
});

describe('extent_writepage: the page holding i_size', () => {
  it('is zeroed past i_size before it goes to disk, so the new block holds no stale bytes there', () => {
    // A 10000-byte file over a 12 KiB extent whose last block holds old bytes past EOF on disk. The write
    // of 100 bytes at 8K reads the whole block (iomap reads blocks, not up to i_size), old bytes included;
    // the writeback zeroes [10000, 12K) of the page, so the block copied on write holds zeros there.
    const sim = simOf({
      files: [
        {
          name: 'F',
          size: 10000,
          extents: [{ offset: 0, length: '12K', disk: 'X' }],
        },
      ],
      ops: [
        {
          op: 'write',
          file: 'F',
          offset: '8K',
          length: 100,
          pattern: { byte: 0x33 },
        },
        { op: 'fsync', file: 'F' },
      ],
    });
    const entry = fileOf(sim, 'F');
    const block = (at: number) => {
      const buf = new Uint8Array(4 * K);
      sim.fs.disk.read(at, buf);
      return buf;
    };
    const where = () => {
      const em = entry.extents.lookup(8 * K, 4 * K);
      return em.blockStart + (8 * K - em.start);
    };
    const oldAt = where();
    const old = block(oldAt);
    expect(old.subarray(10000 - 8 * K).some((b) => b !== 0)).toBe(true);
    for (const outcome of sim.runAll()) expect(outcome.error).toBeNull();
    const newAt = where();
    expect(newAt).not.toBe(oldAt);
    const written = block(newAt);
    expect(written.subarray(0, 100)).toEqual(new Uint8Array(100).fill(0x33));
    expect(written.subarray(100, 10000 - 8 * K)).toEqual(
      old.subarray(100, 10000 - 8 * K),
    );
    expect(written.subarray(10000 - 8 * K)).toEqual(
      new Uint8Array(12 * K - 10000),
    );
  });
});

describe('cow_file_range after a nocow write that reserved no data space (fallback_to_cow)', () => {
  it('adds the bytes back to bytes_may_use before it allocates them, and clears NORESERVE', () => {
    // No data space: the write of [4K, 8K) over F's own extent goes nocow, EXTENT_NORESERVE, no data
    // reserved. G's extent is punched and the commit frees its space. Then the block under [4K, 8K) may no
    // longer be overwritten in place: Linux gets there when the block group turns read-only (scrub,
    // relocation) or a snapshot is pending, neither of which the engine models (a clone cannot: it writes
    // the file back first), so checksums are put on the extent by hand, which force CoW just the same.
    const sim = simOf({
      space: { dataFree: 0 },
      files: [
        {
          name: 'F',
          size: '16K',
          flags: ['NODATACOW', 'NODATASUM'],
          extents: [{ offset: 0, length: '16K', disk: 'X' }],
        },
        {
          name: 'G',
          size: '16K',
          extents: [{ offset: 0, length: '16K', disk: 'Y' }],
        },
      ],
      ops: [
        {
          op: 'write',
          file: 'F',
          offset: '4K',
          length: '4K',
          pattern: { byte: 0x44 },
        },
        {
          op: 'fallocate',
          file: 'G',
          mode: 'punch-hole',
          offset: 0,
          length: '16K',
        },
        { op: 'commit' },
        { op: 'writeback', file: 'F', wait: true },
        { op: 'remount' },
      ],
    });
    const entry = fileOf(sim, 'F');
    const data = sim.fs.data;
    const blockAt = (at: number) => {
      const em = entry.extents.lookup(at, 4 * K);
      return em.blockStart + (at - em.start);
    };
    const inPlace = blockAt(4 * K);
    step(sim);
    expect(entry.ioTree.find(0, 16 * K, EXTENT.NORESERVE)).toMatchObject([
      { start: 4 * K, end: 8 * K },
    ]);
    expect(data.mayUse).toBe(0);
    step(sim);
    step(sim);
    // Checksums on every block of F's extent, as a checksummed extent would have.
    for (let at = 0; at < 16 * K; at += 4 * K) {
      const block = new Uint8Array(4 * K);
      sim.fs.disk.read(blockAt(at), block);
      sim.fs.extentTree.setCsum(blockAt(at), crc32c(block));
    }
    const used = data.used;
    step(sim);
    // The 4 KiB went through bytes_may_use and bytes_reserved to bytes_used: nothing is left held.
    expect({ mayUse: data.mayUse, reserved: data.reserved }).toEqual({
      mayUse: 0,
      reserved: 0,
    });
    expect(data.used - used).toBe(4 * K);
    expect(blockAt(4 * K)).not.toBe(inPlace);
    expect(entry.ioTree.find(0, 16 * K, EXTENT.NORESERVE)).toEqual([]);
    expect(
      sim.events.flatMap((e) =>
        e.op === 3 &&
        e.kind === 'btrfs.bits' &&
        e.note.startsWith('fallback_to_cow')
          ? [e.note]
          : [],
      ),
    ).toEqual([
      'fallback_to_cow: bytes_may_use re-added: clear NORESERVE on [4K, 8K)',
    ]);
    step(sim);
    expect(sim.fileBytes('F').subarray(4 * K, 8 * K)).toEqual(
      new Uint8Array(4 * K).fill(0x44),
    );
  });
});

describe('writeback of delalloc bytes whose page is gone', () => {
  it.each([false, true])(
    'is a broken invariant naming the page, not a silent skip (wait %s)',
    (wait) => {
      // The run [0, 8K) holds delalloc bytes in page 1, which is taken out of the cache by hand: no operation
      // does that (truncate and invalidate wait for writeback first, drop_caches takes clean pages only).
      const sim = simOf({
        files: [{ name: 'F', size: 0 }],
        ops: [
          { op: 'write', file: 'F', offset: 0, length: '8K' },
          { op: 'writeback', file: 'F', wait },
        ],
      });
      step(sim);
      const entry = fileOf(sim, 'F');
      const page = entry.mapping.find(1);
      if (page === undefined) throw new Error('page 1 is not cached');
      entry.mapping.remove(page, 'taken out by the test');
      let error: unknown = null;
      try {
        sim.step();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InvariantError);
      expect(error).toHaveProperty(
        'message',
        'page 1 of F holds delalloc bytes or is under writeback, but it is not in the page cache',
      );
    },
  );
});
