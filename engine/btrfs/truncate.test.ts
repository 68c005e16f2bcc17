// btrfs_cont_expand: growing a file over a regular extent that lies past EOF (one a power cut left past
// the recorded size) must not bring its old bytes back, in memory or after a remount.

import { describe, expect, it } from 'vitest';
import type { OpSpec } from '../scenario/types.ts';
import { run, runChecked, scenarioOf } from '../testing/runScenario.ts';
import { createSimulation } from '../sim/simulation.ts';
import { PG } from '../trace/records.ts';
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

/** Every event of operation `op` of a run of `ops` on an empty F under srcmap (ops checked by the oracles). */
function truncateRun(ops: OpSpec[], files = [{ name: 'F', size: 0 }] as const) {
  const scenario = scenarioOf({ id: 'setsize', files: [...files], ops });
  expect(runChecked(scenario, 'srcmap').failures).toEqual([]);
  const { sim } = run(scenario, 'srcmap');
  const entry = sim.fs.byName('F');
  if (entry === undefined) throw new Error('no file F');
  const of = (op: number) => sim.events.filter((e) => e.op === op);
  const notes = (op: number, kind: 'btrfs.inode' | 'call.enter', fn?: string) =>
    of(op).flatMap((e) =>
      e.kind === kind &&
      (fn === undefined || (e.kind === 'call.enter' && e.fn === fn))
        ? [e.note]
        : [],
    );
  return { sim, entry, of, notes };
}

describe('btrfs_setsize, step by step', () => {
  it('a truncate to the same size drops a keep-size fallocate past EOF and writes nothing (as Linux 6.18)', () => {
    // Linux 6.18, measured on a loop image: a synced 4 KiB file with 1 MiB fallocated past EOF (keep size)
    // uses 1028 KiB; `truncate -s 4096` leaves 4 KiB and one extent.
    // Here the size is unaligned and its EOF block dirty: btrfs_truncate skips the writeback.
    const { entry, of, notes } = truncateRun([
      { op: 'write', file: 'F', offset: 0, length: 4196 },
      { op: 'fsync', file: 'F' },
      {
        op: 'fallocate',
        file: 'F',
        offset: '8K',
        length: '1M',
        keepSize: true,
      },
      { op: 'write', file: 'F', offset: '4K', length: 100 },
      { op: 'truncate', file: 'F', size: 4196 },
    ]);
    expect(notes(4, 'call.enter', 'btrfs_setsize')).toEqual([
      'change i_size from 4196B to 4196B',
    ]);
    expect(
      of(4).flatMap((e) => (e.kind === 'btrfs.inode' ? [[e.ino, e.note]] : [])),
    ).toEqual([
      [entry.inode.ino, 'truncate_setsize: i_size = 4196B'],
      [entry.inode.ino, 'disk_i_size = 4196B; 1M of extents dropped'],
    ]);
    expect(of(4).filter((e) => e.kind === 'io.submit')).toEqual([]);
    expect(
      entry.extents.overlapping(0, 1 << 30).map((x) => [x.offset, x.numBytes]),
    ).toEqual([[0, 8192]]);
    expect(entry.inode.nbytes).toBe(8192);
    expect(entry.mapping.find(1)?.has(PG.dirty)).toBe(true);
  });

  it('a shrink waits for the pages past the new EOF under writeback first, and for nothing below it', () => {
    // Four pages, each written back on its own (four bios); the truncate to 8K waits for pages 2 and 3
    // before truncate_setsize, then writes back and waits from the new EOF on.
    const ops: OpSpec[] = [];
    for (let i = 0; i < 4; i++)
      ops.push(
        { op: 'write', file: 'F', offset: `${String(i * 4)}K`, length: '4K' },
        { op: 'writeback', file: 'F', wait: false },
      );
    ops.push({ op: 'truncate', file: 'F', size: '8K' });
    const { of } = truncateRun(ops);
    const events = of(8);
    const setsize = events.findIndex(
      (e) => e.kind === 'btrfs.inode' && e.note.startsWith('truncate_setsize'),
    );
    expect(
      events
        .slice(0, setsize)
        .flatMap((e) =>
          e.kind === 'call.enter' && e.fn === 'wait_on_page_writeback'
            ? [e.note]
            : [],
        ),
    ).toEqual([
      'page 2 is under writeback: its checksum was computed, it must not change',
      'page 3 is under writeback: its checksum was computed, it must not change',
    ]);
  });

  it('a shrink to an unaligned size finishes the EOF block ordered extent before the items go', () => {
    const { notes, of } = truncateRun([
      { op: 'write', file: 'F', offset: 0, length: '64K' },
      { op: 'truncate', file: 'F', size: 4196 },
    ]);
    expect(notes(1, 'call.enter', 'btrfs_setsize')).toEqual([
      'change i_size from 64K to 4196B',
    ]);
    expect(
      of(1).flatMap((e) =>
        e.kind === 'call.enter' &&
        (e.fn === 'btrfs_finish_ordered_io' ||
          e.fn === 'btrfs_truncate_inode_items')
          ? [`${e.fn}: ${e.note}`]
          : [],
      ),
    ).toEqual([
      "btrfs_finish_ordered_io: make ordered extent 1 part of the file's metadata",
      'btrfs_truncate_inode_items: drop the file extent items past 8K',
    ]);
    expect(notes(1, 'btrfs.inode').slice(-1)).toEqual([
      'disk_i_size = 4196B; 0B of extents dropped',
    ]);
  });

  it('a grow from an unaligned size zeroes the old EOF block, one from an aligned size does not', () => {
    const { entry, of } = truncateRun([
      { op: 'write', file: 'F', offset: 0, length: 1000 },
      { op: 'truncate', file: 'F', size: '8K' },
      { op: 'truncate', file: 'F', size: '16K' },
    ]);
    const steps = (op: number) =>
      of(op).flatMap((e) =>
        (e.kind === 'call.enter' &&
          (e.fn === 'btrfs_setsize' || e.fn === 'btrfs_truncate_block')) ||
        e.kind === 'btrfs.inode'
          ? [e.note]
          : [],
      );
    expect(steps(1)[0]).toBe('change i_size from 1000B to 8K');
    expect(steps(1)[1]).toBe(
      'zero [1000B, 4K) of the block at 0B through the page cache',
    );
    expect(steps(1).slice(-1)).toEqual([
      'i_size = disk_i_size = 8K; the new range is a hole',
    ]);
    expect(steps(2)).toEqual([
      'change i_size from 8K to 16K',
      'i_size = disk_i_size = 16K; the new range is a hole',
    ]);
    expect(
      of(2).flatMap((e) => (e.kind === 'btrfs.inode' ? [e.ino] : [])),
    ).toEqual([entry.inode.ino]);
  });

  it('a grow drops only the regular extent inside the new hole, and keeps a prealloc extent there', () => {
    // An extent [8K, 24K) past an 8K EOF (a power cut kept the older size) and, in G, a keep-size
    // fallocate past EOF: growing to 16K drops [8K, 16K) of the first, keeps [16K, 24K) past the new EOF,
    // and keeps the prealloc extent (it reads as zeros).
    const scenario = scenarioOf({
      id: 'grow-hole',
      files: [
        {
          name: 'F',
          size: '8K',
          extents: [{ offset: 0, length: '24K', disk: 'X' }],
        },
        {
          name: 'G',
          size: '8K',
          extents: [{ offset: 0, length: '8K', disk: 'Y' }],
        },
      ],
      ops: [
        { op: 'truncate', file: 'F', size: '16K' },
        {
          op: 'fallocate',
          file: 'G',
          offset: '8K',
          length: '8K',
          keepSize: true,
        },
        { op: 'truncate', file: 'G', size: '16K' },
      ],
    });
    expect(runChecked(scenario, 'srcmap').failures).toEqual([]);
    const { sim } = run(scenario, 'srcmap');
    const items = (name: string) =>
      sim.fs
        .byName(name)
        ?.extents.overlapping(0, 1 << 30)
        .map((x) => [x.offset, x.numBytes, x.type]);
    expect(items('F')).toEqual([
      [0, 8192, 'regular'],
      [16384, 8192, 'regular'],
    ]);
    expect(items('G')).toEqual([
      [0, 8192, 'regular'],
      [8192, 8192, 'prealloc'],
    ]);
  });
});
