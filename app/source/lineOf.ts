// Which listing line an event executes: the line of the event's frame (kfn) whose matches accept it,
// first match wins. A call.enter or call.exit names the call site in the caller. Pure.

import type { StepEvent, VariantId } from '@engine';
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
  design: VariantId,
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
 * Every executed line of a run: line key → the seqs of the events that executed it, in order. A call
 * counts once, at its call.enter (its call.exit returns to the same line, but does not run it again).
 */
export function indexLines(
  events: readonly StepEvent[],
  design: VariantId,
): ReadonlyMap<string, readonly number[]> {
  const index = new Map<string, number[]>();
  for (const e of events) {
    if (e.kind === 'call.exit') continue;
    const ref = lineOf(e, design);
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
