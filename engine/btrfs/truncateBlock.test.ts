// btrfs_truncate_block through a growing truncate from an unaligned size (btrfs_cont_expand): the tail of
// the old EOF block is zeroed in the page cache (read first when the block is not cached), marked delalloc
// and dirty, and the page and the range are unlocked again.

import { describe, expect, it } from 'vitest';
import { PG } from '../trace/records.ts';
import { run, scenarioOf } from '../testing/runScenario.ts';

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

describe('btrfs_truncate_block', () => {
  it.each([false, true])(
    'zeroes [10000, 12K) of page 2 through the page cache (cached %s)',
    (cached) => {
      const { entry, op } = truncatedTo10000(cached);
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
    },
  );
});
