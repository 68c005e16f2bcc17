// Test helpers: run a built-in scenario under a design, and read the reduced state after each operation.

import { findBuiltin } from '../scenario/library/index.ts';
import type { Op, Scenario, VariantId } from '../scenario/types.ts';
import type { FsckReport } from '../check/fsck.ts';
import { validateScenario } from '../scenario/validate.ts';
import { createSimulation, type Simulation } from '../sim/simulation.ts';
import {
  applyEvent,
  cloneState,
  emptyState,
  type ReducedState,
} from '../trace/reducer.ts';

export function builtin(id: string): Scenario {
  const spec = findBuiltin(id);
  if (spec === undefined) throw new Error(`no built-in scenario ${id}`);
  const v = validateScenario(spec);
  if (!v.ok) throw new Error(`built-in ${id} is invalid`);
  return v.scenario;
}

export interface RunResult {
  readonly sim: Simulation;
  /** The reduced state right after each operation's op.end event. */
  readonly afterOp: readonly ReducedState[];
}

/** Runs a built-in scenario (by id) or a given scenario under `variant`. */
export function run(
  scenario: string | Scenario,
  variant: VariantId,
): RunResult {
  const sim = createSimulation({
    scenario: typeof scenario === 'string' ? builtin(scenario) : scenario,
    variant,
  });
  sim.runAll();
  const afterOp: ReducedState[] = [];
  const state = emptyState();
  for (const event of sim.events) {
    applyEvent(state, event);
    if (event.kind === 'op.end') afterOp.push(cloneState(state));
  }
  return { sim, afterOp };
}

/** The scenario with writeback (waiting) of every file and a final complete-io appended: quiescent at the end. */
export function drained(scenario: Scenario): Scenario {
  const tail: Op[] = [
    ...scenario.files.map((f): Op => ({
      op: 'writeback',
      file: f.name,
      wait: true,
    })),
    { op: 'complete-io' },
  ];
  return { ...scenario, ops: [...scenario.ops, ...tail] };
}

/** A fsck report as text, one problem per line ('' when clean): readable in a failed assertion. */
export function describeReport(r: FsckReport): string {
  return r.problems.map((p) => `${p.code}: ${p.message}`).join('\n');
}
