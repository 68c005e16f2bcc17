// Finding an event in a run by what it is rather than by its step number: its kind, words of its note (for
// call.enter/call.exit, the function name) and which occurrence. Tutorials anchor their checkpoints and the
// walkthrough its stops this way, so both survive a change in how many steps come before.

import type { StepEvent, StepEventKind } from '@engine';

export interface EventMatch {
  readonly kind: StepEventKind;
  /** Words the event's note must contain (for call.enter/call.exit: the function name). */
  readonly text?: string;
  /** Take the n-th such event instead of the first (1-based). */
  readonly nth?: number;
}

function matches(e: StepEvent, m: EventMatch): boolean {
  if (e.kind !== m.kind) return false;
  if (m.text === undefined) return true;
  if (e.kind === 'call.enter' || e.kind === 'call.exit') return e.fn === m.text;
  return e.note.includes(m.text);
}

/** The seq of the event `m` finds after `after` (exclusive; -1 searches from the start), or -1. */
export function findMatch(
  events: readonly StepEvent[],
  m: EventMatch,
  after: number,
): number {
  let left = m.nth ?? 1;
  for (let s = after + 1; s < events.length; s++) {
    const e = events[s];
    if (e !== undefined && matches(e, m) && --left === 0) return s;
  }
  return -1;
}
