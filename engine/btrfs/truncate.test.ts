// btrfs_cont_expand: growing a file over a regular extent that lies past EOF (one a power cut left past
// the recorded size) must not bring its old bytes back, in memory or after a remount.

import { describe, expect, it } from 'vitest';
import type { OpSpec } from '../scenario/types.ts';
import { runChecked, scenarioOf } from '../testing/runScenario.ts';

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
