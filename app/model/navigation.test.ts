import { describe, expect, it } from 'vitest';
import {
  createSimulation,
  findBuiltin,
  validateScenario,
  type VariantId,
} from '@engine';
import { linkCut, nextMarker, prevMarker } from './navigation.ts';
import { indexRun } from './runIndex.ts';

function run(id: string, variant: VariantId, cut?: number) {
  const v = validateScenario(findBuiltin(id));
  if (!v.ok) throw new Error(`${id} does not validate`);
  const sim = createSimulation({
    scenario: v.scenario,
    variant,
    ...(cut === undefined ? {} : { cutAt: { event: cut } }),
  });
  sim.runAll();
  return { events: sim.events, index: indexRun(sim.events), cut: sim.cut };
}

describe('data-loss jumps', () => {
  it('go to each oracle disagreement in turn, and stay put past the last', () => {
    const r = run('S3', 'v1-posted');
    const losses = r.events
      .filter((e) => e.kind === 'oracle.check' && !e.ok)
      .map((e) => e.seq);
    expect(losses.length).toBeGreaterThan(1);
    let at = 0;
    for (const seq of losses) {
      at = nextMarker(r, at, 'oracle');
      expect(at).toBe(seq);
    }
    expect(nextMarker(r, at, 'oracle')).toBe(at);
    for (const seq of losses.slice(0, -1).reverse()) {
      at = prevMarker(r, at, 'oracle');
      expect(at).toBe(seq);
    }
    expect(prevMarker(r, at, 'oracle')).toBe(at);
  });

  it('find nothing in a run without data loss', () => {
    const r = run('S3', 'srcmap');
    expect(nextMarker(r, 0, 'oracle')).toBe(0);
  });
});

describe('linkCut', () => {
  const a = run('S2', 'srcmap');
  const b = run('S2', 'legacy');

  it('cuts the other run in the same operation, however far into it', () => {
    for (
      let event = a.index.opStarts[0] ?? 1;
      event < a.events.length;
      event++
    ) {
      const op = a.events[event - 1]?.op ?? -1;
      if (op < 0 || a.events[event - 1]?.kind === 'op.end') continue;
      const other = linkCut(a, b, event);
      const cutB = run('S2', 'legacy', other);
      const cutA = run('S2', 'srcmap', event);
      expect(cutB.cut?.op, `cut before step ${String(event)}`).toBe(op);
      expect(cutA.cut?.op).toBe(op);
    }
  });

  it('keeps a cut between two operations between the same two in the other run', () => {
    const end = a.index.opEnds[0] ?? 0;
    expect(linkCut(a, b, end + 1)).toBe((b.index.opEnds[0] ?? 0) + 1);
  });
});
