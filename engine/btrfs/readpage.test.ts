// Buffered reads (filemap_read, btrfs_do_readpage in Linux 6.18): a page's blocks are read from disk only
// where a regular extent lies below i_size, one I/O per run of blocks in one extent; holes, prealloc and
// what lies past EOF read as zeros; a failed data checksum is EIO (on a loop-mounted btrfs, a byte
// changed in the second block of a 16 KiB file: reading it gave EIO and "csum failed ... off 4096" in the
// log, the other blocks read fine); and a range the page cache already holds is not read again.

import { describe, expect, it } from 'vitest';
import type { ScenarioSpec } from '../scenario/types.ts';
import { createSimulation, type Simulation } from '../sim/simulation.ts';
import { scenarioOf } from '../testing/runScenario.ts';
import type { StepEvent } from '../trace/events.ts';
import { bufferedRead } from './readpage.ts';

const K = 1024;

/** The simulation of a scenario (srcmap), not run yet, and its file F. */
function prepared(spec: Omit<ScenarioSpec, 'id' | 'title' | 'description'>) {
  const sim = createSimulation({
    scenario: scenarioOf({ id: 'readpage', ...spec }),
    variant: 'srcmap',
  });
  const entry = sim.fs.byName('F');
  if (entry === undefined) throw new Error('no file F');
  return { sim, entry };
}

/** The page.read events btrfs_readpage emitted, as [from, length, bytenr, note]. */
function pageReads(events: readonly StepEvent[]) {
  return events.flatMap((e) =>
    e.kind === 'page.read' && e.kfn === 'btrfs_readpage'
      ? [[e.from, e.length, e.bytenr, e.note]]
      : [],
  );
}

function readCalls(events: readonly StepEvent[]): number {
  return events.filter(
    (e) => e.kind === 'call.enter' && e.fn === 'btrfs_readpage',
  ).length;
}

/** The bytes on disk at `at`. */
function onDisk(sim: Simulation, at: number, length: number): Uint8Array {
  const buf = new Uint8Array(length);
  sim.fs.disk.read(at, buf);
  return buf;
}

const ZEROS_NOTE = (what: string) =>
  `${what}: the blocks read as zeros, no I/O`;
const READ_NOTE = 'the bytes arrive in the page (checksums verified)';

describe('btrfs_readpage: which blocks of a page come from disk', () => {
  it('reads only the regular extent, in one I/O from its first block; a hole, prealloc and past EOF are zeros', () => {
    // One 64 KiB page over a 24 KiB file: hole, 8 KiB regular, hole, 8 KiB prealloc, then past EOF.
    const { sim, entry } = prepared({
      geometry: { pageSize: '64K', sectorSize: '4K' },
      files: [
        {
          name: 'F',
          size: '24K',
          extents: [
            { offset: '4K', length: '8K', disk: 'X' },
            { offset: '16K', length: '8K', disk: 'P', type: 'prealloc' },
          ],
        },
      ],
      ops: [{ op: 'read', file: 'F', offset: 0, length: '24K' }],
    });
    const x = entry.extents.lookup(4 * K, 8 * K).blockStart;
    const [outcome] = sim.runAll();
    expect(outcome?.error).toBeNull();
    expect(outcome?.counters.bytesRead).toBe(8 * K);
    expect(outcome?.counters.syncReads).toBe(1);
    const op = sim.events.filter((e) => e.op === 0);
    expect(op.filter((e) => e.kind === 'io.submit')).toMatchObject([
      {
        dir: 'read',
        bytenr: x,
        length: 8 * K,
        note: `read 8K at disk ${String(x)}`,
      },
    ]);
    expect(pageReads(op)).toEqual([
      [0, 4 * K, -1, ZEROS_NOTE('a hole')],
      [4 * K, 8 * K, x, READ_NOTE],
      [12 * K, 4 * K, -1, ZEROS_NOTE('a hole')],
      [16 * K, 8 * K, -1, ZEROS_NOTE('a prealloc extent')],
      [24 * K, 40 * K, -1, ZEROS_NOTE('past EOF')],
    ]);
    const page = entry.mapping.find(0);
    expect(page?.data.subarray(4 * K, 12 * K)).toEqual(onDisk(sim, x, 8 * K));
    for (const [from, to] of [
      [0, 4 * K],
      [12 * K, 64 * K],
    ])
      expect(page?.data.subarray(from, to).every((b) => b === 0)).toBe(true);
  });

  it('zeroes the part of the EOF block past i_size (the disk holds other bytes there)', () => {
    // 4 KiB pages: F ends 1904 bytes into its second page, G at the end of its second page.
    const file = (name: string, size: number) => ({
      name,
      size,
      extents: [{ offset: 0, length: '8K', disk: name }],
    });
    const sim = createSimulation({
      scenario: scenarioOf({
        id: 'readpage',
        files: [file('F', 6000), file('G', 8 * K)],
        ops: [
          { op: 'read', file: 'F', offset: 0, length: '8K' },
          { op: 'read', file: 'G', offset: 0, length: '8K' },
        ],
      }),
      variant: 'srcmap',
    });
    const f = sim.fs.byName('F');
    const tail = onDisk(
      sim,
      (f?.extents.lookup(0, 8 * K).blockStart ?? 0) + 6000,
      8 * K - 6000,
    );
    expect(tail.some((b) => b !== 0)).toBe(true);
    for (const outcome of sim.runAll()) expect(outcome.error).toBeNull();
    expect(
      pageReads(sim.events.filter((e) => e.op === 0)).map((r) => r[3]),
    ).toEqual([READ_NOTE, `${READ_NOTE}; the part past i_size is zeroed`]);
    expect(
      pageReads(sim.events.filter((e) => e.op === 1)).map((r) => r[3]),
    ).toEqual([READ_NOTE, READ_NOTE]);
    const eofPage = f?.mapping.find(1);
    expect(eofPage?.data.subarray(0, 6000 - 4 * K).some((b) => b !== 0)).toBe(
      true,
    );
    expect(eofPage?.data.subarray(6000 - 4 * K).every((b) => b === 0)).toBe(
      true,
    );
  });
});

describe('btrfs_readpage: a data checksum that fails is EIO, never the bytes on disk', () => {
  /** F: a hole, then 12 KiB regular; the second sector of the extent (file offset 8 KiB) is damaged by `damage`. */
  function readDamaged(damage: (sim: Simulation, at: number) => void) {
    const { sim, entry } = prepared({
      geometry: { pageSize: '64K', sectorSize: '4K' },
      files: [
        {
          name: 'F',
          size: '16K',
          extents: [{ offset: '4K', length: '12K', disk: 'X' }],
        },
      ],
      ops: [{ op: 'read', file: 'F', offset: 0, length: '16K' }],
    });
    const x = entry.extents.lookup(4 * K, 12 * K).blockStart;
    damage(sim, x + 4 * K);
    const [outcome] = sim.runAll();
    const page = entry.mapping.find(0);
    return { sim, x, outcome, page };
  }

  it('a sector whose bytes do not match its checksum fails the read, naming its file offset and disk address', () => {
    const { sim, x, outcome, page } = readDamaged((s, at) => {
      const sector = onDisk(s, at, 4 * K);
      sector[100] = (sector[100] ?? 0) ^ 0xff;
      s.fs.disk.write(at, sector);
    });
    const bad = x + 4 * K;
    expect(outcome?.error).toEqual({
      errno: 'EIO',
      message: `checksum mismatch reading file offset 8192 (disk address ${String(bad)})`,
    });
    expect(
      sim.events.filter(
        (e) => e.kind === 'error' && e.kfn === 'btrfs_readpage',
      ),
    ).toMatchObject([
      {
        errno: 'EIO',
        message: 'csum mismatch',
        note: `checksum mismatch at file offset 8192, disk ${String(bad)}`,
      },
    ]);
    // The run's blocks stay not uptodate and hold zeros, not what the disk returned.
    expect([...(page?.uptodate.subarray(1, 4) ?? [])]).toEqual([0, 0, 0]);
    expect(page?.data.subarray(4 * K, 16 * K).every((b) => b === 0)).toBe(true);
  });

  it('a sector with no checksum fails the same way (btrfs finds no csum and the zero it leaves cannot match)', () => {
    const { sim, x, outcome } = readDamaged((s, at) => {
      // Lost from memory behind the transaction's back: nothing commits it.
      (s.fs.extentTree.csums as Map<number, number>).delete(at);
    });
    const bad = x + 4 * K;
    expect(outcome?.error).toEqual({
      errno: 'EIO',
      message: `no checksum reading file offset 8192 (disk address ${String(bad)})`,
    });
    expect(
      sim.events.filter(
        (e) => e.kind === 'error' && e.kfn === 'btrfs_readpage',
      ),
    ).toMatchObject([
      {
        errno: 'EIO',
        message: 'csum missing',
        note: `no checksum at file offset 8192, disk ${String(bad)}`,
      },
    ]);
  });
});

describe('filemap_read: what the page cache holds is not read again', () => {
  it('reads nothing when every page of the range is cached', () => {
    const { sim } = prepared({
      files: [
        {
          name: 'F',
          size: '8K',
          extents: [{ offset: 0, length: '8K', disk: 'X' }],
          cached: [{ offset: 0, length: '8K' }],
        },
      ],
      ops: [{ op: 'read', file: 'F', offset: 0, length: '8K' }],
    });
    const [outcome] = sim.runAll();
    expect(outcome?.result).toBe(8 * K);
    expect(readCalls(sim.events)).toBe(0);
    expect(sim.events.filter((e) => e.kind === 'io.submit')).toEqual([]);
  });

  it.each([
    ['the next block only', 4 * K, 4 * K],
    ['the written block and the next', 0, 8 * K],
  ])(
    'reads the blocks a write left not uptodate in a cached 64 KiB page: %s',
    (_, pos, len) => {
      const { sim, entry } = prepared({
        geometry: { pageSize: '64K', sectorSize: '4K' },
        files: [
          {
            name: 'F',
            size: '16K',
            extents: [{ offset: 0, length: '16K', disk: 'X' }],
          },
        ],
        ops: [
          {
            op: 'write',
            file: 'F',
            offset: 0,
            length: '4K',
            pattern: { byte: 7 },
          },
        ],
      });
      const x = entry.extents.lookup(0, 16 * K).blockStart;
      expect(sim.step()?.error).toBeNull();
      expect([
        ...(entry.mapping.find(0)?.uptodate.subarray(0, 4) ?? []),
      ]).toEqual([1, 0, 0, 0]);
      const before = sim.events.length;
      const r = bufferedRead(sim.fs, entry, pos, len);
      if (!r.ok) throw new Error(r.error.message);
      const expected = new Uint8Array(16 * K);
      expected.fill(7, 0, 4 * K);
      expected.set(onDisk(sim, x + 4 * K, 12 * K), 4 * K);
      expect(r.value).toEqual(expected.subarray(pos, pos + len));
      // Only the blocks not uptodate are read: the written block keeps the bytes the write left.
      const read = sim.events.slice(before);
      expect(read.filter((e) => e.kind === 'io.submit')).toMatchObject([
        { dir: 'read', bytenr: x + 4 * K, length: 12 * K },
      ]);
      expect(pageReads(read)).toEqual([
        [4 * K, 12 * K, x + 4 * K, READ_NOTE],
        [16 * K, 48 * K, -1, ZEROS_NOTE('past EOF')],
      ]);
    },
  );
});
