// Which extents writeback overwrites in place (run_delalloc_nocow, can_nocow_file_extent,
// btrfs_cross_ref_exist), as Linux 6.18 did on a loop-mounted btrfs (`chattr +C`, 16 KiB written and synced,
// then the change, then 4 KiB written and synced; filefrag showed where the block went): after a hole punched
// in the middle, in place, at block 0 and in the right bookend (the two bookends share one back reference);
// shared with another file, or cloned within the file to another offset (past the file or inside the
// extent's own range), copied on write. Without NODATACOW (mounted -o nodatasum, then a fallocate: the inode
// is NODATASUM|PREALLOC) a regular extent is copied on write though it has no checksums.

import { describe, expect, it } from 'vitest';
import { InvariantError } from '../core/assert.ts';
import { crc32c } from '../core/crc32c.ts';
import type { FileSpec, OpSpec } from '../scenario/types.ts';
import { validateScenario } from '../scenario/validate.ts';
import { createSimulation, type Simulation } from '../sim/simulation.ts';
import { scenarioOf } from '../testing/runScenario.ts';
import { canNocowItem } from './nocow.ts';

const K = 1024;

const nocowFile = (name: string, disk: string): FileSpec => ({
  name,
  size: '16K',
  flags: ['NODATACOW', 'NODATASUM'],
  extents: [{ offset: 0, length: '16K', disk }],
});

/**
 * Whether the block at `at` of F lies elsewhere on disk after `change`, a sync, a 4 KiB write at `at` and a
 * sync; `prepare` may change the simulation before it runs.
 */
function blockMoves(
  files: object[],
  change: OpSpec[],
  at = 0,
  prepare: (sim: Simulation) => void = () => undefined,
): boolean {
  const v = validateScenario({
    id: 'nocow',
    title: 't',
    description: 'd',
    files,
    ops: [
      ...change,
      { op: 'sync' },
      { op: 'write', file: 'F', offset: at, length: '4K' },
      { op: 'sync' },
    ],
  });
  if (!v.ok) throw new Error(v.errors.map((e) => e.message).join('; '));
  const sim = createSimulation({ scenario: v.scenario, variant: 'srcmap' });
  prepare(sim);
  const where = () => {
    const em = sim.fs.byName('F')?.extents.lookup(at, 4096);
    if (em?.item === undefined)
      throw new Error(`block ${String(at)} of F is a hole`);
    return em.blockStart + (at - em.start);
  };
  const before = where();
  for (const outcome of sim.runAll()) expect(outcome.error).toBeNull();
  return where() !== before;
}

describe('run_delalloc_nocow: is another reference to the extent there?', () => {
  it('no, after a hole punched in the middle: the bookends share one back reference, so in place', () => {
    expect(
      blockMoves(
        [nocowFile('F', 'X')],
        [
          {
            op: 'fallocate',
            file: 'F',
            offset: '4K',
            length: '4K',
            mode: 'punch-hole',
          },
        ],
      ),
    ).toBe(false);
  });

  it('yes, when another file shares the extent: copied on write', () => {
    expect(blockMoves([nocowFile('F', 'X'), nocowFile('G', 'X')], [])).toBe(
      true,
    );
  });

  it('yes, when the file holds a clone of it at another offset: copied on write', () => {
    expect(
      blockMoves(
        [nocowFile('F', 'X')],
        [
          {
            op: 'clone-range',
            file: 'F',
            srcOffset: '8K',
            length: '4K',
            offset: '32K',
          },
        ],
      ),
    ).toBe(true);
  });

  it('no, when nothing else refers to it: in place', () => {
    expect(blockMoves([nocowFile('F', 'X')], [])).toBe(false);
  });

  it('no, for the right bookend of a punched hole too: its key offset minus extent offset names the same back reference', () => {
    const punched: OpSpec[] = [
      {
        op: 'fallocate',
        file: 'F',
        offset: '4K',
        length: '4K',
        mode: 'punch-hole',
      },
    ];
    expect(blockMoves([nocowFile('F', 'X')], punched, 12 * K)).toBe(false);
  });

  it("yes, when the file holds a clone of it inside the extent's own range: another back reference", () => {
    // Block 0 cloned to 8K: the items at 0 and 12K name (F, 0), the one at 8K names (F, 8K).
    const cloned: OpSpec[] = [
      {
        op: 'clone-range',
        file: 'F',
        srcOffset: 0,
        length: '4K',
        offset: '8K',
      },
    ];
    expect(blockMoves([nocowFile('F', 'X')], cloned)).toBe(true);
  });

  it("no, when another extent's item in the range names the same back reference offset: only this extent's items count", () => {
    // X's bookends at 0 and 12K (2 refs, both (F, 0)); between them Y from its offset 4K, so also (F, 0).
    const file = {
      ...nocowFile('F', 'X'),
      extents: [
        { offset: 0, length: '4K', disk: 'X' },
        { offset: '4K', length: '8K', disk: 'Y', diskOffset: '4K' },
        { offset: '12K', length: '4K', disk: 'X', diskOffset: '12K' },
      ],
    };
    expect(blockMoves([file], [])).toBe(false);
  });
});

describe('can_nocow_file_extent: which extents a NODATACOW/PREALLOC inode may write in place', () => {
  it('a regular extent only in a NODATACOW inode: a NODATASUM|PREALLOC inode copies it on write', () => {
    // Linux 6.18, mounted -o nodatasum: 16 KiB written, 16 KiB fallocated past EOF (the inode is then
    // NODATASUM|PREALLOC, the csum tree empty), synced, 4 KiB written at 0 and synced: block 0 moved.
    const file = {
      name: 'F',
      size: '16K',
      flags: ['NODATASUM', 'PREALLOC'],
      extents: [
        { offset: 0, length: '16K', disk: 'X' },
        { offset: '64K', length: '16K', disk: 'P', type: 'prealloc' },
      ],
    };
    expect(blockMoves([file], [])).toBe(true);
  });

  it('an extent with checksums is copied on write even in a NODATACOW inode, so no checksum goes stale', () => {
    // Linux 6.18 sets NODATACOW only on an empty file, so no operation makes this layout: the checksum of
    // the item's first block (4K into its extent) is put there by hand.
    const file = {
      ...nocowFile('F', 'X'),
      extents: [{ offset: 0, length: '16K', disk: 'X', diskOffset: '4K' }],
    };
    const withCsum = (sim: Simulation) => {
      const at = sim.fs.byName('F')?.extents.lookup(0, 4 * K).blockStart ?? -1;
      const block = new Uint8Array(4 * K);
      sim.fs.disk.read(at, block);
      sim.fs.extentTree.setCsum(at, crc32c(block));
    };
    expect(blockMoves([file], [], 0, withCsum)).toBe(true);
    expect(blockMoves([file], [])).toBe(false);
  });

  it('an item pointing to no extent item is a broken invariant, not a refusal', () => {
    const sim = createSimulation({
      scenario: scenarioOf({
        id: 'nocow',
        files: [nocowFile('F', 'X')],
        ops: [],
      }),
      variant: 'srcmap',
    });
    const entry = sim.fs.byName('F');
    const item = entry?.extents.lookup(0, 4 * K).item;
    if (entry === undefined || item === undefined) throw new Error('no item');
    const diskBytenr = item.diskBytenr + 4 * K;
    const check = () => canNocowItem(sim.fs, entry, { ...item, diskBytenr });
    expect(check).toThrow(InvariantError);
    expect(check).toThrow(
      `can_nocow_extent: no extent item at ${String(diskBytenr)}`,
    );
  });
});

describe('check_can_nocow: a write that finds no data space', () => {
  it('goes in place for the bytes written, though the range it checks is whole sectors', () => {
    const sim = createSimulation({
      scenario: scenarioOf({
        id: 'nocow',
        space: { dataFree: 0 },
        files: [nocowFile('F', 'X')],
        ops: [{ op: 'write', file: 'F', offset: 0, length: 100 }],
      }),
      variant: 'srcmap',
    });
    const [outcome] = sim.runAll();
    expect(outcome?.result).toBe(100);
    expect(sim.events.filter((e) => e.kind === 'btrfs.nocow')).toMatchObject([
      {
        ok: true,
        bytes: 4 * K,
        note: 'can_nocow_extent: 100B can be overwritten in place (NODATACOW/PREALLOC, not shared)',
      },
    ]);
  });
});
