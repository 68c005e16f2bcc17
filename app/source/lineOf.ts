// Which listing line an event executes: the line of the event's frame (kfn) whose matches accept it,
// first match wins. A call.enter or call.exit names the call site in the caller. Pure.

import type { StepEvent, DesignId } from '@engine';
import { listingFor } from './catalog.ts';
import type { LineMatch, Listing, SourceLine } from './types.ts';

export interface LineRef {
  /** The frame's function ('' for the scenario runner). */
  readonly fn: string;
  readonly line: string;
}

/** A line's key across the whole catalog, e.g. "iomap_apply#begin". */
export function lineKey(ref: LineRef): string {
  return `${ref.fn}#${ref.line}`;
}

export function matches(m: LineMatch, e: StepEvent): boolean {
  if (m.kind === 'call')
    return (e.kind === 'call.enter' || e.kind === 'call.exit') && e.fn === m.fn;
  return e.kind === m.kind && (m.when === undefined || m.when(e));
}

/** The first line of `listing` that `event` executes. */
export function lineIn(
  listing: Listing,
  event: StepEvent,
): SourceLine | undefined {
  return listing.lines.find((l) => l.runs?.some((m) => matches(m, event)));
}

/** The line `event` executes under `design`, or undefined when no listing line claims it. */
export function lineOf(
  event: StepEvent,
  design: DesignId,
): LineRef | undefined {
  const listing = listingFor(event.kfn, design);
  if (listing === undefined) return undefined;
  const line = lineIn(listing, event);
  return line === undefined ? undefined : { fn: event.kfn, line: line.id };
}

/** The line of `listing` that calls `callee` (the current line of an outer frame). */
export function callSite(
  listing: Listing,
  callee: string,
): SourceLine | undefined {
  return listing.lines.find((l) =>
    l.runs?.some((m) => m.kind === 'call' && m.fn === callee),
  );
}

/**
 * The fast-path line a call ran when `events[i]` is a call.exit straight after its own call.enter (the
 * callee emitted nothing): the callee's `onQuietCall` line, or undefined.
 */
export function quietCallLine(
  events: readonly StepEvent[],
  i: number,
  design: DesignId,
): LineRef | undefined {
  const exit = events[i];
  const enter = events[i - 1];
  if (
    exit?.kind !== 'call.exit' ||
    enter?.kind !== 'call.enter' ||
    enter.fn !== exit.fn
  )
    return undefined;
  const line = listingFor(exit.fn, design)?.lines.find((l) => l.onQuietCall);
  return line === undefined ? undefined : { fn: exit.fn, line: line.id };
}

/**
 * Every executed line of a run: line key → the seqs of the events that executed it, in order. A call
 * counts once, at its call.enter (its call.exit returns to the same line, but does not run it again); a
 * call that emitted nothing also runs the callee's fast-path line, at its call.exit.
 */
export function indexLines(
  events: readonly StepEvent[],
  design: DesignId,
): ReadonlyMap<string, readonly number[]> {
  const index = new Map<string, number[]>();
  for (const [i, e] of events.entries()) {
    const ref =
      e.kind === 'call.exit'
        ? quietCallLine(events, i, design)
        : lineOf(e, design);
    if (ref === undefined) continue;
    const key = lineKey(ref);
    const seqs = index.get(key);
    if (seqs === undefined) index.set(key, [e.seq]);
    else seqs.push(e.seq);
  }
  return index;
}

/** The steps that ran `line` of `listing`: its own, or those of the line it runs `with`. */
export function stepsOf(
  index: ReadonlyMap<string, readonly number[]>,
  listing: Listing,
  line: SourceLine,
): readonly number[] {
  const id = line.with ?? line.id;
  return index.get(lineKey({ fn: listing.fn, line: id })) ?? [];
}
