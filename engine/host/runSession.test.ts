// The worker's run: X2 under xfs streams its events and outcomes in memory with the forks as records; a
// design of the other filesystem, a power cut on XFS, or a btrfs scenario that does not fit its device is
// refused with the reason, before any push.

import { describe, expect, it } from 'vitest';
import type { RunStreamPush } from '../protocol.ts';
import { runScenario } from './runSession.ts';

function collect(args: Parameters<typeof runScenario>[0]) {
  const pushes: RunStreamPush[] = [];
  const reply = runScenario(args, null, (p) => pushes.push(p));
  return { reply, pushes };
}

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
