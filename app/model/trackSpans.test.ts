import { describe, expect, it } from 'vitest';
import {
  BUILTIN_SCENARIOS,
  createSimulation,
  findBuiltin,
  validateScenario,
  VARIANT_IDS,
  type StepEvent,
  type VariantId,
} from '@engine';
import {
  spanEnd,
  TrackSpanBuilder,
  trackSpans,
  type TrackKind,
} from './trackSpans.ts';

function events(id: string, variant: VariantId): readonly StepEvent[] {
  const v = validateScenario(findBuiltin(id));
  if (!v.ok) throw new Error(`${id} does not validate`);
  const sim = createSimulation({ scenario: v.scenario, variant });
  sim.runAll();
  return sim.events;
}

function kinds(ev: readonly StepEvent[], k: string): StepEvent[] {
  return ev.filter((e) => e.kind === k);
}

describe('trackSpans(events) puts each kind of event on its track', () => {
  it('S3 under v1-posted: one band per operation, one write iteration per iomap_apply, one writeback', () => {
    const ev = events('S3', 'v1-posted');
    const t = trackSpans(ev);
    expect(t.op.map((s) => [s.start, s.end])).toEqual(
      kinds(ev, 'op.start').map((e, i) => [e.seq, kinds(ev, 'op.end')[i]?.seq]),
    );
    const applies = ev.filter(
      (e) => e.kind === 'call.enter' && e.fn === 'iomap_apply',
    );
    expect(t.write.map((s) => s.start)).toEqual(applies.map((e) => e.seq));
    for (const s of t.write)
      expect(ev[s.end]).toMatchObject({ kind: 'call.exit', fn: 'iomap_apply' });
    expect(t.writeback).toHaveLength(1);
    expect(ev[t.writeback[0]?.start ?? -1]).toMatchObject({
      fn: 'extent_writepages',
    });
  });

  it('I/O runs from submission to its completion; a synchronous read ends when its bytes arrive', () => {
    const ev = events('S3', 'legacy');
    const io = trackSpans(ev).io;
    expect(io.map((s) => s.style)).toEqual(
      kinds(ev, 'io.submit').map((e) => (e.kind === 'io.submit' ? e.dir : '')),
    );
    const read = io.find((s) => s.style === 'read');
    const write = io.find((s) => s.style === 'write');
    expect(ev[read?.end ?? -1]?.kind).toBe('page.read');
    expect(ev[write?.end ?? -1]?.kind).toBe('io.complete');
  });

  it('the legacy loop: a pass runs from its data reservation to btrfs_delalloc_release_extents', () => {
    const ev = events('S3', 'legacy');
    const [pass] = trackSpans(ev).write;
    expect(ev[pass?.start ?? -1]).toMatchObject({
      fn: 'btrfs_check_data_free_space',
    });
    expect(ev[pass?.end ?? -1]).toMatchObject({
      kind: 'call.exit',
      fn: 'btrfs_delalloc_release_extents',
    });
  });

  it('verdicts: every oracle check (ok or loss) and every error, in order', () => {
    const ev = events('S3', 'v1-posted');
    const v = trackSpans(ev).verdict;
    expect(v.map((s) => s.style)).toEqual(
      ev
        .filter((e) => e.kind === 'oracle.check' || e.kind === 'error')
        .map((e) =>
          e.kind === 'oracle.check' ? (e.ok ? 'ok' : 'loss') : 'error',
        ),
    );
    expect(v.some((s) => s.style === 'loss')).toBe(true);
  });

  it('waits: ordered-extent waits and space tickets from queue to grant or fail', () => {
    const s7 = trackSpans(events('S7', 'srcmap')).wait;
    expect(s7.length).toBeGreaterThan(0);
    const enospc = events('enospc', 'srcmap');
    const tickets = trackSpans(enospc).wait.filter(
      (s) => enospc[s.start]?.kind === 'btrfs.ticket',
    );
    expect(tickets.length).toBe(
      enospc.filter((e) => e.kind === 'btrfs.ticket' && e.action === 'queue')
        .length,
    );
    for (const s of tickets)
      expect(enospc[s.end]).toMatchObject({ kind: 'btrfs.ticket' });
  });

  it('commits and power cuts share a track', () => {
    const ev = events('S15', 'srcmap');
    const c = trackSpans(ev).commit;
    expect(c.some((s) => s.style === 'commit')).toBe(true);
    expect(c.filter((s) => s.style === 'power')).toHaveLength(
      ev.filter((e) => e.kind === 'power.cut' || e.kind === 'fs.mount').length,
    );
  });

  it('every built-in scenario under every design it names: spans in order, none open at the end, inside the run', () => {
    for (const sc of BUILTIN_SCENARIOS)
      for (const variant of sc.variants ?? VARIANT_IDS) {
        const ev = events(sc.id, variant);
        const t = trackSpans(ev);
        for (const kind of Object.keys(t) as TrackKind[]) {
          let last = -1;
          for (const s of t[kind]) {
            expect(s.start).toBeGreaterThanOrEqual(last);
            last = s.start;
            expect(spanEnd(s, ev.length)).toBeGreaterThanOrEqual(s.start);
            expect(spanEnd(s, ev.length)).toBeLessThan(ev.length);
          }
        }
        expect(t.op.every((s) => s.end >= 0)).toBe(true);
      }
  });

  it('built batch by batch it equals built at once; an open span ends at the last event so far', () => {
    const ev = events('S7', 'srcmap');
    const b = new TrackSpanBuilder();
    for (let i = 0; i < ev.length; i += 7) b.append(ev.slice(i, i + 7));
    expect(b.snapshot()).toEqual(trackSpans(ev));
    const half = trackSpans(
      ev.slice(0, ev.findIndex((e) => e.kind === 'io.submit') + 1),
    );
    const open = half.io[half.io.length - 1];
    expect(open?.end).toBe(-1);
    if (open !== undefined) expect(spanEnd(open, 1000)).toBe(999);
  });
});
