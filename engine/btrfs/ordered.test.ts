// Bio completion and ordered extents: a page ends writeback with the last bio carrying part of it, and a
// wait (on a page, on an ordered extent) completes only the bios it waits for, of its own file.

import { describe, expect, it } from 'vitest';
import type { OpSpec, VariantId } from '../scenario/types.ts';
import type { StepEvent } from '../trace/events.ts';
import { PG } from '../trace/records.ts';
import { run, runChecked, scenarioOf } from '../testing/runScenario.ts';

/** Runs `ops` on empty files F and G (64 KiB pages with 4 KiB sectors when `subpage`). */
function runOps(ops: OpSpec[], variant: VariantId, subpage = false) {
  const scenario = scenarioOf({
    id: 'ordered',
    ...(subpage ? { geometry: { pageSize: '64K', sectorSize: '4K' } } : {}),
    files: [
      { name: 'F', size: 0 },
      { name: 'G', size: 0 },
    ],
    ops,
  });
  expect(runChecked(scenario, variant).failures).toEqual([]);
  const { sim } = run(scenario, variant);
  const ino = (name: string) => {
    const entry = sim.fs.byName(name);
    if (entry === undefined) throw new Error(`no file ${name}`);
    return entry.inode.ino;
  };
  return { sim, ino };
}

/** Where each page of a file ended writeback, and which bios (by disk address) completed, in order. */
function completions(events: readonly StepEvent[], ino: number) {
  return events.flatMap((e) =>
    e.kind === 'io.complete' && e.dir === 'write'
      ? [`bio ${String(e.bytenr)}`]
      : e.kind === 'page.flags' &&
          e.ino === ino &&
          e.note.startsWith('end_page_writeback')
        ? [e.note.replace(/ \(now .*\)$/, '')]
        : [],
  );
}

/** The events inside the calls of `fn` during operation `op`. */
function inside(events: readonly StepEvent[], op: number, fn: string) {
  let depth = 0;
  return events.filter((e) => {
    if (e.op !== op) return false;
    if (e.kind === 'call.enter' && e.fn === fn) depth++;
    if (e.kind === 'call.exit' && e.fn === fn) depth--;
    return depth > 0;
  });
}

/** The disk address of every bio `op` submitted for writing (a writeback without wait writes data only). */
function dataBios(events: readonly StepEvent[], op: number): string[] {
  return events.flatMap((e) =>
    e.op === op && e.kind === 'io.submit' && e.dir === 'write'
      ? [`bio ${String(e.bytenr)}`]
      : [],
  );
}

describe('end_bio_extent_writepage', () => {
  it.each(['legacy', 'srcmap'] as const)(
    '%s: a 64K page carried by two bios ends writeback with the second',
    (variant) => {
      // Two runs in page 0 of F: two ordered extents, two bios, both carrying part of the page.
      const { sim, ino } = runOps(
        [
          { op: 'write', file: 'F', offset: 0, length: '4K' },
          { op: 'write', file: 'F', offset: '32K', length: '4K' },
          { op: 'writeback', file: 'F', wait: false },
          { op: 'complete-io' },
        ],
        variant,
        true,
      );
      const bios = dataBios(sim.events, 2);
      expect(bios).toHaveLength(2);
      const done = completions(
        sim.events.filter((e) => e.op === 3),
        ino('F'),
      );
      expect(done).toEqual([...bios, 'end_page_writeback on page 0']);
      expect(sim.fs.byName('F')?.mapping.find(0)?.has(PG.writeback)).toBe(
        false,
      );
    },
  );

  it('a 64K page keeps PG_ordered until the last ordered extent over it finishes', () => {
    // Blocks 0 and 8 of page 0: two ordered extents over one page; the first to finish leaves the page ordered.
    const { sim, ino } = runOps(
      [
        { op: 'write', file: 'F', offset: 0, length: '4K' },
        { op: 'write', file: 'F', offset: '32K', length: '4K' },
        { op: 'writeback', file: 'F', wait: false },
        { op: 'complete-io' },
      ],
      'srcmap',
      true,
    );
    const finishes = sim.events.flatMap((e) =>
      e.op === 3 && e.kind === 'btrfs.ordered' && e.action === 'finish'
        ? [`finish ${String(e.id)}`]
        : e.op === 3 &&
            e.kind === 'page.flags' &&
            e.ino === ino('F') &&
            e.note.startsWith('the page has no ordered extent left')
          ? [`page ${String(e.index)} not ordered`]
          : [],
    );
    expect(finishes).toHaveLength(3);
    expect(finishes.slice(1)).toEqual(['page 0 not ordered', finishes[2]]);
    expect(finishes[0]).toMatch(/^finish /);
    expect(sim.fs.byName('F')?.mapping.find(0)?.has(PG.ordered)).toBe(false);
  });

  it('a bio of another file over the same page index does not hold this file page under writeback', () => {
    const { sim, ino } = runOps(
      [
        { op: 'write', file: 'F', offset: 0, length: '4K' },
        { op: 'write', file: 'G', offset: 0, length: '4K' },
        { op: 'writeback', file: 'F', wait: false },
        { op: 'writeback', file: 'G', wait: false },
        { op: 'complete-io' },
      ],
      'srcmap',
    );
    const [f] = dataBios(sim.events, 2);
    const [g] = dataBios(sim.events, 3);
    const op = sim.events.filter((e) => e.op === 4);
    expect(completions(op, ino('F'))).toEqual([
      f,
      'end_page_writeback on page 0',
      g,
    ]);
    expect(completions(op, ino('G'))).toEqual([
      f,
      g,
      'end_page_writeback on page 0',
    ]);
  });
});

describe('waiting for writeback', () => {
  it('wait_on_page_writeback completes the bios of that page of that file only', () => {
    // The shrinking truncate of F waits for F's page 0; G's bio of its own page 0 stays in flight.
    const { sim, ino } = runOps(
      [
        { op: 'write', file: 'G', offset: 0, length: '4K' },
        { op: 'write', file: 'F', offset: 0, length: '8K' },
        { op: 'writeback', file: 'G', wait: false },
        { op: 'writeback', file: 'F', wait: false },
        { op: 'truncate', file: 'F', size: 0 },
      ],
      'srcmap',
    );
    const [g] = dataBios(sim.events, 2);
    const [f] = dataBios(sim.events, 3);
    expect(g).not.toBe(f);
    expect(
      completions(inside(sim.events, 4, 'wait_on_page_writeback'), ino('F')),
    ).toEqual([
      f,
      'end_page_writeback on page 0',
      'end_page_writeback on page 1',
    ]);
  });

  it('a write over an ordered extent waits for that one, not for another file at the same offsets', () => {
    // lock_and_cleanup_extent_if_need finds F's ordered extent (not G's), waits for it and retries.
    const { sim } = runOps(
      [
        { op: 'write', file: 'F', offset: 0, length: '4K' },
        { op: 'write', file: 'G', offset: 0, length: '4K' },
        { op: 'writeback', file: 'G', wait: false },
        { op: 'write', file: 'F', offset: 0, length: 100 },
        { op: 'writeback', file: 'F', wait: false },
        { op: 'write', file: 'F', offset: 100, length: 100 },
      ],
      'srcmap',
    );
    const waits = (op: number) =>
      sim.events.filter(
        (e) =>
          e.op === op &&
          e.kind === 'call.enter' &&
          e.fn === 'btrfs_start_ordered_extent',
      ).length;
    // F has no ordered extent yet: G's at the same offsets is not waited for.
    expect(waits(3)).toBe(0);
    expect(waits(5)).toBe(1);
    // Only F's bio completes during that wait: G's is still in flight.
    const [g] = dataBios(sim.events, 2);
    const [f] = dataBios(sim.events, 4);
    expect(
      sim.events.flatMap((e) =>
        e.op === 5 && e.kind === 'io.complete'
          ? [`bio ${String(e.bytenr)}`]
          : [],
      ),
    ).toEqual([f]);
    expect(sim.fs.inflight.map((b) => `bio ${String(b.bytenr)}`)).toEqual([g]);
  });
});
