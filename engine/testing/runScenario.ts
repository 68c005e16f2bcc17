// Test helpers: run a built-in scenario under a design, and read the reduced state after each operation.

import { findBuiltin } from '../scenario/library/index.ts';
import type {
  DesignId,
  Op,
  Scenario,
  ScenarioSpec,
  VariantId,
} from '../scenario/types.ts';
import type { OpOutcome } from '../sim/opEnd.ts';
import { createXfsSimulation } from '../sim/xfsSimulation.ts';
import { checkFs, type FsckCode, type FsckReport } from '../check/fsck.ts';
import { validateScenario } from '../scenario/validate.ts';
import { createSimulation, type Simulation } from '../sim/simulation.ts';
import {
  applyEvent,
  cloneState,
  emptyState,
  type ReducedState,
} from '../trace/reducer.ts';
import type { StepEvent } from '../trace/events.ts';

export function builtin(id: string): Scenario {
  const spec = findBuiltin(id);
  if (spec === undefined) throw new Error(`no built-in scenario ${id}`);
  const v = validateScenario(spec);
  if (!v.ok) throw new Error(`built-in ${id} is invalid`);
  return v.scenario;
}

/** A scenario written in a test: validated, with the id as its title and description. */
export function scenarioOf(
  s: Omit<ScenarioSpec, 'title' | 'description'>,
): Scenario {
  const v = validateScenario({ ...s, title: s.id, description: s.id });
  if (!v.ok)
    throw new Error(
      `${s.id} is invalid: ${v.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
    );
  return v.scenario;
}

export interface RunResult {
  readonly sim: Simulation;
  /** The reduced state right after each operation's op.end event. */
  readonly afterOp: readonly ReducedState[];
}

/** A built-in scenario (by id) or a given scenario run to its end under `variant`. */
function simulate(scenario: string | Scenario, variant: VariantId): Simulation {
  const sim = createSimulation({
    scenario: typeof scenario === 'string' ? builtin(scenario) : scenario,
    variant,
  });
  sim.runAll();
  return sim;
}

/** The events of a whole run (see `simulate`). */
export function eventsOf(
  scenario: string | Scenario,
  variant: VariantId,
): readonly StepEvent[] {
  return simulate(scenario, variant).events;
}

/** A built-in scenario run to its end under any design: a btrfs design, or xfs for an XFS scenario. */
export function designRun(
  scenario: string,
  design: DesignId,
): {
  readonly events: readonly StepEvent[];
  readonly outcomes: readonly OpOutcome[];
} {
  if (design !== 'xfs') return simulate(scenario, design);
  const sim = createXfsSimulation({ scenario: builtin(scenario) });
  sim.runAll();
  return sim;
}

/** Runs a built-in scenario (by id) or a given scenario under `variant`. */
export function run(
  scenario: string | Scenario,
  variant: VariantId,
): RunResult {
  const sim = simulate(scenario, variant);
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

/**
 * Runs every op of `scenario` (drained: every file written back, then complete-io), checking after setup
 * and after each op, and the quiescent check at the end. Returns every failing report, the data oracle's
 * disagreements among them.
 */
export function runChecked(
  scenario: Scenario,
  variant: VariantId,
  drain = true,
): { sim: Simulation; failures: string[]; codes: Set<FsckCode> } {
  const full = drain ? drained(scenario) : scenario;
  const sim = createSimulation({ scenario: full, variant, trace: false });
  const failures: string[] = [];
  const codes = new Set<FsckCode>();
  const check = (when: string, quiescent: boolean): void => {
    const r = checkFs(sim.fs, { quiescent });
    for (const p of r.problems) codes.add(p.code);
    if (!r.ok) failures.push(`${when}:\n${describeReport(r)}`);
  };
  check('after setup', false);
  for (let o = sim.step(); o !== null; o = sim.step()) {
    const when = `after op ${String(o.op)} (${JSON.stringify(o.spec)})`;
    if (!o.oracle.ok)
      failures.push(`${when}: data oracle:\n${o.oracle.mismatches.join('\n')}`);
    check(when, false);
  }
  if (drain) check('quiescent at the end', true);
  return { sim, failures, codes };
}
