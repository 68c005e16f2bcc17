// Every walkthrough chapter checked against the engine, in Node: each stop's two runs diverge where the
// chapter says (or are identical where it says so), every anchored step and review point resolves, the
// oracle verdicts are the ones the text claims, and every chapter the start screen lists has content.

import { describe, expect, it } from 'vitest';
import type { StepEvent } from '@engine';
import { sharedCounterKeys } from '../panels/countersModel.ts';
import { designRun } from '../../engine/testing/runScenario.ts';
import { builtinFor } from '../model/designChoice.ts';
import { WALKTHROUGH_CHAPTERS } from './chapters.ts';
import { loreUrl } from './lore.ts';
import {
  countersProblem,
  differingCounters,
  oracleProblem,
  resolveStop,
} from './resolveStop.ts';
import { CHAPTERS } from './walkthroughContent.ts';

const MESSAGE_ID = /^[^\s<>/]+@[^\s<>/]+$/;

describe('patch-review walkthrough', () => {
  it('has content for exactly the chapters the start screen lists, in order', () => {
    expect(CHAPTERS.map((c) => c.id)).toEqual(
      WALKTHROUGH_CHAPTERS.map((c) => c.id),
    );
    expect(CHAPTERS.map((c) => c.patch.messageId).slice(0, 6)).toEqual(
      [2, 3, 4, 5, 6, 7].map(
        (n) => `20190621192828.28900-${String(n)}-rgoldwyn@suse.de`,
      ),
    );
  });

  for (const chapter of CHAPTERS) {
    describe(chapter.title, () => {
      it('links to lore by Message-ID', () => {
        const links = [
          chapter.patch,
          ...chapter.stops.flatMap((s) => s.review.map((r) => r.link)),
        ];
        for (const link of links) {
          expect(link.messageId).toMatch(MESSAGE_ID);
          expect(loreUrl(link.messageId)).toBe(
            `https://lore.kernel.org/r/${link.messageId}`,
          );
        }
      });

      chapter.stops.forEach((stop, i) => {
        it(`stop ${String(i + 1)}: ${stop.title} (${stop.scenario}, ${stop.primary} beside ${stop.compare})`, () => {
          const ra = designRun(
            builtinFor(stop.scenario, stop.primary),
            stop.primary,
          );
          const rb = designRun(
            builtinFor(stop.scenario, stop.compare),
            stop.compare,
          );
          const a = ra.events;
          const b = rb.events;
          const resolved = resolveStop(stop.anchor, a, b);
          expect(resolved.problem).toBeNull();
          expect(oracleProblem(stop.oracle, a, b)).toBeNull();
          expect(
            countersProblem(
              stop.countersDiffer,
              differingCounters(
                ra.outcomes,
                rb.outcomes,
                sharedCounterKeys(stop.primary, stop.compare),
              ),
            ),
          ).toBeNull();
          if (stop.anchor.kind === 'divergence') {
            // The step is the first that differs: everything before it is the same step in both runs.
            expect(resolved.divergence).toBe(resolved.step);
            const at = resolved.step;
            const step = (e: StepEvent | undefined) =>
              e === undefined
                ? 'none'
                : [e.kind, e.kfn, String(e.depth), e.note].join(' | ');
            expect(step(a[at])).not.toBe(step(b[at]));
            for (let s = 1; s < at; s++) expect(step(a[s])).toBe(step(b[s]));
          }
          if (stop.anchor.kind === 'identical') {
            expect(a.map((e) => e.note)).toEqual(b.map((e) => e.note));
          }
          // Every review point sits on a step that exists in the run.
          for (const point of stop.review) {
            expect(point.reviewer.length).toBeGreaterThan(0);
            expect(a[resolved.step]).toBeDefined();
          }
        });
      });
    });
  }
});
