// The XFS free-space numbers against a real X5 run: the 32-block speculative preallocation moves from
// m_fdblocks to m_delalloc_blks at iomap_begin, and writeback turns it into allocated blocks.

import { applyEvent, emptyState, type StepEvent } from '@engine';
import { describe, expect, it } from 'vitest';
import { designRun } from '../../engine/testing/runScenario.ts';
import { xfsSpaceView } from './xfsSpaceModel.ts';

describe('xfsSpaceView', () => {
  const events = designRun('X5', 'xfs').events;

  function viewAfter(test: (e: StepEvent) => boolean) {
    const state = emptyState();
    for (const e of events) {
      applyEvent(state, e);
      if (test(e)) {
        const change = e.changes?.find(
          (c) => c.table === 'xfsSpace' && c.before !== null,
        );
        return xfsSpaceView(
          state.tables,
          change?.table === 'xfsSpace'
            ? (change.before ?? undefined)
            : undefined,
        );
      }
    }
    throw new Error('no such event');
  }

  it('is null without XFS records (a btrfs run)', () => {
    expect(xfsSpaceView(emptyState().tables, undefined)).toBeNull();
  });

  it('the reservation takes 32 blocks from m_fdblocks into m_delalloc_blks', () => {
    const v = viewAfter(
      (e) => e.kind === 'call.enter' && e.fn === 'xfs_bmapi_reserve_delalloc',
    );
    const by = new Map(v?.segments.map((s) => [s.key, s]));
    expect(by.get('delalloc')?.blocks).toBe(32);
    expect(by.get('delalloc')?.delta).toBe(32);
    expect(by.get('free')?.delta).toBe(-32);
    expect(v?.inodes).toEqual([{ name: 'F', delayedBlocks: 32 }]);
    const total = v?.segments.reduce((n, s) => n + s.blocks, 0);
    expect(total).toBe(v?.dblocks);
    expect(v?.segments.map((s) => s.start)).toEqual([
      0,
      by.get('allocated')?.blocks,
      (by.get('allocated')?.blocks ?? 0) + 32,
    ]);
  });

  it('after writeback nothing is delalloc: the 32 blocks are allocated', () => {
    const v = viewAfter((e) => e.kind === 'op.end' && e.op === 1);
    const by = new Map(v?.segments.map((s) => [s.key, s]));
    expect(by.get('delalloc')?.blocks).toBe(0);
    expect(v?.inodes[0]?.delayedBlocks).toBe(0);
  });
});
