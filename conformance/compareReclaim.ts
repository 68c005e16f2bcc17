// Holds the engine's metadata reclaim to the kernel's under random overwrites: the commits made and the
// times each flush state ran must each be within RECLAIM_TOLERANCE of Linux's, and the engine must run
// no flush state Linux did not.

import type { VariantId } from '../engine/scenario/types.ts';
import { DifferenceList, type Difference } from './difference.ts';
import { engineReclaim } from './engineReclaim.ts';
import type { ReclaimFixture } from './fixture.ts';

/**
 * Counts may differ from the kernel's by this share of the kernel's figure: the engine's tree items are not
 * byte for byte btrfs's (no delayed inode items, no free space tree), so its metadata fills a little
 * differently. On Linux 6.18 two recordings of the 16,384 overwrites gave 170 commits each.
 */
export const RECLAIM_TOLERANCE = 0.1;

function within(kernel: number, engine: number): boolean {
  return Math.abs(engine - kernel) <= RECLAIM_TOLERANCE * kernel;
}

export function compareReclaim(
  fixture: ReclaimFixture,
  variant: VariantId,
): Difference[] {
  const differences = new DifferenceList(fixture.id);
  const e = engineReclaim(fixture, variant);
  const report = (field: string, kernel: number, engine: number): void => {
    if (!within(kernel, engine))
      differences.compare(
        null,
        field,
        String(kernel),
        `${String(engine)} (more than ${String(RECLAIM_TOLERANCE * 100)}% off)`,
      );
  };
  report('commits', fixture.commits, e.commits);
  const states = new Set([
    ...Object.keys(fixture.metadataFlushStates),
    ...Object.keys(e.metadataFlushStates),
  ]);
  for (const state of [...states].sort())
    report(
      `metadata ${state}`,
      fixture.metadataFlushStates[state] ?? 0,
      e.metadataFlushStates[state] ?? 0,
    );
  return differences.all;
}
