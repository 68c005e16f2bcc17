// Cursor moves: step, step over a call, step out of a frame, jump between operations. Pure functions
// over the run's events and index; the cursor is the seq of the last applied event.

import type { StepEvent } from '@engine';
import type { MarkerKind, RunIndex } from './runIndex.ts';

export interface RunNav {
  readonly events: readonly StepEvent[];
  readonly index: RunIndex;
}

function clamp(run: RunNav, seq: number): number {
  return Math.max(0, Math.min(seq, run.events.length - 1));
}

/** Call-stack depth after event `seq` has been applied. */
export function depthAfter(run: RunNav, seq: number): number {
  const e = run.events[seq];
  if (e === undefined) return 0;
  return e.kind === 'call.enter' ? e.depth + 1 : e.depth;
}

export function step(run: RunNav, cursor: number, dir: 1 | -1): number {
  return clamp(run, cursor + dir);
}

/** Forward: a call that starts next runs to its return. Backward: a call that just returned is undone whole. */
export function stepOver(run: RunNav, cursor: number, dir: 1 | -1): number {
  if (dir === 1) {
    const next = clamp(run, cursor + 1);
    const e = run.events[next];
    const exit = run.index.match[next] ?? -1;
    return e?.kind === 'call.enter' && exit >= 0 ? exit : next;
  }
  const e = run.events[cursor];
  const enter = run.index.match[cursor] ?? -1;
  return clamp(
    run,
    e?.kind === 'call.exit' && enter >= 0 ? enter - 1 : cursor - 1,
  );
}

/** Runs to the return of the innermost frame (outside any frame: to the end of the operation). */
export function stepOut(run: RunNav, cursor: number): number {
  const depth = depthAfter(run, cursor);
  for (let s = cursor + 1; s < run.events.length; s++) {
    const e = run.events[s];
    if (e === undefined) break;
    if (depth === 0 && e.kind === 'op.end') return s;
    if (depth > 0 && e.kind === 'call.exit' && e.depth === depth - 1) return s;
  }
  return run.events.length - 1;
}

/** The first marker of `kind` after the cursor, or the cursor itself when there is none. */
export function nextMarker(
  run: RunNav,
  cursor: number,
  kind: MarkerKind,
): number {
  return (
    run.index.markers.find((m) => m.kind === kind && m.seq > cursor)?.seq ??
    cursor
  );
}

/** The last marker of `kind` before the cursor, or the cursor itself when there is none. */
export function prevMarker(
  run: RunNav,
  cursor: number,
  kind: MarkerKind,
): number {
  let found = cursor;
  for (const m of run.index.markers) {
    if (m.seq >= cursor) break;
    if (m.kind === kind) found = m.seq;
  }
  return found;
}

export function nextOp(run: RunNav, cursor: number): number {
  const next = run.index.opStarts.find((s) => s > cursor);
  return next ?? run.events.length - 1;
}

export function prevOp(run: RunNav, cursor: number): number {
  const starts = run.index.opStarts.filter((s) => s < cursor);
  return starts[starts.length - 1] ?? 0;
}

/**
 * The step in run `to` that corresponds to step `cursor` of run `from`: the same operation, the same
 * distance into it (clamped to its end). Identical prefixes therefore map to identical steps.
 */
export function linkByOp(from: RunNav, to: RunNav, cursor: number): number {
  const op = from.events[cursor]?.op ?? -1;
  if (op < 0) return clamp(to, cursor);
  const fromStart = from.index.opStarts[op] ?? 0;
  const toStart = to.index.opStarts[op];
  const toEnd = to.index.opEnds[op];
  if (toStart === undefined || toEnd === undefined) return to.events.length - 1;
  return Math.min(toStart + (cursor - fromStart), toEnd);
}

/**
 * Where a power cut just before step `event` of run `from` falls in run `to` (the event to cut before there):
 * in the same operation, the same distance into it as the cursors are linked, but never past that operation's
 * end, so both runs are cut in the same operation. A cut right after an operation ends (before the next one
 * starts) stays between the same two operations in `to`.
 */
export function linkCut(from: RunNav, to: RunNav, event: number): number {
  const after = event - 1;
  const e = from.events[after];
  const op = e?.op ?? -1;
  if (e === undefined || op < 0) return Math.min(event, to.events.length);
  const toStart = to.index.opStarts[op];
  const toEnd = to.index.opEnds[op];
  if (toStart === undefined || toEnd === undefined) return to.events.length;
  if (e.kind === 'op.end') return toEnd + 1;
  const fromStart = from.index.opStarts[op] ?? 0;
  return Math.min(toStart + (after - fromStart), toEnd - 1) + 1;
}
