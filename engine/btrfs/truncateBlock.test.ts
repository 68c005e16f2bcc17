// btrfs_truncate_block through a growing truncate from an unaligned size (btrfs_cont_expand), and called
// directly for a block past EOF: the tail of the old EOF block is zeroed in the page cache (read first when
// the block is not cached), marked delalloc and dirty, and the page and the range are unlocked again. It
// waits for an ordered extent over the block with the page unlocked and retries; with no data space it falls
// back to nocow where the inode allows (EXTENT_NORESERVE on the block, only metadata reserved); a failed
// reservation or a failed read gives everything back (Linux 6.18 btrfs_truncate_block in fs/btrfs/inode.c).

import { describe, expect, it } from 'vitest';
import type { ScenarioSpec } from '../scenario/types.ts';
import { createSimulation, type Simulation } from '../sim/simulation.ts';
import type { StepEvent } from '../trace/events.ts';
import { PG } from '../trace/records.ts';
import { run, scenarioOf } from '../testing/runScenario.ts';
import { EXTENT } from './ioTreeBits.ts';
import { truncateBlock } from './truncateBlock.ts';

const K = 1024;

/** A 10000-byte file over one 12 KiB extent, `cached` or not, grown to 16 KiB. */
function truncatedTo10000(cached: boolean) {
  const { sim } = run(
    scenarioOf({
      id: 'truncate-block',
      files: [
        {
          name: 'F',
          size: 10000,
          extents: [{ offset: 0, length: '12K', disk: 'X' }],
          ...(cached ? { cached: [{ offset: 0, length: '12K' }] } : {}),
        },
      ],
      ops: [{ op: 'truncate', file: 'F', size: '16K' }],
    }),
    'srcmap',
  );
  const entry = sim.fs.byName('F');
  if (entry === undefined) throw new Error('no file F');
  const op = sim.events.filter((e) => e.op === 0);
  return { sim, entry, op };
}

/** A simulation of `spec` (file F) under srcmap, not yet run. */
function simOf(spec: Omit<ScenarioSpec, 'id' | 'title' | 'description'>) {
  const sim = createSimulation({
    scenario: scenarioOf({ id: 'truncate-block', ...spec }),
    variant: 'srcmap',
  });
  const entry = sim.fs.byName('F');
  if (entry === undefined) throw new Error('no file F');
  return { sim, entry };
}

/**
 * What the file's writes hold: data bytes_may_use and the inode's block reserve (the metadata bytes_may_use
 * also moves with the truncate's own item drops, which grow the delayed refs reserve).
 */
function held(sim: Simulation) {
  const inode = sim.fs.byName('F')?.inode.toRec();
  return {
    data: sim.fs.data.mayUse,
    outstandingExtents: inode?.outstandingExtents,
    delallocBytes: inode?.delallocBytes,
    rsvSize: inode?.rsvSize,
    rsvReserved: inode?.rsvReserved,
  };
}

/** The space of each release of op `op` whose note gives the reason `why`. */
function releases(events: readonly StepEvent[], op: number, why: string) {
  return events.flatMap((e) =>
    e.kind === 'btrfs.release' && e.op === op && e.note.includes(why)
      ? [e.space]
      : [],
  );
}

/** The notes of op `op`'s LOCKED changes in the io tree. */
function lockNotes(events: readonly StepEvent[], op: number): string[] {
  return events
    .filter((e) => e.op === op && e.kind === 'btrfs.bits')
    .map((e) => e.note)
    .filter((n) => n.includes('LOCKED'));
}

describe('btrfs_truncate_block', () => {
  it.each([false, true])(
    'zeroes [10000, 12K) of page 2 through the page cache (cached %s)',
    (cached) => {
      const { sim, entry, op } = truncatedTo10000(cached);
      const enter = op.find(
        (e) => e.kind === 'call.enter' && e.fn === 'btrfs_truncate_block',
      );
      expect(enter?.note).toBe(
        'zero [10000B, 12K) of the block at 8K through the page cache',
      );
      expect(
        op.filter(
          (e) => e.kind === 'page.zero' && e.kfn === 'btrfs_truncate_block',
        ),
      ).toMatchObject([
        {
          ino: entry.inode.ino,
          index: 2,
          ranges: [[10000 - 8192, 4096]],
          note: 'zero the bytes in the page; the block is now dirty and will be written back',
        },
      ]);
      const page = entry.mapping.find(2);
      expect(page?.has(PG.locked)).toBe(false);
      expect(page?.has(PG.dirty)).toBe(true);
      expect(page?.data.subarray(10000 - 8192).every((b) => b === 0)).toBe(
        true,
      );
      // Read from disk only when the block was not cached.
      expect(
        op.filter((e) => e.kind === 'call.enter' && e.fn === 'btrfs_readpage')
          .length,
      ).toBe(cached ? 0 : 1);
      expect(
        op.filter((e) => e.kind === 'io.submit' && e.dir === 'read').length,
      ).toBe(cached ? 0 : 1);
      expect(
        op
          .filter((e) => e.kind === 'btrfs.bits')
          .map((e) => e.note)
          .filter((n) => n.includes('LOCKED')),
      ).toEqual([
        'lock_extent_bits: the write overlaps existing file data: set LOCKED on [8K, 12K)',
        'unlock_extent: clear LOCKED on [8K, 12K)',
      ]);
      expect(
        op.filter(
          (e) =>
            e.kind === 'page.flags' && e.note.startsWith('unlock the page ('),
        ),
      ).toHaveLength(1);
      expect(sim.outcomes[0]?.counters.bytesZeroed).toBe(12 * K - 10000);
    },
  );

  it('waits for an ordered extent over the block with the page unlocked, then locks again and zeroes', () => {
    // Growing a file whose EOF block is under writeback (btrfs_cont_expand zeroes the old EOF block's tail
    // first): the ordered extent of [8K, 12K) is still in flight.
    const { sim, entry } = simOf({
      files: [
        {
          name: 'F',
          size: 10000,
          extents: [{ offset: 0, length: '12K', disk: 'X' }],
        },
      ],
      ops: [
        { op: 'write', file: 'F', offset: '8K', length: 100 },
        { op: 'writeback', file: 'F', wait: false },
        { op: 'truncate', file: 'F', size: 20000 },
      ],
    });
    for (const outcome of sim.runAll()) expect(outcome.error).toBeNull();
    const op = sim.events.filter((e) => e.op === 2);
    expect(op.filter((e) => e.kind === 'btrfs.eagain')).toHaveLength(1);
    // The page is unlocked before the wait, and locked again for the retry.
    const pageFlags = op
      .filter(
        (e) => e.kind === 'page.flags' && e.kfn !== 'btrfs_finish_ordered_io',
      )
      .map((e) => e.note.slice(0, e.note.indexOf(' (')));
    expect(pageFlags.slice(0, 2)).toEqual([
      'lock page 2 for the write',
      'unlock the page to wait',
    ]);
    expect(pageFlags.slice(-2)).toEqual([
      'lock page 2 for the write',
      'unlock the page',
    ]);
    expect(lockNotes(sim.events, 2)).toEqual([
      'lock_extent_bits: the write overlaps existing file data: set LOCKED on [8K, 12K)',
      'unlock_extent: clear LOCKED on [8K, 12K)',
      'lock_extent_bits for the metadata update: set LOCKED on [8K, 12K)',
      'unlock_extent: clear LOCKED on [8K, 12K)',
      'lock_extent_bits: the write overlaps existing file data: set LOCKED on [8K, 12K)',
      'unlock_extent: clear LOCKED on [8K, 12K)',
    ]);
    expect(
      entry.mapping
        .find(2)
        ?.data.subarray(10000 - 8 * K)
        .every((b) => b === 0),
    ).toBe(true);
    expect(sim.outcomes[2]?.counters.bytesZeroed).toBe(12 * K - 10000);
  });

  it('fails with ENOSPC when it cannot reserve the block, holding nothing and zeroing nothing', () => {
    // A grow: btrfs_cont_expand returns btrfs_truncate_block's error, and i_size stays.
    const { sim, entry } = simOf({
      space: { dataFree: 0 },
      files: [
        {
          name: 'F',
          size: 10000,
          extents: [{ offset: 0, length: '12K', disk: 'X' }],
          cached: [{ offset: 0, length: '12K' }],
        },
      ],
      ops: [{ op: 'truncate', file: 'F', size: 20000 }],
    });
    const before = held(sim);
    const outcome = sim.step();
    expect(outcome?.error?.errno).toBe('ENOSPC');
    expect(entry.inode.isize).toBe(10000);
    expect(held(sim)).toEqual(before);
    expect(sim.events.some((e) => e.kind === 'page.zero')).toBe(false);
    expect(entry.mapping.find(2)?.has(PG.dirty)).toBe(false);
  });

  it('on the nocow fallback marks the block NORESERVE with its delalloc and reserves no data', () => {
    // A grow of a NODATACOW file over its own extent with no data space: btrfs_check_nocow_lock lets the
    // block be rewritten in place, so only metadata is reserved and the block is EXTENT_NORESERVE.
    const { sim, entry } = simOf({
      space: { dataFree: 0 },
      files: [
        {
          name: 'F',
          size: 10000,
          flags: ['NODATACOW', 'NODATASUM'],
          extents: [{ offset: 0, length: '12K', disk: 'X' }],
          cached: [{ offset: 0, length: '12K' }],
        },
      ],
      ops: [{ op: 'truncate', file: 'F', size: '16K' }],
    });
    const data = sim.fs.data.mayUse;
    expect(sim.step()?.error).toBeNull();
    expect(sim.events.some((e) => e.kind === 'btrfs.nocow')).toBe(true);
    const { DELALLOC, NORESERVE } = EXTENT;
    expect(
      entry.ioTree
        .find(0, 16 * K, DELALLOC)
        .map((r) => [r.start, r.end, (r.bits & NORESERVE) !== 0]),
    ).toEqual([[8 * K, 12 * K, true]]);
    expect(sim.fs.data.mayUse).toBe(data);
  });
});

describe('btrfs_truncate_block on a block that cannot be read', () => {
  it('fails with EIO, unlocks the range and the page and gives the reservation back', () => {
    const { sim, entry } = simOf({
      files: [
        {
          name: 'F',
          size: 10000,
          extents: [{ offset: 0, length: '12K', disk: 'X' }],
        },
      ],
      ops: [{ op: 'truncate', file: 'F', size: '16K' }],
    });
    // Lost from memory behind the transaction's back: nothing commits it.
    const em = entry.extents.lookup(8 * K, 4 * K);
    (sim.fs.extentTree.csums as Map<number, number>).delete(
      em.blockStart + 8 * K - em.start,
    );
    const before = held(sim);
    expect(sim.step()?.error?.errno).toBe('EIO');
    expect(held(sim)).toEqual(before);
    expect(releases(sim.events, 0, 'the block could not be read')).toEqual([
      'data',
      'metadata',
    ]);
    expect(lockNotes(sim.events, 0)).toEqual([
      'lock_extent_bits: the write overlaps existing file data: set LOCKED on [8K, 12K)',
      'unlock_extent: clear LOCKED on [8K, 12K)',
    ]);
    expect(
      sim.events.filter(
        (e) =>
          e.kind === 'page.flags' &&
          e.note.startsWith('unlock the page after the failed read ('),
      ),
    ).toHaveLength(1);
    expect(entry.mapping.all().filter((p) => p.has(PG.locked))).toEqual([]);
    expect(sim.events.some((e) => e.kind === 'page.zero')).toBe(false);
    expect(entry.inode.isize).toBe(10000);
  });

  it('gives back only the metadata of a nocow reservation (64 KiB pages: the read reaches a regular extent)', () => {
    // A grow with no data space: the old EOF block in prealloc falls back to nocow. Its 64 KiB page also
    // holds the regular extent's sectors, which must be read and lack their checksum.
    const { sim, entry } = simOf({
      geometry: { pageSize: 64 * K, sectorSize: 4 * K },
      space: { dataFree: 0 },
      files: [
        {
          name: 'F',
          size: 40 * K + 100,
          flags: ['PREALLOC'],
          extents: [
            { offset: 0, length: '32K', disk: 'X' },
            { offset: '32K', length: '12K', disk: 'P', type: 'prealloc' },
          ],
        },
      ],
      ops: [{ op: 'truncate', file: 'F', size: '64K' }],
    });
    (sim.fs.extentTree.csums as Map<number, number>).delete(
      entry.extents.lookup(0, 4 * K).blockStart,
    );
    const before = held(sim);
    expect(sim.step()?.error?.errno).toBe('EIO');
    expect(sim.events.some((e) => e.kind === 'btrfs.nocow')).toBe(true);
    expect(held(sim)).toEqual(before);
    expect(releases(sim.events, 0, 'the block could not be read')).toEqual([
      'metadata',
    ]);
  });

  it('past EOF, where it locks no range, only unlocks the page (64 KiB pages: the read reaches the file data)', () => {
    // No operation zeroes a block wholly past EOF (a zero range preallocates a hole there, as Linux 6.18
    // does), so the call is made directly: no extent lock past i_size (lock_and_cleanup_extent_if_need),
    // but the block's 64 KiB page also holds the file's first two blocks, which lack their checksums.
    const { sim, entry } = simOf({
      geometry: { pageSize: 64 * K, sectorSize: 4 * K },
      files: [
        {
          name: 'F',
          size: '8K',
          extents: [{ offset: 0, length: '8K', disk: 'X' }],
        },
      ],
      ops: [],
    });
    const csums = sim.fs.extentTree.csums as Map<number, number>;
    const x = entry.extents.lookup(0, 4 * K).blockStart;
    csums.delete(x);
    csums.delete(x + 4 * K);
    const before = held(sim);
    const from = sim.events.length;
    const r = truncateBlock(sim.fs, entry, 20 * K + 100, 20 * K + 200);
    expect(r.ok ? null : r.error.errno).toBe('EIO');
    expect(held(sim)).toEqual(before);
    expect(
      sim.events
        .slice(from)
        .filter((e) => e.kind === 'btrfs.bits' && e.note.includes('LOCKED')),
    ).toEqual([]);
    expect(entry.mapping.all().filter((p) => p.has(PG.locked))).toEqual([]);
    expect(entry.inode.isize).toBe(8 * K);
  });
});
