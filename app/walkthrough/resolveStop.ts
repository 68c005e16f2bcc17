// Where a walkthrough stop lands, computed from the two runs' event logs: the first divergence (the same
// rule as the compare view's marker), the end of two identical logs, or the first event of a kind. A stop
// whose claim the engine contradicts resolves with a problem, which the view shows and the tests fail on.

import type { CountersRec, StepEvent } from '@engine';
import {
  countersDiffer,
  firstDivergentStep,
  type CounterKey,
} from '../model/divergence.ts';
import { findMatch } from '../model/eventMatch.ts';
import type { OracleClaim, StopAnchor } from './walkthroughModel.ts';

export interface ResolvedStop {
  /** The step (seq of the primary run) the stop shows. */
  readonly step: number;
  /** The first divergent step, or null when the logs are identical. */
  readonly divergence: number | null;
  /** Why the engine disagrees with what the stop says, or null. */
  readonly problem: string | null;
}

export function resolveStop(
  anchor: StopAnchor,
  primary: readonly StepEvent[],
  compare: readonly StepEvent[],
): ResolvedStop {
  const divergence = firstDivergentStep(primary, compare);
  const last = Math.max(0, primary.length - 1);
  switch (anchor.kind) {
    case 'divergence': {
      if (divergence === null)
        return {
          step: last,
          divergence,
          problem:
            'the two runs are identical, but this stop expects them to differ',
        };
      const kind = primary[divergence]?.kind;
      return {
        step: divergence,
        divergence,
        problem:
          kind === anchor.primaryKind
            ? null
            : `the runs diverge at a ${kind ?? 'missing'} step, not a ${anchor.primaryKind} step`,
      };
    }
    case 'identical':
      return {
        step: last,
        divergence,
        problem:
          divergence === null
            ? null
            : `the runs differ at step ${String(divergence)}, but this stop expects them identical`,
      };
    case 'event': {
      const at = findMatch(
        primary,
        { kind: anchor.eventKind, text: anchor.text },
        -1,
      );
      return {
        step: Math.max(0, at),
        divergence,
        problem:
          at >= 0
            ? null
            : `no ${anchor.eventKind} step mentioning "${anchor.text}" in this run`,
      };
    }
  }
}

/** The data oracle's verdict on operation `op` (0-based) from a run's events, or null if it has none. */
export function oracleVerdict(
  events: readonly StepEvent[],
  op: number,
): boolean | null {
  const check = events.find((e) => e.kind === 'oracle.check' && e.op === op);
  return check?.kind === 'oracle.check' ? check.ok : null;
}

/** Why the runs' first-operation verdicts contradict the stop's claim, or null. */
export function oracleProblem(
  claim: OracleClaim | undefined,
  primary: readonly StepEvent[],
  compare: readonly StepEvent[],
): string | null {
  if (claim === undefined) return null;
  const a = oracleVerdict(primary, 0);
  const b = oracleVerdict(compare, 0);
  if (a === claim.primary && b === claim.compare) return null;
  const word = (v: boolean | null) =>
    v === null ? 'no verdict' : v ? 'intact' : 'data loss';
  return `the oracle says ${word(a)} / ${word(b)}, the stop says ${word(claim.primary)} / ${word(claim.compare)}`;
}

/** Every counter of `keys` whose value differs in some operation between the two runs, in counter order. */
export function differingCounters(
  primary: readonly { readonly counters: CountersRec }[],
  compare: readonly { readonly counters: CountersRec }[],
  keys: readonly CounterKey[],
): CounterKey[] {
  const found = new Set<CounterKey>();
  primary.forEach((o, i) => {
    const other = compare[i];
    if (other !== undefined)
      for (const k of countersDiffer(o.counters, other.counters, keys))
        found.add(k);
  });
  return keys.filter((k) => found.has(k));
}

/** Why the measured counter differences contradict the stop's claim, or null. */
export function countersProblem(
  claim: readonly (keyof CountersRec)[] | undefined,
  measured: readonly (keyof CountersRec)[],
): string | null {
  if (claim === undefined) return null;
  const same =
    claim.length === measured.length &&
    claim.every((k) => measured.includes(k));
  return same
    ? null
    : `the counters that differ are [${measured.join(', ')}], the stop says [${claim.join(', ')}]`;
}
