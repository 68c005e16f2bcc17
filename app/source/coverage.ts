// Which listing lines a set of runs executed, and whether every line of every listing is accounted for:
// run directly, run `with` another line, a control line whose body ran, or marked notRun with a reason.
// Pure; the catalog test and the walkthrough's per-patch tables use it.

import type { StepEvent, DesignId } from '@engine';
import { CATALOG, listingFor } from './catalog.ts';
import { lineIn, quietCallLine } from './lineOf.ts';
import type { Listing, SourceLine } from './types.ts';

/** Per listing (by identity), the ids of the lines some event executed. */
export type Executed = Map<Listing, Set<string>>;

function mark(executed: Executed, listing: Listing, id: string): void {
  const ids = executed.get(listing) ?? new Set<string>();
  ids.add(id);
  executed.set(listing, ids);
}

/** Adds the lines `events` executed under `design`; returns the events no line claims. */
export function recordRun(
  executed: Executed,
  events: readonly StepEvent[],
  design: DesignId,
): StepEvent[] {
  const unclaimed: StepEvent[] = [];
  for (const [i, e] of events.entries()) {
    const quiet = quietCallLine(events, i, design);
    const callee = quiet && listingFor(quiet.fn, design);
    if (callee) mark(executed, callee, quiet.line);
    const listing = listingFor(e.kfn, design);
    const line = listing === undefined ? undefined : lineIn(listing, e);
    if (listing === undefined || line === undefined) unclaimed.push(e);
    else mark(executed, listing, line.id);
  }
  return unclaimed;
}

/** The lines nested under line `i` (deeper indentation, up to the next line at its depth or less). */
export function bodyOf(listing: Listing, i: number): readonly SourceLine[] {
  const head = listing.lines[i];
  if (head === undefined) return [];
  const body: SourceLine[] = [];
  for (const line of listing.lines.slice(i + 1)) {
    if (line.depth <= head.depth) break;
    body.push(line);
  }
  return body;
}

export type LineStatus = 'ran' | 'not-run' | 'unaccounted';

/** Whether line `i` of `listing` ran, is marked as never running, or is unaccounted for. */
export function lineStatus(
  listing: Listing,
  i: number,
  ran: ReadonlySet<string>,
): LineStatus {
  const line = listing.lines[i];
  if (line === undefined) return 'unaccounted';
  if (ran.has(line.id))
    return line.notRun === undefined ? 'ran' : 'unaccounted';
  if (line.notRun !== undefined) return 'not-run';
  if (line.with !== undefined) {
    const j = listing.lines.findIndex((l) => l.id === line.with);
    return j >= 0 && j !== i ? lineStatus(listing, j, ran) : 'unaccounted';
  }
  if ((line.runs?.length ?? 0) > 0) return 'unaccounted';
  const body = bodyOf(listing, i);
  if (body.length === 0) return 'unaccounted';
  const statuses = body.map((_, k) => lineStatus(listing, i + 1 + k, ran));
  if (statuses.includes('ran')) return 'ran';
  return statuses.every((s) => s === 'not-run') ? 'not-run' : 'unaccounted';
}

/** Every line of the catalog that is unaccounted for, as "fn#id (designs)". */
export function unaccountedLines(executed: Executed): string[] {
  const out: string[] = [];
  for (const { listing, designs } of CATALOG) {
    const ran = executed.get(listing) ?? new Set<string>();
    listing.lines.forEach((line, i) => {
      if (lineStatus(listing, i, ran) === 'unaccounted')
        out.push(
          `${listing.fn || '(runner)'}#${line.id} (${designs === 'all' ? 'all' : designs.join(', ')})`,
        );
    });
  }
  return out;
}
