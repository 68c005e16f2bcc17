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

/** A counter key both runs record (RunOutcome's counters without the op index). */
export type CounterKey = Exclude<keyof CountersRec, 'op'>;

/**
 * The counters among `keys` whose values differ. `keys` are the counters both runs' filesystems record: a
 * btrfs-only counter reads 0 on XFS whatever happens, so a difference there says nothing.
 */
export function countersDiffer(
  a: CountersRec,
  b: CountersRec,
  keys: readonly CounterKey[],
): CounterKey[] {
  return keys.filter((k) => a[k] !== b[k]);
}

export function outcomesDiffer(
  a: RunOutcome,
  b: RunOutcome,
  keys: readonly CounterKey[],
): boolean {
  return (
    a.result !== b.result ||
    a.errno !== b.errno ||
    a.oracleOk !== b.oracleOk ||
    countersDiffer(a.counters, b.counters, keys).length > 0
  );
}

/** Index of the first operation whose outcome (result, verdict, or one of `keys`' counters) differs, or null. */
export function firstDivergentOp(
  a: readonly RunOutcome[],
  b: readonly RunOutcome[],
  keys: readonly CounterKey[],
  complete = true,
): number | null {
  const n = complete
    ? Math.max(a.length, b.length)
    : Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined || outcomesDiffer(x, y, keys))
      return i;
  }
  return null;
}
