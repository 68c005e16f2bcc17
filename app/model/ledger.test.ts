// The reservations ledger on real runs: every byte a write reserved is accounted for at the end of a quiescent
// run, and the metadata the delayed refs reserve holds until the next commit is not counted as leaked.

import { describe, expect, it } from 'vitest';
import { applyEvent, emptyState, type SpaceRec, type StepEvent } from '@engine';
import { present } from '../../engine/testing/nonVacuous.ts';
import { eventsOf } from '../../engine/testing/runScenario.ts';
import { buildLedger } from './ledger.ts';
import { indexRun } from './runIndex.ts';

function ledgerOf(events: readonly StepEvent[]) {
  const latest = emptyState();
  for (const e of events) applyEvent(latest, e);
  const run = {
    events,
    index: indexRun(events),
    complete: true,
    timeline: { latest },
  };
  return { ledger: buildLedger(run, events.length - 1), latest };
}

describe('buildLedger', () => {
  it('S2 under srcmap: nothing leaks; the delayed refs reserve holds its metadata until a commit', () => {
    const { ledger, latest } = ledgerOf(eventsOf('S2', 'srcmap'));
    expect(ledger.pending).toBeNull();
    const held = latest.tables.blockRsv.get('delayed_refs')?.reserved ?? 0;
    expect(held).toBeGreaterThan(0);
    expect(ledger.delayedRefs).toBe(held);
    expect(ledger.rows.length).toBeGreaterThan(0);
    expect(ledger.leaked).not.toBeNull();
    expect(
      ledger.rows.map((r) => ledger.leaked?.get(r.op) ?? { data: 0, meta: 0 }),
    ).toEqual(ledger.rows.map(() => ({ data: 0, meta: 0 })));
  });

  it('reports what a quiescent run still holds beyond the delayed refs reserve as leaked', () => {
    const events = eventsOf('S2', 'srcmap');
    // The same run with one more metadata reservation of 16K that nothing gives back, in the last operation.
    const last = events[events.length - 1] as StepEvent;
    const meta = events
      .flatMap((e) => e.changes ?? [])
      .filter((c) => c.table === 'space' && c.key === 'metadata')
      .at(-1);
    const before = present(meta?.after, 'a metadata space record') as SpaceRec;
    const leak: StepEvent = {
      ...last,
      seq: events.length,
      changes: [
        {
          table: 'space',
          key: 'metadata',
          before,
          after: { ...before, mayUse: before.mayUse + 16384 },
        },
      ],
    };
    const { ledger } = ledgerOf([...events, leak]);
    expect(ledger.leaked?.get(last.op)).toEqual({ data: 0, meta: 16384 });
  });
});
