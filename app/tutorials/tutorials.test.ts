// Every tutorial against the engine itself (in Node, no page): its scenario and design exist, every
// checkpoint is found in the run, every claim holds there, and every question has exactly one correct
// option, computed from the next checkpoint's state. A tutorial the engine no longer agrees with fails here.

import { describe, expect, it } from 'vitest';
import {
  applyEvent,
  cloneState,
  emptyState,
  type ReducedState,
  type StepEvent,
} from '@engine';
import { present } from '../../engine/testing/nonVacuous.ts';
import { designRun } from '../../engine/testing/runScenario.ts';
import { claimHolds, describeClaim } from './claims.ts';
import { TUTORIALS } from './library/index.ts';
import { displayOrder, questionKey } from './optionOrder.ts';
import { correctOptions, resolveCheckpoints } from './resolve.ts';
import type { Tutorial } from './types.ts';

function runOf(t: Tutorial): readonly StepEvent[] {
  return designRun(t.scenario, t.variant).events;
}

function statesAt(
  events: readonly StepEvent[],
  seqs: readonly number[],
): ReducedState[] {
  const wanted = new Set(seqs);
  const out = new Map<number, ReducedState>();
  const state = emptyState();
  for (const e of events) {
    applyEvent(state, e);
    if (wanted.has(e.seq)) out.set(e.seq, cloneState(state));
  }
  return seqs.map((s) => {
    const st = out.get(s);
    if (st === undefined) throw new Error(`no state at ${String(s)}`);
    return st;
  });
}

describe('tutorials', () => {
  it('there are at least 8, with unique ids, 2-5 sentence narrations and at most one question each', () => {
    expect(TUTORIALS.length).toBeGreaterThanOrEqual(8);
    expect(new Set(TUTORIALS.map((t) => t.id)).size).toBe(TUTORIALS.length);
    for (const t of TUTORIALS) {
      expect(t.checkpoints.length, t.id).toBeGreaterThanOrEqual(2);
      for (const cp of t.checkpoints) {
        const sentences = cp.narration
          .split(/[.!?](?:\s|$)/)
          .filter((s) => s.trim() !== '');
        expect(sentences.length, `${t.id}: ${cp.title}`).toBeGreaterThanOrEqual(
          2,
        );
        expect(sentences.length, `${t.id}: ${cp.title}`).toBeLessThanOrEqual(5);
        expect(cp.claims.length, `${t.id}: ${cp.title}`).toBeGreaterThan(0);
        expect(cp.look.length, `${t.id}: ${cp.title}`).toBeGreaterThan(0);
      }
      // A question predicts the next checkpoint: the last one cannot ask.
      expect(t.checkpoints.at(-1)?.question, t.id).toBeUndefined();
    }
  });

  it('no display position holds more than half of the right answers', () => {
    // Where each question's right option (computed from the engine) is shown, counted by position.
    const byPosition = new Map<number, number>();
    let questions = 0;
    for (const t of TUTORIALS) {
      const events = runOf(t);
      const resolution = resolveCheckpoints(t, events);
      if (!resolution.ok) continue;
      const [start] = statesAt(events, [0]);
      const next = statesAt(events, resolution.seqs);
      t.checkpoints.forEach((cp, i) => {
        const state = next[i + 1];
        if (cp.question === undefined || state === undefined || !start) return;
        const [right] = correctOptions(cp.question, { state, start });
        const shown = displayOrder(questionKey(t.id, i), cp.question.options);
        const at = shown.findIndex((o) => o.id === right);
        byPosition.set(at, (byPosition.get(at) ?? 0) + 1);
        questions++;
      });
    }
    expect(questions).toBeGreaterThanOrEqual(20);
    expect(byPosition.has(-1)).toBe(false);
    for (const count of byPosition.values())
      expect(count).toBeLessThanOrEqual(questions / 2);
  });

  for (const t of TUTORIALS)
    describe(`${t.id} (${t.scenario} under ${t.variant})`, () => {
      const events = runOf(t);
      const resolution = resolveCheckpoints(t, events);
      /** The state at the start and at each checkpoint; fails the test when a checkpoint is not found. */
      const checkpoints = (): {
        start: ReducedState;
        states: ReducedState[];
      } => {
        if (!resolution.ok)
          throw new Error(`the checkpoints of ${t.id} were not all found`);
        return {
          start: present(statesAt(events, [0])[0], 'the state at step 0'),
          states: statesAt(events, resolution.seqs),
        };
      };

      it('every checkpoint is found, in order', () => {
        expect(resolution).toMatchObject({ ok: true });
      });

      it('every claim holds at its checkpoint', () => {
        const { start, states } = checkpoints();
        const failed: string[] = [];
        t.checkpoints.forEach((cp, i) => {
          const state = present(states[i], `checkpoint ${String(i + 1)}`);
          for (const c of cp.claims)
            if (!claimHolds(c, { state, start }))
              failed.push(
                `checkpoint ${String(i + 1)} (step ${String(state.seq)}): ${describeClaim(c)}`,
              );
        });
        expect(failed).toEqual([]);
      });

      const asked = t.checkpoints.flatMap((cp, i) =>
        cp.question === undefined ? [] : [{ question: cp.question, i }],
      );
      if (asked.length > 0)
        it('every question has exactly one correct option, computed from the next checkpoint', () => {
          const { start, states } = checkpoints();
          for (const { question, i } of asked) {
            const next = present(
              states[i + 1],
              `the checkpoint after question ${String(i + 1)}`,
            );
            const correct = correctOptions(question, { state: next, start });
            expect(correct, `checkpoint ${String(i + 1)}`).toHaveLength(1);
            expect(question.options.map((o) => o.id)).toContain(correct[0]);
          }
        });
    });
});
