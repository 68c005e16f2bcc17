// The worker's run: S15 under srcmap streams the events a simulation records (the golden log) in order and
// keeps none of them; a cut run names its power.cut event. X2 under xfs streams its events and outcomes in
// memory with the forks as records; a design of the other filesystem, a power cut on XFS, or a btrfs
// scenario that does not fit its device is refused with the reason, before any push.

import { describe, expect, it } from 'vitest';
import { createSimulation } from '../sim/simulation.ts';
import { builtin } from '../testing/runScenario.ts';
import type { RunStreamPush } from '../protocol.ts';
import { runScenario } from './runSession.ts';

function collect(args: Parameters<typeof runScenario>[0]) {
  const pushes: RunStreamPush[] = [];
  const reply = runScenario(args, null, (p) => pushes.push(p));
  return { reply, pushes };
}

describe('runScenario streams a btrfs run', () => {
  it('posts every event of the run in consecutive batches and counts what it posted', () => {
    const { reply, pushes } = collect({
      runId: 1,
      source: { kind: 'builtin', id: 'S15' },
      variant: 'srcmap',
      device: 'memory',
    });
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    const batches = pushes.flatMap((p) => (p.kind === 'events' ? [p] : []));
    let next = 0;
    for (const b of batches) {
      expect(b.from).toBe(next);
      next += b.batch.length;
    }
    const log = batches
      .flatMap((b) => b.batch.map((e) => JSON.stringify(e) + '\n'))
      .join('');
    const sim = createSimulation({
      scenario: builtin('S15'),
      variant: 'srcmap',
    });
    sim.runAll();
    expect(log).toBe(sim.events.map((e) => JSON.stringify(e) + '\n').join(''));
    expect(reply.eventCount).toBe(next);
    expect(batches.filter((b) => b.outcomes.length > 0)).toHaveLength(
      reply.outcomes.length,
    );
  });

  it('reports the power.cut event a cut run ended with', () => {
    const { reply, pushes } = collect({
      runId: 2,
      source: { kind: 'builtin', id: 'S2' },
      variant: 'srcmap',
      device: 'memory',
      cutAt: { event: 40 },
    });
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    const events = pushes.flatMap((p) => (p.kind === 'events' ? p.batch : []));
    const cuts = events.filter((e) => e.kind === 'power.cut');
    expect(cuts.map((e) => e.seq)).toEqual([reply.cut?.event]);
    expect(reply.cut?.event).toBeGreaterThan(40);
    expect(events).toHaveLength(reply.eventCount);
  });
});

describe('runScenario on XFS', () => {
  it('runs X2 under xfs in memory, every event streamed, with the forks as records', () => {
    const { reply, pushes } = collect({
      runId: 1,
      source: { kind: 'builtin', id: 'X2' },
      variant: 'xfs',
      device: 'image',
    });
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    expect(reply.device.kind).toBe('memory');
    expect(reply.outcomes.map((o) => o.result)).toEqual([200, 0]);
    const events = pushes.flatMap((p) => (p.kind === 'events' ? p.batch : []));
    expect(events).toHaveLength(reply.eventCount);
    const tables = new Set(
      events.flatMap((e) => (e.changes ?? []).map((c) => c.table)),
    );
    for (const t of ['xfsInode', 'xfsExtent', 'xfsSpace', 'xfsRefcount'])
      expect(tables).toContain(t);
  });

  it('refuses a btrfs design for X2, xfs for S2, and a power cut on XFS', () => {
    const mixed = collect({
      runId: 2,
      source: { kind: 'builtin', id: 'X2' },
      variant: 'srcmap',
      device: 'memory',
    }).reply;
    expect(mixed.ok ? [] : mixed.errors.map((e) => e.message)).toEqual([
      expect.stringContaining('runs under the xfs design only'),
    ]);
    const s2 = collect({
      runId: 3,
      source: { kind: 'builtin', id: 'S2' },
      variant: 'xfs',
      device: 'memory',
    }).reply;
    expect(s2.ok ? [] : s2.errors.map((e) => e.path)).toEqual(['filesystem']);
    const cut = collect({
      runId: 4,
      source: { kind: 'builtin', id: 'X2' },
      variant: 'xfs',
      device: 'memory',
      cutAt: { event: 5 },
    }).reply;
    expect(cut.ok ? [] : cut.errors.map((e) => e.path)).toEqual(['cut']);
  });
});

describe('runScenario on a device too small for the scenario', () => {
  it('refuses an extent larger than any data block group, as validation refuses a field, pushing nothing', () => {
    const json = JSON.stringify({
      id: 'big',
      title: 'x',
      description: 'x',
      geometry: { deviceSize: '64M' },
      files: [
        { name: 'F', size: '20M', extents: [{ offset: 0, length: '20M' }] },
      ],
      ops: [{ op: 'write', file: 'F', offset: 0, length: 4096 }],
    });
    const { reply, pushes } = collect({
      runId: 5,
      source: { kind: 'inline', json },
      variant: 'srcmap',
      device: 'memory',
    });
    const errors = reply.ok ? [] : reply.errors;
    expect(errors.map((e) => e.path)).toEqual(['files']);
    expect(errors[0]?.message).toContain(
      'a data block group on a 64 MiB device is at most 16 MiB',
    );
    expect(pushes).toEqual([]);
  });
});
