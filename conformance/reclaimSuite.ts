// The reclaim checks, shared by the unit suite (conformance/reclaim.test.ts, 4,096 overwrites) and
// `npm run conformance:long` (conformance/reclaim.long.test.ts, 16,384): random 4 KiB overwrites must make
// as many commits and run each metadata flush state as often as Linux did, within RECLAIM_TOLERANCE.

import { expect, it } from 'vitest';
import { ALLOWLIST } from './allowlist.ts';
import { compareReclaim, RECLAIM_TOLERANCE } from './compareReclaim.ts';
import { describeDifference, unexplained } from './difference.ts';
import type { ReclaimFixture } from './fixture.ts';
import { loadFixtures } from './fixtureFiles.ts';

/** Every reclaim fixture in the folder. */
export function reclaimFixtures(): ReclaimFixture[] {
  return loadFixtures().filter(
    (f): f is ReclaimFixture => f.kind === 'reclaim',
  );
}

/** The unit suite's: about 2 s of engine time alone; the 16,384 overwrites take about 18 s. */
export function inUnitSuite(f: ReclaimFixture): boolean {
  return f.writes <= 4096;
}

/** One test per fixture: the engine's overwrites under srcmap against the kernel's. */
export function checkReclaims(fixtures: readonly ReclaimFixture[]): void {
  it.each(fixtures.map((f) => [f.id, f] as const))(
    `%s: the engine commits and runs each metadata flush state as often (within ${String(RECLAIM_TOLERANCE * 100)}%)`,
    (_id, fixture) => {
      expect(
        unexplained(compareReclaim(fixture, 'srcmap'), ALLOWLIST).map(
          describeDifference,
        ),
      ).toEqual([]);
    },
    // Generous: a loaded 2-core machine is many times slower than one alone.
    30 * 60_000,
  );
}
