// What each design does that the golden scenarios do not show: legacy's batches and which pages it reads
// first, where the iomap designs find old data (prealloc reads as zeros; srcaddr's offset into the extent),
// the F_NEW flag past EOF, the hole-clamped iomap, and the EOF block's tail zeroed before a write past it.

import { describe, expect, it } from 'vitest';
import type { OpSpec, ScenarioSpec, VariantId } from '../scenario/types.ts';
import { createSimulation } from '../sim/simulation.ts';
import type { StepEvent } from '../trace/events.ts';
import { PG } from '../trace/records.ts';
import { scenarioOf } from '../testing/runScenario.ts';
import { UserBuffer } from '../iomap/userBuffer.ts';
import { VARIANTS } from './registry.ts';

const K = 1024;
type Spec = Omit<ScenarioSpec, 'title' | 'description'>;

/** Runs `spec` under `variant`: the events of op 0 and whether the oracle agreed after every op. */
function run(spec: Spec, variant: VariantId) {
  const sim = createSimulation({ scenario: scenarioOf(spec), variant });
  const outcomes = sim.runAll();
  const op0 = sim.events.filter((e) => e.op === 0);
  return {
    sim,
    op0,
    mismatches: outcomes.flatMap((o) => o.oracle.mismatches),
    errors: outcomes.map((o) => o.error?.errno ?? 'ok'),
  };
}

/** How many times op 0 entered kernel function `fn`. */
function calls(events: readonly StepEvent[], fn: string): number {
  return events.filter((e) => e.kind === 'call.enter' && e.fn === fn).length;
}

/** Where op 0 read old data from: [file offset, length, disk address] per page.read. */
function reads(events: readonly StepEvent[], pageSize: number) {
  return events.flatMap((e) =>
    e.kind === 'page.read'
      ? [[e.index * pageSize + e.from, e.length, e.bytenr]]
      : [],
  );
}

/** F: `size` bytes over one regular (or prealloc) extent of `extent` bytes; a write, then a read of it all. */
function file(
  size: number,
  extent: number,
  write: { offset: number; length: number; shortCopyAt?: number },
  type: 'regular' | 'prealloc' = 'regular',
): Spec {
  return {
    id: 'designs',
    geometry: { pageSize: 4 * K, sectorSize: 4 * K },
    files: [
      {
        name: 'F',
        size,
        extents: [{ offset: 0, length: extent, disk: 'X', type }],
      },
    ],
    ops: [
      { op: 'write', file: 'F', ...write },
      {
        op: 'read',
        file: 'F',
        offset: 0,
        length: Math.max(size, write.offset + write.length),
      },
    ],
  };
}

describe('legacy btrfs_buffered_write', () => {
  it('prepare_pages reads only the first and last page of a batch, and only where the write edge is inside them', () => {
    // v5.2 prepare_pages: prepare_uptodate_page(pages[0], pos) and (pages[num_pages - 1], pos + write_bytes).
    // [1K, 12K): page 0 holds an edge, pages 1 and 2 are covered whole (the write ends at a page boundary).
    const r = run(
      file(16 * K, 16 * K, { offset: K, length: 11 * K }),
      'legacy',
    );
    expect(calls(r.op0, 'prepare_uptodate_page')).toBe(1);
    expect(r.mismatches).toEqual([]);
    // [4K, 9K): only the last page (page 2, which the write ends inside) is read.
    const tail = run(
      file(16 * K, 16 * K, { offset: 4 * K, length: 5 * K }),
      'legacy',
    );
    expect(calls(tail.op0, 'prepare_uptodate_page')).toBe(1);
    expect(reads(tail.op0, 4 * K).map(([at]) => at)).toEqual([8 * K]);
  });

  it('a batch holds at most max(8, pages of the write) pages, counted without the offset into the first page', () => {
    // nrptrs = max(min(DIV_ROUND_UP(count, PAGE_SIZE), PAGE_SIZE / sizeof(struct page *)), 8): nine pages of
    // data starting 100 bytes into a page touch ten pages, so a second batch writes the last 100 bytes.
    const r = run(
      file(64 * K, 64 * K, { offset: 100, length: 36 * K }),
      'legacy',
    );
    expect(calls(r.op0, 'prepare_pages')).toBe(2);
    expect(r.mismatches).toEqual([]);
    expect(r.sim.fs.byName('F')?.inode.isize).toBe(64 * K);
  });

  it('a batch holds at most PAGE_SIZE / 8 pages: 512 on 4 KiB pages', () => {
    const r = run(
      file(4 * K, 4 * K, { offset: 0, length: 2 * K * K + 4 * K }),
      'legacy',
    );
    expect(calls(r.op0, 'prepare_pages')).toBe(2);
    expect(r.mismatches).toEqual([]);
  });
});

const IOMAP_DESIGNS = ['srcmap', 'nested-apply', 'srcaddr'] as const;

describe('the fixed iomap designs: where old data comes from', () => {
  it.each(IOMAP_DESIGNS)(
    '%s: a partial block of a prealloc extent below i_size is zeroed, never read (unwritten space reads as zeros)',
    (variant) => {
      const r = run(
        file(16 * K, 16 * K, { offset: 4 * K + 100, length: 200 }, 'prealloc'),
        variant,
      );
      expect(reads(r.op0, 4 * K)).toEqual([]);
      expect(r.mismatches).toEqual([]);
      const zeroes = r.op0.filter((e) => e.kind === 'page.zero');
      expect(zeroes.length).toBeGreaterThan(0);
      if (variant !== 'srcaddr')
        expect(zeroes.map((e) => e.note).join('\n')).toContain(
          'UNWRITTEN, not MAPPED',
        );
    },
  );

  it.each(IOMAP_DESIGNS)(
    '%s: each partial block is read from its own place in the extent',
    (variant) => {
      // [100, 4196) starts inside block 0 and ends inside block 1: both are read, block 1 at X + 4K.
      const r = run(
        file(16 * K, 16 * K, { offset: 100, length: 4 * K }),
        variant,
      );
      const got = reads(r.op0, 4 * K);
      const x = (got[0]?.[2] ?? NaN) - 0;
      expect(got).toEqual([
        [0, 4 * K, x],
        [4 * K, 4 * K, x + 4 * K],
      ]);
      expect(r.mismatches).toEqual([]);
    },
  );

  it('srcaddr: a partial block at or past i_size is zeroed, and says why', () => {
    const r = run(
      file(8 * K, 16 * K, { offset: 8 * K + 100, length: 200 }),
      'srcaddr',
    );
    expect(reads(r.op0, 4 * K)).toEqual([]);
    expect(
      r.op0.filter((e) => e.kind === 'page.zero').map((e) => e.note),
    ).toEqual([expect.stringContaining('the block starts at or past i_size')]);
    expect(r.mismatches).toEqual([]);
  });
});

/** The iomap of op 0's first iteration, as the iter record holds it. */
function firstIomap(events: readonly StepEvent[]) {
  for (const e of events)
    for (const c of e.changes ?? [])
      if (c.table === 'iter' && c.after !== null)
        return (
          c.after as {
            iomap: { flags: readonly string[]; offset: number; length: number };
          }
        ).iomap;
  throw new Error('no iteration');
}

describe('the destination iomap of the fixed designs', () => {
  it.each(IOMAP_DESIGNS)(
    '%s: DELALLOC, F_NEW at or past i_size even over an extent, not F_NEW below it',
    (variant) => {
      // F_NEW tells iomap the space holds no data (iomap_block_needs_zeroing): past EOF nothing is.
      const at = (offset: number) =>
        firstIomap(
          run(file(8 * K, 16 * K, { offset, length: 4 * K }), variant).op0,
        );
      expect(at(8 * K).flags).toEqual(['NEW']);
      expect(at(12 * K).flags).toEqual(['NEW']);
      expect(at(4 * K).flags).toEqual([]);
    },
  );

  it('srcmap: over a hole the iomap ends where the hole does, and never past the write', () => {
    // F is 16K of a 4K extent then a hole: [5K, 6K) lies in the hole, which runs to EOF and beyond.
    const r = run(file(16 * K, 4 * K, { offset: 5 * K, length: K }), 'srcmap');
    // The iomap is [4K, 6K): from the sector the write starts in to its end, inside the hole.
    expect(firstIomap(r.op0)).toMatchObject({ offset: 4 * K, length: 2 * K });
    expect(r.mismatches).toEqual([]);
  });
});

describe('the fixed designs before a write past i_size', () => {
  it.each(IOMAP_DESIGNS)(
    '%s: zero the EOF block past i_size first, so stale bytes there never come back below the new i_size',
    (variant) => {
      // X holds pattern bytes past i_size (9K) on disk; the write at 10K, inside the EOF block, would read
      // them below the new i_size (btrfs_cont_expand covers only writes past the EOF block).
      const r = run(
        file(9 * K, 16 * K, { offset: 10 * K, length: K }),
        variant,
      );
      expect(calls(r.op0, 'btrfs_truncate_block')).toBe(1);
      expect(r.mismatches).toEqual([]);
      // A write that starts at i_size leaves the EOF block to write_begin (xfs_file_write_checks zeroes
      // only when the write starts beyond i_size).
      const atEof = run(
        file(9 * K, 16 * K, { offset: 9 * K, length: K }),
        variant,
      );
      expect(calls(atEof.op0, 'btrfs_truncate_block')).toBe(0);
      expect(atEof.mismatches).toEqual([]);
    },
  );
});

describe('the fixed designs when the EOF block cannot be zeroed', () => {
  it.each(IOMAP_DESIGNS)(
    '%s: the write fails with the zeroing error and copies nothing (a checksum is missing)',
    (variant) => {
      // The EOF block's tail is zeroed through the page cache, which reads the block first; with its
      // checksum lost, that read fails with EIO and the write must stop there, before any iomap_begin.
      const sim = createSimulation({
        scenario: scenarioOf(
          file(9 * K, 16 * K, { offset: 10 * K, length: K }),
        ),
        variant,
      });
      const entry = sim.fs.byName('F');
      if (entry === undefined) throw new Error('no file F');
      const before = reserved(sim);
      // Lost from memory behind the transaction's back: nothing commits it.
      (sim.fs.extentTree.csums as Map<number, number>).delete(
        entry.extents.lookup(8 * K, 4 * K).blockStart + 8 * K,
      );
      const outcome = sim.step();
      expect(outcome?.error?.errno).toBe('EIO');
      expect(outcome?.error?.message).toMatch(
        /^no checksum reading file offset 8192 /,
      );
      const op0 = sim.events.filter((e) => e.op === 0);
      expect(calls(op0, 'btrfs_truncate_block')).toBe(1);
      expect(calls(op0, 'iomap_file_buffered_write')).toBe(0);
      expect(entry.inode.isize).toBe(9 * K);
      expect(reserved(sim)).toEqual(before);
    },
  );
});

/** What the write left reserved: data and metadata bytes_may_use and the inode's reservation fields. */
function reserved(sim: ReturnType<typeof run>['sim']) {
  const entry = sim.fs.byName('F');
  return {
    data: sim.fs.data.mayUse,
    meta: sim.fs.meta.mayUse,
    inode: entry?.inode.toRec(),
  };
}

describe('legacy btrfs_buffered_write: what a short copy gives back', () => {
  // btrfs_buffered_write releases the reservation of the sectors it did not copy (btrfs_delalloc_release_space,
  // or only the metadata for a nocow write) and retries one page: the write ends holding what the same
  // write without the fault holds, and btrfs_dirty_pages dirties only the pages it copied into.
  const cases = [
    // [name, write offset, fault at (buffer offset), prepare_pages calls, NODATACOW]
    ['COW, fault in the second page', 100, 5000, 2, false],
    ['COW, fault one page further into the file', 4196, 5000, 2, false],
    // Nothing copied: a one-page batch is read and retried, and the batches stay one page long.
    ['COW, fault at the first byte', 100, 0, 4, false],
    ['nocow, fault in the second page', 100, 5000, 2, true],
    ['nocow, fault at the first byte', 100, 0, 4, true],
  ] as const;

  it.each(cases)(
    '%s: nothing leaks, nothing is dirtied twice',
    (_name, offset, shortCopyAt, batches, nocow) => {
      const spec = (fault: boolean): Spec => {
        const base = file(16 * K, 16 * K, {
          offset,
          length: 8 * K,
          ...(fault ? { shortCopyAt } : {}),
        });
        // v5.2 falls back to nocow only when data space is gone; there the reservation's flush may write
        // back what an earlier batch dirtied, so the runs are compared once everything is written back.
        return nocow
          ? {
              ...base,
              space: { dataFree: 0 },
              files: base.files.map((f) => ({ ...f, flags: ['NODATACOW'] })),
              ops: [
                base.ops[0] as OpSpec,
                { op: 'writeback', file: 'F', wait: true },
              ],
            }
          : base;
      };
      const faulted = run(spec(true), 'legacy');
      const clean = run(spec(false), 'legacy');
      expect(calls(faulted.op0, 'prepare_pages')).toBe(batches);
      expect(faulted.mismatches).toEqual([]);
      expect(reserved(faulted.sim)).toEqual(reserved(clean.sim));
      const dirtied = faulted.op0.flatMap((e) =>
        e.kind === 'page.flags' && e.note.startsWith('SetPageUptodate')
          ? [e.index]
          : [],
      );
      expect(dirtied).toEqual([...new Set(dirtied)].sort((a, b) => a - b));
      if (nocow)
        expect(faulted.op0.some((e) => e.kind === 'btrfs.nocow')).toBe(true);
      // What was not copied is given back: metadata only for a nocow write (no data was reserved).
      const given = releases(faulted.sim.events, 'the part of the').map(
        ([space, why]) => `${String(space)}: ${String(why)}`,
      );
      if (nocow)
        expect(new Set(given)).toEqual(
          new Set([
            'metadata: the part of the nocow reservation that was not copied',
          ]),
        );
      else
        expect(given).toContain(
          'data: the part of the reservation that was not copied',
        );
    },
  );

  it.each([false, true])(
    'a user buffer that stays unmapped: one retry of a single page, then nothing written, nothing held (nocow %s)',
    (nocow) => {
      const base = file(16 * K, 16 * K, { offset: 0, length: K });
      const sim = createSimulation({
        scenario: scenarioOf(
          nocow
            ? {
                ...base,
                space: { dataFree: 0 },
                files: base.files.map((f) => ({ ...f, flags: ['NODATACOW'] })),
              }
            : base,
        ),
        variant: 'legacy',
      });
      const entry = sim.fs.byName('F');
      if (entry === undefined) throw new Error('no file F');
      const before = reserved(sim);
      let copies = 0;
      class Unmapped extends UserBuffer {
        override copyTo(): number {
          copies++;
          return 0;
        }
      }
      const r = VARIANTS.legacy.bufferedWrite(
        {
          fs: sim.fs,
          entry,
          buf: new Unmapped(8 * K, { byte: 1 }, 1),
          base: 100,
        },
        100,
        8 * K,
      );
      expect(r).toEqual({ ok: true, value: 0 });
      expect(copies).toBe(2);
      expect(entry.inode.isize).toBe(16 * K);
      expect(sim.events.some((e) => e.kind === 'btrfs.nocow')).toBe(nocow);
      // Nothing was copied, so no sector may be marked (a stray NORESERVE would skip a later data release).
      expect(entry.ioTree.all()).toEqual([]);
      expect(reserved(sim)).toEqual(before);
    },
  );

  it('ENOSPC in a later batch: the write returns what the batches before it wrote', () => {
    // btrfs_buffered_write: return num_written ? num_written : ret.
    const r = run(
      {
        ...file(64 * K, 64 * K, { offset: 100, length: 36 * K }),
        space: { dataFree: '36K' },
      },
      'legacy',
    );
    expect(calls(r.op0, 'prepare_pages')).toBe(1);
    expect(r.errors[0]).toBe('ok');
    expect(r.mismatches).toEqual([]);
    const result = r.op0.find((e) => e.kind === 'op.end');
    expect(result).toMatchObject({ result: 36 * K - 100 });
  });
});

describe('legacy prepare_uptodate_page on a page that cannot be read', () => {
  it('fails the write with EIO, unlocks its pages and gives the reservation back (a checksum is missing)', () => {
    // v5.2 prepare_uptodate_page returns btrfs_readpage's error; btrfs_buffered_write then releases the
    // batch's reservation (btrfs_delalloc_release_extents, btrfs_delalloc_release_space) and returns it.
    const sim = createSimulation({
      scenario: scenarioOf(file(16 * K, 16 * K, { offset: 100, length: K })),
      variant: 'legacy',
    });
    const entry = sim.fs.byName('F');
    if (entry === undefined) throw new Error('no file F');
    const before = reserved(sim);
    // Lost from memory behind the transaction's back: nothing commits it.
    (sim.fs.extentTree.csums as Map<number, number>).delete(
      entry.extents.lookup(0, 4 * K).blockStart,
    );
    const outcome = sim.step();
    expect(outcome?.error?.errno).toBe('EIO');
    expect(outcome?.error?.message).toMatch(
      /^no checksum reading file offset 0 /,
    );
    expect(reserved(sim)).toEqual(before);
    expect(entry.mapping.all().filter((p) => p.has(PG.locked))).toEqual([]);
    expect(entry.inode.isize).toBe(16 * K);
    expect(releases(sim.events, 'prepare_pages failed')).toEqual([
      ['data', 'prepare_pages failed: the reservation of the batch'],
      ['metadata', 'prepare_pages failed: the reservation of the batch'],
    ]);
  });

  it('a nocow batch gives back only its metadata (64 KiB pages: the page read reaches a regular extent)', () => {
    // No data space: the write into prealloc falls back to nocow and reserves metadata only. Its 64 KiB
    // page also holds the regular extent's sectors, which must be read and lack their checksum.
    const spec: Spec = {
      id: 'designs',
      geometry: { pageSize: 64 * K, sectorSize: 4 * K },
      space: { dataFree: 0 },
      files: [
        {
          name: 'F',
          size: 64 * K,
          flags: ['PREALLOC'],
          extents: [
            { offset: 0, length: 32 * K, disk: 'X' },
            { offset: 32 * K, length: 32 * K, disk: 'P', type: 'prealloc' },
          ],
        },
      ],
      ops: [
        {
          op: 'write',
          file: 'F',
          offset: 40 * K + 100,
          length: K,
          pattern: { byte: 9 },
        },
      ],
    };
    const sim = createSimulation({
      scenario: scenarioOf(spec),
      variant: 'legacy',
    });
    const entry = sim.fs.byName('F');
    if (entry === undefined) throw new Error('no file F');
    const before = reserved(sim);
    // Lost from memory behind the transaction's back: nothing commits it.
    (sim.fs.extentTree.csums as Map<number, number>).delete(
      entry.extents.lookup(0, 4 * K).blockStart,
    );
    const outcome = sim.step();
    expect(outcome?.error?.errno).toBe('EIO');
    expect(sim.events.some((e) => e.kind === 'btrfs.nocow')).toBe(true);
    expect(reserved(sim)).toEqual(before);
    expect(releases(sim.events, 'prepare_pages failed')).toEqual([
      ['metadata', 'prepare_pages failed: the nocow reservation of the batch'],
    ]);
  });
});

/** Which space op 0 gave back for a reason starting `why`, and that reason, per release. */
function releases(events: readonly StepEvent[], why: string) {
  return events.flatMap((e) => {
    if (e.kind !== 'btrfs.release' || e.op !== 0) return [];
    const reason = e.note.slice(e.note.indexOf(': ') + 2);
    return reason.startsWith(why) ? [[e.space, reason]] : [];
  });
}
