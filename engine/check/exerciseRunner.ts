// What the exerciser drives: a btrfs simulation (with fsck) or an XFS one (the data oracle only), behind one
// interface. Rule: the exerciser never asks which filesystem it runs on; this file says which checks apply.

import type { OpOutcome } from '../sim/opEnd.ts';
import type { OracleVerdict } from '../oracle/oracle.ts';
import type { DesignId, Op, Scenario } from '../scenario/types.ts';
import { createSimulation } from '../sim/simulation.ts';
import { createXfsSimulation } from '../sim/xfsSimulation.ts';
import { checkFs } from './fsck.ts';

export interface ExerciseRunner {
  apply(op: Op): OpOutcome;
  /** The data oracle over the whole file. */
  sweep(): OracleVerdict;
  /** fsck's findings; none on XFS, which the checker does not read (it checks btrfs trees). */
  fsck(quiescent: boolean): string[];
}

/** The ops the XFS model refuses (validateXfs.ts): an XFS run never draws them. */
export const XFS_SKIPPED_KINDS: readonly string[] = [
  'commit',
  'power-cut',
  'remount',
];

export function exerciseRunner(
  design: DesignId,
  scenario: Scenario,
  sweepEvery: number,
  checkCommits: boolean,
): ExerciseRunner {
  if (design === 'xfs') {
    // Every op is checked over the whole file (the XFS simulation's own oracle check): no sweep cadence.
    const sim = createXfsSimulation({
      scenario: { ...scenario, filesystem: 'xfs' },
      trace: false,
      history: false,
    });
    return {
      apply: (op) => sim.apply(op),
      sweep: () => sim.sweep(),
      fsck: () => [],
    };
  }
  const sim = createSimulation({
    scenario,
    variant: design,
    trace: false,
    history: false,
    sweepEvery,
    checkCommits,
  });
  return {
    apply: (op) => sim.apply(op),
    sweep: () => sim.sweep(),
    fsck: (quiescent) =>
      checkFs(sim.fs, { quiescent, committed: quiescent }).problems.map(
        (p) => `fsck ${p.code}: ${p.message}`,
      ),
  };
}
