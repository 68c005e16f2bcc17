// Writeback of delalloc runs that cross pages, with 4 KiB blocks on 64 KiB pages: every page an ordered
// extent takes bytes from goes to writeback with it, and no dirty block is left without DELALLOC (cases the
// exerciser found on 64 KiB pages).

import { describe, expect, it } from 'vitest';
import type { OpSpec } from '../scenario/types.ts';
import { runChecked, scenarioOf } from '../testing/runScenario.ts';

const DESIGNS = ['legacy', 'srcmap'] as const;

function onSubpages(id: string, ops: OpSpec[]) {
  return scenarioOf({
    id,
    geometry: { pageSize: '64K', sectorSize: '4K' },
    files: [{ name: 'F', size: 0 }],
    ops,
  });
}

describe('extent_writepages with 4K blocks on 64K pages', () => {
  it.each(DESIGNS)(
    '%s: a ranged writeback of a page where a run starts takes every page of the run',
    (variant) => {
      // btrfs_zero_range writes back [320K, 324K): page 5 holds the start of the run [364K, 492K).
      const scenario = onSubpages('run-past-the-range', [
        { op: 'write', file: 'F', offset: '364K', length: '128K' },
        {
          op: 'fallocate',
          file: 'F',
          mode: 'zero-range',
          offset: '320K',
          length: 2188,
          keepSize: false,
        },
      ]);
      expect(runChecked(scenario, variant).failures).toEqual([]);
    },
  );

  it.each(DESIGNS)(
    '%s: a run that starts in a page skipped under writeback is allocated from the next page on',
    (variant) => {
      const scenario = onSubpages('run-from-a-skipped-page', [
        { op: 'write', file: 'F', offset: 0, length: '4K' },
        { op: 'writeback', file: 'F', wait: false },
        { op: 'write', file: 'F', offset: '60K', length: '8K' },
        { op: 'writeback', file: 'F', wait: false },
      ]);
      expect(runChecked(scenario, variant).failures).toEqual([]);
    },
  );

  it.each(DESIGNS)(
    '%s: a run that reaches into a page skipped under writeback stops before it',
    (variant) => {
      // The write waits for no ordered extent (none overlaps it), so page 1 stays under writeback.
      const scenario = onSubpages('run-into-a-skipped-page', [
        { op: 'write', file: 'F', offset: '120K', length: '4K' },
        { op: 'writeback', file: 'F', wait: false },
        { op: 'write', file: 'F', offset: '60K', length: '8K' },
        { op: 'writeback', file: 'F', wait: false },
      ]);
      expect(runChecked(scenario, variant).failures).toEqual([]);
    },
  );
});

describe('btrfs_submit_data_bio', () => {
  it('writes an ordered extent longer than one gathered piece (1 MiB) piece by piece, each at its own disk address', () => {
    // 3 MiB and a bit in one delalloc run: one ordered extent, four pieces. Read back from disk after the
    // cache is dropped and after a remount.
    const scenario = scenarioOf({
      id: 'long-ordered-extent',
      files: [{ name: 'F', size: 0 }],
      ops: [
        { op: 'write', file: 'F', offset: 0, length: 3 * 1024 * 1024 + 4096 },
        { op: 'fsync', file: 'F' },
        { op: 'drop-caches' },
        { op: 'read', file: 'F', offset: 0, length: 3 * 1024 * 1024 + 4096 },
        { op: 'remount' },
        { op: 'read', file: 'F', offset: 0, length: 3 * 1024 * 1024 + 4096 },
      ],
    });
    expect(runChecked(scenario, 'srcmap').failures).toEqual([]);
  });
});
