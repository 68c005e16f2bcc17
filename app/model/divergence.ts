// Where two runs of the same scenario part ways: the first step that differs, and the first operation whose
// result, oracle verdict or counters differ.

import type { CountersRec, StepEvent } from '@engine';
import type { RunOutcome } from '@engine/protocol';

function sameStep(a: StepEvent, b: StepEvent): boolean {
  if (a.kind === 'sim.setup' && b.kind === 'sim.setup') return true; // names the design; otherwise equal
  return (
    a.kind === b.kind &&
    a.kfn === b.kfn &&
    a.depth === b.depth &&
    a.note === b.note
  );
}

/**
 * The first seq at which the two event logs differ, or null when they are identical. While either is still
 * arriving (`complete` false) only the common prefix is compared: a shorter log is not a divergence yet.
 */
export function firstDivergentStep(
  a: readonly StepEvent[],
  b: readonly StepEvent[],
  complete = true,
): number | null {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined || !sameStep(x, y)) return i;
  }
  return a.length === b.length || !complete ? null : n;
}

export function countersDiffer(
  a: CountersRec,
  b: CountersRec,
): (keyof CountersRec)[] {
  return (Object.keys(a) as (keyof CountersRec)[]).filter(
    (k) => k !== 'op' && a[k] !== b[k],
  );
}

export function outcomesDiffer(a: RunOutcome, b: RunOutcome): boolean {
  return (
    a.result !== b.result ||
    a.errno !== b.errno ||
    a.oracleOk !== b.oracleOk ||
    countersDiffer(a.counters, b.counters).length > 0
  );
}

/** Index of the first operation whose outcome differs, or null. */
export function firstDivergentOp(
  a: readonly RunOutcome[],
  b: readonly RunOutcome[],
  complete = true,
): number | null {
  const n = complete
    ? Math.max(a.length, b.length)
    : Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined || outcomesDiffer(x, y)) return i;
  }
  return null;
}
