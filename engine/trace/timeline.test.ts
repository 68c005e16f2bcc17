import { describe, expect, it } from 'vitest';
import { createSimulation } from '../sim/simulation.ts';
import { builtin } from '../testing/runScenario.ts';
import type { StepEvent } from './events.ts';
import { applyEvent, emptyState, stateToJson } from './reducer.ts';
import { Timeline } from './timeline.ts';

function events(id: string): readonly StepEvent[] {
  const sim = createSimulation({ scenario: builtin(id), variant: 'srcmap' });
  sim.runAll();
  return sim.events;
}

function linearStates(log: readonly StepEvent[]): string[] {
  const state = emptyState();
  return log.map((e) => {
    applyEvent(state, e);
    return JSON.stringify(stateToJson(state));
  });
}

describe('Timeline.append', () => {
  it('append(batches) seeks to the same states as a timeline built from the whole log', () => {
    const log = events('S15');
    const states = linearStates(log);
    const streamed = new Timeline([], 16);
    // Uneven batches that cut across checkpoint boundaries.
    for (let from = 0, size = 1; from < log.length; from += size, size += 7)
      streamed.append(log.slice(from, from + size));
    expect(streamed.length).toBe(log.length);
    for (const seq of [log.length - 1, 0, 15, 16, 17, 100, 31, log.length - 2])
      expect(JSON.stringify(stateToJson(streamed.seek(seq)))).toBe(states[seq]);
  });

  it('seek(seq) is clamped to what has arrived, and reaches further once more arrives', () => {
    const log = events('S2');
    const states = linearStates(log);
    const timeline = new Timeline(log.slice(0, 10), 4);
    expect(timeline.seek(50).seq).toBe(9);
    expect(JSON.stringify(stateToJson(timeline.seek(50)))).toBe(states[9]);
    timeline.append(log.slice(10));
    expect(JSON.stringify(stateToJson(timeline.seek(50)))).toBe(states[50]);
    // Back across checkpoints made by both the constructor and append().
    expect(JSON.stringify(stateToJson(timeline.seek(5)))).toBe(states[5]);
  });

  it('append() throws on a gap or a repeat instead of reducing a broken log', () => {
    const log = events('S2');
    const timeline = new Timeline(log.slice(0, 5));
    expect(() => {
      timeline.append(log.slice(6, 8));
    }).toThrow(/seq 6 appended after 5 events/);
    expect(() => {
      timeline.append(log.slice(4, 6));
    }).toThrow(/seq 4 appended after 5 events/);
  });
});

describe('Timeline.log and Timeline.latest', () => {
  it('log is the growing event array and latest the state after its last event', () => {
    const log = events('S2');
    const states = linearStates(log);
    const timeline = new Timeline(log.slice(0, 20));
    const view = timeline.log;
    expect(view).toHaveLength(20);
    expect(JSON.stringify(stateToJson(timeline.latest))).toBe(states[19]);
    timeline.append(log.slice(20));
    expect(view).toHaveLength(log.length);
    expect(JSON.stringify(stateToJson(timeline.latest))).toBe(
      states[log.length - 1],
    );
    // Seeking elsewhere leaves latest alone.
    timeline.seek(3);
    expect(JSON.stringify(stateToJson(timeline.latest))).toBe(
      states[log.length - 1],
    );
  });
});
