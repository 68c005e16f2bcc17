// Which NODATACOW extents writeback overwrites in place (run_delalloc_nocow, btrfs_cross_ref_exist), as
// Linux 6.18 did on a loop-mounted btrfs (`chattr +C`, 16 KiB written and synced, then the change, then
// 4 KiB written at 0 and synced; filefrag showed where block 0 went): after a hole punched in the middle,
// in place (the two bookends share one back reference); shared with another file, or cloned within the file
// to another offset, copied on write.

import { describe, expect, it } from 'vitest';
import type { OpSpec } from '../scenario/types.ts';
import { validateScenario } from '../scenario/validate.ts';
import { createSimulation } from '../sim/simulation.ts';

const nocowFile = (name: string, disk: string) => ({
  name,
  size: '16K',
  flags: ['NODATACOW', 'NODATASUM'],
  extents: [{ offset: 0, length: '16K', disk }],
});

/** Where block 0 of F lies on disk before and after `change`, a sync, a 4 KiB write at 0 and a sync. */
function blockZeroMoves(files: object[], change: OpSpec[]): boolean {
  const v = validateScenario({
    id: 'nocow',
    title: 't',
    description: 'd',
    files,
    ops: [
      ...change,
      { op: 'sync' },
      { op: 'write', file: 'F', offset: 0, length: '4K' },
      { op: 'sync' },
    ],
  });
  if (!v.ok) throw new Error(v.errors.map((e) => e.message).join('; '));
  const sim = createSimulation({ scenario: v.scenario, variant: 'srcmap' });
  const at = () => {
    const item = sim.fs.byName('F')?.extents.lookup(0, 4096).item;
    if (item === undefined) throw new Error('block 0 of F is a hole');
    return item.diskBytenr + item.extentOffset;
  };
  const before = at();
  for (const outcome of sim.runAll()) expect(outcome.error).toBeNull();
  return at() !== before;
}

describe('run_delalloc_nocow: is another reference to the extent there?', () => {
  it('no, after a hole punched in the middle: the bookends share one back reference, so in place', () => {
    expect(
      blockZeroMoves(
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
    expect(blockZeroMoves([nocowFile('F', 'X'), nocowFile('G', 'X')], [])).toBe(
      true,
    );
  });

  it('yes, when the file holds a clone of it at another offset: copied on write', () => {
    expect(
      blockZeroMoves(
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
    expect(blockZeroMoves([nocowFile('F', 'X')], [])).toBe(false);
  });
});
