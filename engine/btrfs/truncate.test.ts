// btrfs_cont_expand: growing a file over a regular extent that lies past EOF (one a power cut left past
// the recorded size) must not bring its old bytes back, in memory or after a remount.

import { describe, expect, it } from 'vitest';
import type { OpSpec } from '../scenario/types.ts';
import { run, runChecked, scenarioOf } from '../testing/runScenario.ts';
import { createSimulation } from '../sim/simulation.ts';
import { EXTENT } from './ioTreeBits.ts';

const GROW: readonly (readonly [string, OpSpec])[] = [
  ['truncate up', { op: 'truncate', file: 'F', size: '16K' }],
  [
    'a write past EOF',
    { op: 'write', file: 'F', offset: 12 * 1024 + 100, length: 100 },
  ],
  [
    'fallocate past EOF',
    { op: 'fallocate', file: 'F', offset: '12K', length: '4K' },
  ],
  [
    'a clone past EOF',
    { op: 'clone-range', file: 'F', srcOffset: 0, length: '4K', offset: '12K' },
  ],
];

describe('btrfs_cont_expand over an extent mapped past EOF', () => {
  it.each(GROW)(
    '%s: the gap reads zeros, before and after a remount',
    (_, grow) => {
      const scenario = scenarioOf({
        id: 'grow-over-stale-extent',
        files: [
          {
            name: 'F',
            size: '8K',
            extents: [{ offset: 0, length: '16K', disk: 'X' }],
          },
        ],
        ops: [
          grow,
          { op: 'read', file: 'F', offset: 0, length: '16K' },
          { op: 'sync' },
          { op: 'remount' },
          { op: 'read', file: 'F', offset: 0, length: '16K' },
        ],
      });
      expect(runChecked(scenario, 'srcmap').failures).toEqual([]);
    },
  );
});

describe('btrfs_setsize shrinking a file with dirty data past the new EOF', () => {
  /** Writes 64 KiB into an empty F, then truncates it to 4 KiB + 100 bytes. */
  function shrunk(variant: 'legacy' | 'srcmap') {
    const scenario = scenarioOf({
      id: 'shrink-dirty',
      files: [{ name: 'F', size: 0 }],
      ops: [
        { op: 'write', file: 'F', offset: 0, length: '64K' },
        { op: 'truncate', file: 'F', size: 4196 },
      ],
    });
    const { failures } = runChecked(scenario, variant);
    const { sim } = run(scenario, variant);
    return { sim, failures };
  }

  it.each(['legacy', 'srcmap'] as const)(
    '%s: drops the dirty blocks past the EOF block unwritten, with their reservations (as Linux 6.18)',
    (variant) => {
      const { sim, failures } = shrunk(variant);
      expect(failures).toEqual([]);
      const truncateOp = sim.events.findIndex(
        (e) => e.kind === 'op.start' && e.opSpec.op === 'truncate',
      );
      const after = sim.events.slice(truncateOp);
      const end = after.findIndex((e) => e.kind === 'op.end');
      const during = after.slice(0, end);
      // Of the 64 KiB only the block holding the new EOF is written: btrfs_truncate waits for the range
      // from there on, and a delalloc run is locked from the page being written, so [0, 4K) stays dirty.
      // Linux 6.18 does the same: one ordered extent [4K, +4K) during the truncate, [0, +4K) at the sync.
      expect(
        during.flatMap((e) =>
          e.kind === 'io.submit' && e.dir === 'write' ? [e.length] : [],
        ),
      ).toEqual([4096]);
      expect(sim.fs.byName('F')?.ioTree.find(0, 8192, EXTENT.DELALLOC)).toEqual(
        [{ start: 0, end: 4096, bits: expect.any(Number) as number }],
      );
      expect(
        during
          .filter((e) => e.kind === 'btrfs.release' && e.space === 'data')
          .map((e) => e.note),
      ).toEqual([
        'data bytes_may_use -= 56K: the old delalloc reservation of 56K is dropped',
      ]);
      expect(
        during.filter(
          (e) =>
            e.kind === 'btrfs.bits' &&
            e.note.startsWith(
              'btrfs_invalidatepage: the dirty data will never be written: clear DELALLOC|DELALLOC_NEW on [8K, ',
            ),
        ),
      ).toHaveLength(1);
    },
  );

  it('leaves the io tree alone when nothing past the new EOF is delalloc', () => {
    const scenario = scenarioOf({
      id: 'shrink-clean',
      files: [
        {
          name: 'F',
          size: '64K',
          extents: [{ offset: 0, length: '64K', disk: 'X' }],
        },
      ],
      ops: [{ op: 'truncate', file: 'F', size: '8K' }],
    });
    expect(runChecked(scenario, 'srcmap').failures).toEqual([]);
    expect(
      run(scenario, 'srcmap').sim.events.filter((e) => e.kind === 'btrfs.bits'),
    ).toEqual([]);
  });

  it('leaves the synced EOF block in place, its old bytes past the new EOF on disk (as Linux 6.18)', () => {
    // Linux 6.18, measured on a loop-mounted btrfs: 64 KiB of 0xaa written and fsynced, truncated to 4196
    // and fsynced again; the file's one extent is trimmed to 2 blocks at the same disk address, and its
    // second block still holds 0xaa past byte 100 (btrfs_truncate calls btrfs_truncate_block only for
    // encoded inline extents). A read zeroes past i_size, before and after a remount.
    const scenario = scenarioOf({
      id: 'shrink-synced',
      files: [{ name: 'F', size: 0 }],
      ops: [
        { op: 'write', file: 'F', offset: 0, length: '64K' },
        { op: 'fsync', file: 'F' },
        { op: 'truncate', file: 'F', size: 4196 },
        { op: 'fsync', file: 'F' },
        { op: 'remount' },
        { op: 'read', file: 'F', offset: 0, length: 4196 },
      ],
    });
    expect(runChecked(scenario, 'srcmap').failures).toEqual([]);
    const sim = createSimulation({ scenario, variant: 'srcmap' });
    sim.step();
    sim.step();
    const written = sim.fs.byName('F')?.extents.overlapping(0, 4096)[0];
    const tail = new Uint8Array(4096 - 100);
    sim.fs.disk.read((written?.diskBytenr ?? 0) + 4196, tail);
    sim.runAll();
    const [item, ...more] =
      sim.fs.byName('F')?.extents.overlapping(0, 1 << 20) ?? [];
    expect(more).toEqual([]);
    expect([item?.diskBytenr, item?.numBytes]).toEqual([
      written?.diskBytenr,
      8192,
    ]);
    const after = new Uint8Array(tail.length);
    sim.fs.disk.read((item?.diskBytenr ?? 0) + 4196, after);
    expect(after).toEqual(tail);
    expect(tail.some((b) => b !== 0)).toBe(true);
  });

  it('zeroes that tail through the page cache when the file grows again (btrfs_cont_expand)', () => {
    const scenario = scenarioOf({
      id: 'shrink-synced-grow',
      files: [{ name: 'F', size: 0 }],
      ops: [
        { op: 'write', file: 'F', offset: 0, length: '64K' },
        { op: 'fsync', file: 'F' },
        { op: 'truncate', file: 'F', size: 4196 },
        { op: 'remount' },
        { op: 'truncate', file: 'F', size: '8K' },
        { op: 'sync' },
        { op: 'remount' },
        { op: 'read', file: 'F', offset: 0, length: '8K' },
      ],
    });
    expect(runChecked(scenario, 'srcmap').failures).toEqual([]);
    const { sim } = run(scenario, 'srcmap');
    // The data allocated for writeback, operation by operation.
    expect(
      sim.events.flatMap((e) =>
        e.kind === 'call.enter' && e.fn === 'btrfs_run_delalloc_range'
          ? [[e.op, e.note]]
          : [],
      ),
    ).toEqual([
      [1, 'allocate [0B, 64K)'],
      [5, 'allocate [4K, 8K)'],
    ]);
  });
});
