// Where a tutorial's checkpoints fall in a run, and what its questions' answers are: both computed from
// the engine's events and states, never written down. Pure: the unit test and the page share it.

import type { StepEvent } from '@engine';
import { claimHolds, type ClaimContext } from './claims.ts';
import { findMatch } from '../model/eventMatch.ts';
import type { Checkpoint, Question, Tutorial } from './types.ts';

export type Resolution =
  | { readonly ok: true; readonly seqs: readonly number[] }
  | { readonly ok: false; readonly checkpoint: number; readonly why: string };

/** Each checkpoint's seq: its match searched after the previous checkpoint's. */
export function resolveCheckpoints(
  tutorial: Tutorial,
  events: readonly StepEvent[],
): Resolution {
  const seqs: number[] = [];
  let after = 0;
  for (const [i, cp] of tutorial.checkpoints.entries()) {
    const seq = findMatch(events, cp.at, after);
    if (seq < 0)
      return {
        ok: false,
        checkpoint: i,
        why: `no ${cp.at.kind}${cp.at.text === undefined ? '' : ` "${cp.at.text}"`} after step ${String(after)}`,
      };
    seqs.push(seq);
    after = seq;
  }
  return { ok: true, seqs };
}

/** The options of `question` that hold in `next` (the next checkpoint's state): exactly one when well made. */
export function correctOptions(
  question: Question,
  next: ClaimContext,
): readonly string[] {
  return question.options
    .filter((o) => claimHolds(o.when, next))
    .map((o) => o.id);
}

/** Whether every claim of `checkpoint` holds in `ctx`. */
export function claimsHold(checkpoint: Checkpoint, ctx: ClaimContext): boolean {
  return checkpoint.claims.every((c) => claimHolds(c, ctx));
}
