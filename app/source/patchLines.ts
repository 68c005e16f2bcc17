// The link from a hunk to the behaviour it changes: for patch k of the v1 series, each line it adds or
// changes (as marked in the v1-posted listings) and how often it ran in each of some runs. A design whose
// listing has no such line shows null (the statement does not exist there). Pure.

import type { StepEvent, DesignId } from '@engine';
import { CATALOG, listingFor } from './catalog.ts';
import { indexLines, lineKey, stepsOf } from './lineOf.ts';
import type { PatchMark, SourceLine } from './types.ts';

export interface PatchLineRow {
  readonly fn: string;
  readonly line: SourceLine;
  /** Per run, in the order given: the steps that ran the line, or null when that design lacks it. */
  readonly steps: readonly (readonly number[] | null)[];
}

export interface DesignRun {
  readonly design: DesignId;
  readonly events: readonly StepEvent[];
}

/** The lines patch `k` marks that have steps (control lines aside), in catalog order, with the steps that ran each in each of `runs`. */
export function patchLineRows(
  patch: PatchMark['patch'],
  runs: readonly DesignRun[],
): PatchLineRow[] {
  const indexes = runs.map((r) => indexLines(r.events, r.design));
  const rows: PatchLineRow[] = [];
  for (const { listing, designs } of CATALOG) {
    if (designs === 'all' || !designs.includes('v1-posted')) continue;
    for (const line of listing.lines) {
      // A control line (no step of its own) is shown by the lines of its body.
      if (line.diff?.patch !== patch) continue;
      if (
        (line.runs?.length ?? 0) === 0 &&
        line.with === undefined &&
        line.notRun === undefined
      )
        continue;
      const steps = runs.map((run, i) => {
        const own = listingFor(listing.fn, run.design);
        const same = own?.lines.find((l) => l.id === line.id);
        const index = indexes[i];
        if (own === undefined || same === undefined || index === undefined)
          return null;
        return stepsOf(index, own, same);
      });
      rows.push({ fn: listing.fn, line, steps });
    }
  }
  return rows;
}

/** The key of a row's line (for React lists and tests). */
export function rowKey(row: PatchLineRow): string {
  return lineKey({ fn: row.fn, line: row.line.id });
}
