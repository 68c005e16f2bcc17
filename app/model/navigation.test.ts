import { describe, expect, it } from 'vitest';
import {
  createSimulation,
  findBuiltin,
  validateScenario,
  type VariantId,
} from '@engine';
import { nextMarker, prevMarker } from './navigation.ts';
import { indexRun } from './runIndex.ts';

function run(id: string, variant: VariantId) {
  const v = validateScenario(findBuiltin(id));
  if (!v.ok) throw new Error(`${id} does not validate`);
  const sim = createSimulation({ scenario: v.scenario, variant });
  sim.runAll();
  return { events: sim.events, index: indexRun(sim.events) };
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
