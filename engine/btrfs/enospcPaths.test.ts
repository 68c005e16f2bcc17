// ENOSPC on the paths that zero partial blocks (punch hole, zero range, a truncate growing the file): the operation fails before
// it changes the file, so the file still reads what the data oracle expects. Regression tests for the
// engine/oracle disagreement the exerciser found on small devices: an edge block's reservation failing
// after the other edge (or the items) had already changed.

import { describe, expect, it } from 'vitest';
import { checkFs } from '../check/fsck.ts';
import { validateScenario } from '../scenario/validate.ts';
import type { OpSpec, Scenario, VariantId } from '../scenario/types.ts';
import { createSimulation } from '../sim/simulation.ts';

/** One 64 KiB file X on a device whose data space is full but for `dataFree` bytes. */
function nearlyFull(dataFree: string, ops: readonly OpSpec[]): Scenario {
  const v = validateScenario({
    id: 'enospc-paths',
    title: 'ENOSPC while zeroing partial blocks',
    description:
      'A file on a full device; its edge blocks cannot all be reserved.',
    space: { dataFree },
    files: [
      {
        name: 'F',
        size: '64K',
        extents: [{ offset: 0, length: '64K', disk: 'X' }],
      },
    ],
    ops,
  });
  if (!v.ok) throw new Error(v.errors.map((e) => e.message).join('; '));
  return v.scenario;
}

function outcomesOf(scenario: Scenario, variant: VariantId) {
  const sim = createSimulation({ scenario, variant, trace: false });
  const outcomes = sim.runAll();
  return { sim, outcomes };
}

const VARIANTS: readonly VariantId[] = ['legacy', 'srcmap'];

describe('ENOSPC while zeroing partial blocks leaves the file as it was', () => {
  it.each(VARIANTS)(
    '%s: a punch hole with two partial edge blocks and room for one',
    (variant) => {
      const { sim, outcomes } = outcomesOf(
        nearlyFull('4K', [
          {
            op: 'fallocate',
            file: 'F',
            mode: 'punch-hole',
            offset: 1000,
            length: '40K',
          },
          { op: 'read', file: 'F', offset: 0, length: '64K' },
        ]),
        variant,
      );
      expect(outcomes.map((o) => o.error?.errno ?? 'ok')).toEqual([
        'ENOSPC',
        'ok',
      ]);
      expect(outcomes.every((o) => o.oracle.ok)).toBe(true);
      expect(checkFs(sim.fs, { quiescent: false }).problems).toEqual([]);
    },
  );

  it.each(VARIANTS)(
    '%s: a zero range whose middle fits but whose edges do not',
    (variant) => {
      const { outcomes } = outcomesOf(
        nearlyFull('8K', [
          {
            op: 'fallocate',
            file: 'F',
            mode: 'zero-range',
            offset: 1000,
            length: '9K',
            keepSize: true,
          },
          { op: 'read', file: 'F', offset: 0, length: '64K' },
        ]),
        variant,
      );
      expect(outcomes.map((o) => o.error?.errno ?? 'ok')).toEqual([
        'ENOSPC',
        'ok',
      ]);
      expect(outcomes.every((o) => o.oracle.ok)).toBe(true);
    },
  );

  it.each(VARIANTS)(
    '%s: a truncate growing from an unaligned size with no room for the old EOF block',
    (variant) => {
      // Shrinking needs no data space (btrfs_truncate zeroes nothing on disk); growing again must zero
      // the tail of the block holding 10000 first (btrfs_cont_expand), and that block has no room.
      const { sim, outcomes } = outcomesOf(
        nearlyFull('0', [
          { op: 'truncate', file: 'F', size: 10000 },
          { op: 'truncate', file: 'F', size: '16K' },
          { op: 'read', file: 'F', offset: 0, length: '64K' },
        ]),
        variant,
      );
      expect(outcomes.map((o) => o.error?.errno ?? 'ok')).toEqual([
        'ok',
        'ENOSPC',
        'ok',
      ]);
      expect(outcomes.every((o) => o.oracle.ok)).toBe(true);
      expect(sim.fileBytes('F').length).toBe(10000);
    },
  );

  it('the same punch hole with room for both edges succeeds and zeroes the range', () => {
    const { sim, outcomes } = outcomesOf(
      nearlyFull('8K', [
        {
          op: 'fallocate',
          file: 'F',
          mode: 'punch-hole',
          offset: 1000,
          length: '40K',
        },
      ]),
      'srcmap',
    );
    expect(outcomes.map((o) => o.error?.errno ?? 'ok')).toEqual(['ok']);
    expect(outcomes[0]?.oracle.ok).toBe(true);
    expect(
      sim
        .fileBytes('F')
        .subarray(1000, 1000 + 40 * 1024)
        .every((b) => b === 0),
    ).toBe(true);
  });
});
