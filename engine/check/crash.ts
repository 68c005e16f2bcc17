// The crash-point enumerator: run a scenario once to count its step events, then again for every event
// boundary with the power cut just before that event — once losing every unflushed write, once letting a
// seeded part of them land in any order — mount again, and check that the filesystem is consistent
// (fsck, quiescent and committed: nothing may be in flight after a mount) and that nothing fsync'ed was
// lost.

import type { Scenario, VariantId } from '../scenario/types.ts';
import { createSimulation } from '../sim/simulation.ts';
import { checkFs } from './fsck.ts';

export interface CrashViolation {
  /** The event the power was cut before, and the operation it interrupted. */
  readonly event: number;
  readonly op: number;
  /** The seed of a partial loss; absent when every unflushed write was lost. */
  readonly seed?: number;
  readonly problems: readonly string[];
}

export interface CrashReport {
  readonly scenario: string;
  readonly variant: VariantId;
  /** Step events of the uncut run; every boundary after the setup is a cut point. */
  readonly events: number;
  readonly cutPoints: number;
  /** Runs made: two per cut point (total and partial loss). */
  readonly runs: number;
  readonly violations: readonly CrashViolation[];
  readonly lostDurableBytes: number;
}

export function crashScenario(
  scenario: Scenario,
  variant: VariantId,
  onProgress?: (done: number, total: number) => void,
): CrashReport {
  const whole = createSimulation({ scenario, variant, history: false });
  whole.runAll();
  const events = whole.events.length;
  const violations: CrashViolation[] = [];
  let lostDurableBytes = 0;
  let runs = 0;
  for (let event = 1; event < events; event++) {
    for (const seed of [undefined, event]) {
      runs++;
      const sim = createSimulation({
        scenario,
        variant,
        history: false,
        cutAt: seed === undefined ? { event } : { event, seed },
      });
      const problems: string[] = [];
      for (let o = sim.step(); o !== null; o = sim.step())
        if (sim.cut !== null) problems.push(...o.oracle.mismatches);
      const cut = sim.cut;
      if (cut === null) {
        problems.push(
          'the run ended before the cut point: the scenario is not deterministic',
        );
      } else {
        const fsck = checkFs(sim.fs, { quiescent: true, committed: true });
        problems.push(
          ...fsck.problems.map((p) => `fsck ${p.code}: ${p.message}`),
        );
      }
      lostDurableBytes += sim.lostDurableBytes;
      if (problems.length > 0)
        violations.push({
          event,
          op: cut?.op ?? -1,
          ...(seed === undefined ? {} : { seed }),
          problems,
        });
    }
    onProgress?.(event, events - 1);
  }
  return {
    scenario: scenario.id,
    variant,
    events,
    cutPoints: events - 1,
    runs,
    violations,
    lostDurableBytes,
  };
}
