// The XFS forks layout against real X2 and X4 runs: the COW fork's reservation beside the shared data-fork
// extent, writeback's allocation, end_cow's remap, and no COW fork on a file that shares nothing.

import {
  applyEvent,
  cloneState,
  emptyState,
  type ReducedState,
  type StepEvent,
} from '@engine';
import { describe, expect, it } from 'vitest';
import { designRun } from '../../engine/testing/runScenario.ts';
import { XFS_LEFT, xfsForksLayout } from './xfsForksModel.ts';

function stateAfter(
  events: readonly StepEvent[],
  test: (e: StepEvent) => boolean,
): ReducedState {
  const state = emptyState();
  for (const e of events) {
    applyEvent(state, e);
    if (test(e)) return cloneState(state);
  }
  throw new Error('no such event');
}

const enter = (fn: string) => (e: StepEvent) =>
  e.kind === 'call.enter' && e.fn === fn;

describe('xfsForksLayout', () => {
  const x2 = designRun('X2', 'xfs').events;

  it('at setup: one shared written data-fork extent, an empty COW fork', () => {
    const s = stateAfter(x2, (e) => e.kind === 'sim.setup');
    const l = xfsForksLayout({
      tables: s.tables,
      ino: 131,
      maxFileEnd: 16384,
      width: 600,
    });
    expect(l.data.map((b) => b.state)).toEqual(['written']);
    expect(l.cow).toEqual([]);
    expect(l.hasCowFork).toBe(true);
    expect(l.shared).toHaveLength(1);
    expect(l.description).toContain('×2');
  });

  it('iomap_begin reserves 128K of delalloc in the COW fork, drawn inside the panel', () => {
    const s = stateAfter(x2, enter('xfs_bmapi_reserve_delalloc'));
    const l = xfsForksLayout({
      tables: s.tables,
      ino: 131,
      maxFileEnd: 16384,
      width: 600,
    });
    expect(l.cow.map((b) => `${b.state} ${b.title}`)).toEqual([
      'delalloc cow fork: delalloc [0B, +128K) at no disk blocks yet (a delayed allocation)',
    ]);
    for (const b of [...l.data, ...l.cow]) {
      expect(b.x).toBeGreaterThanOrEqual(XFS_LEFT);
      expect(b.x + b.width).toBeLessThanOrEqual(600);
    }
    expect(l.summary).toContain('i_delayed_blks 32');
  });

  it('after end_cow: block 0 lives at the COW blocks, 31 unwritten COW blocks stay, nothing shared at block 0', () => {
    const s = stateAfter(x2, (e) => e.kind === 'op.end' && e.op === 1);
    const l = xfsForksLayout({
      tables: s.tables,
      ino: 131,
      maxFileEnd: 16384,
      width: 600,
    });
    // Block 24, where 6.18 put X2's COW extent (the xfs-srcmap fixture).
    expect(l.description).toContain('written [0B, +4K) at disk 96K');
    expect(l.description).toContain('COW fork unwritten [4K, +124K)');
    expect(l.disk.some((d) => d.fork === 'cow')).toBe(true);
  });

  it('a file that shares nothing has no COW fork', () => {
    const x4 = designRun('X4', 'xfs').events;
    const s = stateAfter(x4, enter('xfs_bmapi_reserve_delalloc'));
    const l = xfsForksLayout({
      tables: s.tables,
      ino: 131,
      maxFileEnd: 32768,
      width: 600,
    });
    expect(l.hasCowFork).toBe(false);
    expect(l.data.map((b) => b.state)).toEqual(['written', 'delalloc']);
    expect(l.summary).toContain('no COW fork');
  });
});
