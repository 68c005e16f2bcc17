// btrfs_cont_expand: growing a file over a regular extent that lies past EOF (one a power cut left past
// the recorded size) must not bring its old bytes back, in memory or after a remount.

import { describe, expect, it } from 'vitest';
import type { OpSpec } from '../scenario/types.ts';
import { run, runChecked, scenarioOf } from '../testing/runScenario.ts';

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
      // Of the 64 KiB only the two blocks below the new EOF are written (the ranged writeback from 8K
      // takes the delalloc run ending there too, see delallocSpan in writeback.ts); Linux writes none.
      expect(
        during.flatMap((e) =>
          e.kind === 'io.submit' && e.dir === 'write' ? [e.length] : [],
        ),
      ).toEqual([8192]);
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
});
