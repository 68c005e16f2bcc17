// The space view's layout model over a real run: the enospc scenario's device, block groups, tickets and
// flush states at the steps where they change.

import { describe, expect, it } from 'vitest';
import {
  applyEvent,
  createSimulation,
  emptyState,
  type ReducedState,
  type StepEvent,
} from '@engine';
import { builtin } from '../../engine/testing/runScenario.ts';
import {
  deviceSegments,
  flushSteps,
  groupRows,
  placeGroups,
  reserveLines,
  ticketLines,
  unallocatedBytes,
} from './spaceModel.ts';

const MiB = 1024 * 1024;

/** The reduced state right after the first event `match` accepts. */
function stateAt(match: (e: StepEvent) => boolean): ReducedState {
  const sim = createSimulation({
    scenario: builtin('enospc'),
    variant: 'srcmap',
  });
  sim.runAll();
  const state = emptyState();
  for (const e of sim.events) {
    applyEvent(state, e);
    if (match(e)) return state;
  }
  throw new Error('no such event');
}

function records(state: ReducedState) {
  const device = state.tables.device.get('device');
  if (device === undefined) throw new Error('no device record');
  return {
    device,
    groups: [...state.tables.blockGroup.values()],
    tickets: [...state.tables.ticket.values()],
  };
}

describe('the space view model', () => {
  it('lays the device out in physical order: reserved MiB, stripes, free ranges', () => {
    const { device, groups } = records(stateAt((e) => e.kind === 'sim.setup'));
    const segments = deviceSegments(device, groups);
    expect(segments[0]).toMatchObject({
      start: 0,
      length: MiB,
      kind: 'reserved',
    });
    // Every byte of the device is in exactly one segment, in order.
    let at = 0;
    for (const s of segments) {
      expect(s.start).toBe(at);
      at += s.length;
    }
    expect(at).toBe(64 * MiB);
    // The 3 MiB gap mkfs left is the only room for another chunk.
    expect(unallocatedBytes(segments)).toBe(3 * MiB);
    expect(segments.filter((s) => s.kind === 'metadata')).toHaveLength(2);
  });

  it('rows the block groups by type with their used, reserved, pinned and free bytes', () => {
    const { groups } = records(stateAt((e) => e.kind === 'sim.setup'));
    const rows = groupRows(groups);
    expect(rows.map((r) => r.name)).toEqual([
      'DATA single',
      'METADATA DUP',
      'SYSTEM DUP',
    ]);
    const data = rows[0];
    expect(data?.groups.map((g) => g.length / MiB)).toEqual([2, 16, 16, 6]);
    for (const g of data?.groups ?? [])
      expect(g.used + g.reserved + g.pinned + g.free).toBe(g.length);
    expect(data?.groups.every((g) => g.free === 0)).toBe(true);
    if (data === undefined) return;
    // Side by side, 3 px apart, each as wide as its share; a full group is one used part across it.
    const placed = placeGroups(data, 409, 3);
    expect(placed.map((p) => Math.round(p.width))).toEqual([20, 160, 160, 60]);
    expect(placed[1]?.x).toBeCloseTo((placed[0]?.width ?? 0) + 3);
    expect(placed[1]?.parts).toEqual([
      { part: 'used', x: placed[1]?.x, width: placed[1]?.width },
    ]);
  });

  it('shows the waiting ticket and the flush state running', () => {
    const state = stateAt(
      (e) => e.kind === 'btrfs.flush' && e.state === 'COMMIT_TRANS',
    );
    expect(ticketLines(records(state).tickets)).toEqual([
      'ticket 2: 64K of data space waits',
    ]);
    const steps = flushSteps('data', state.tables.flush.get('data'));
    expect(steps.map((s) => s.state)).toEqual([
      'ALLOC_CHUNK_FORCE',
      'FLUSH_DELALLOC_FULL',
      'RUN_DELAYED_IPUTS',
      'COMMIT_TRANS',
      'RESET_ZONES',
      'ALLOC_CHUNK_FORCE',
    ]);
    expect(steps.filter((s) => s.status === 'running')).toEqual([
      { state: 'COMMIT_TRANS', status: 'running' },
    ]);
  });

  it('tells the chunk loop from the last data state', () => {
    const state = stateAt(
      (e) => e.kind === 'btrfs.flush' && e.state === 'ALLOC_CHUNK_FORCE',
    );
    const steps = flushSteps('data', state.tables.flush.get('data'));
    expect(steps.map((s) => s.status)).toEqual([
      'running',
      'waiting',
      'waiting',
      'waiting',
      'waiting',
      'waiting',
    ]);
    expect(
      flushSteps('metadata', undefined).every((s) => s.status === 'waiting'),
    ).toBe(true);
  });

  it('names the global and delayed refs reserves', () => {
    const state = stateAt((e) => e.kind === 'sim.setup');
    expect(reserveLines([...state.tables.blockRsv.values()])).toEqual([
      'global reserve: holds 1408K of 1408K',
      'delayed refs reserve: holds 0B of 0B',
    ]);
  });
});
