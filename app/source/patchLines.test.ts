// patchLineRows on real runs: the lines patches 2/6 and 5/6 change, and how often each ran under v1 as
// posted and under the fixed srcmap design on S3, where v1 zeroes what srcmap reads.

import { describe, expect, it } from 'vitest';
import { eventsOf } from '../../engine/testing/runScenario.ts';
import { patchLineRows, rowKey } from './patchLines.ts';

const runs = [
  { design: 'v1-posted' as const, events: eventsOf('S3', 'v1-posted') },
  { design: 'srcmap' as const, events: eventsOf('S3', 'srcmap') },
];

function counts(patch: 1 | 2 | 3 | 4 | 5 | 6) {
  return Object.fromEntries(
    patchLineRows(patch, runs).map((r) => [
      rowKey(r),
      r.steps.map((s) => (s === null ? null : s.length)),
    ]),
  );
}

describe('patchLineRows', () => {
  it('2/6 on S3: the srcmap read never runs as posted, and the fixed design runs it once', () => {
    expect(counts(2)).toEqual({
      'iomap_write_begin#from-srcmap': [0, 1],
      '__iomap_write_begin#read': [0, 1],
    });
  });

  it('5/6 on S3: v1 sets IOMAP_COW once; the fixed design has no such lines', () => {
    expect(counts(5)).toEqual({
      'btrfs_buffered_iomap_begin#cow': [1, null],
    });
  });

  it('6/6 marks no line of the v1 listings (it only deletes the legacy loop)', () => {
    expect(patchLineRows(6, runs)).toEqual([]);
  });
});
