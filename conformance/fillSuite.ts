// The fill checks, shared by the unit suite (conformance/space.test.ts) and `npm run conformance:long`
// (conformance/space.long.test.ts): a new file written until the first ENOSPC must stop within 5% of
// where Linux stopped and leave the same chunks, totals and global reserve.

import { expect, it } from 'vitest';
import { ALLOWLIST } from './allowlist.ts';
import { compareFill } from './compareSpace.ts';
import { describeDifference, unexplained } from './difference.ts';
import type { FillFixture } from './fixture.ts';
import { loadFixtures } from './fixtureFiles.ts';

/** Every fill fixture in the folder. */
export function fillFixtures(): FillFixture[] {
  return loadFixtures().filter((f): f is FillFixture => f.kind === 'fill');
}

/**
 * The fills the unit suite runs: the 256 MiB one of 1 MiB writes (about 15 s alone). The others are long:
 * every commit writes the engine's trees whole, and the scattered fills commit every few dozen writes as
 * the kernel does (its metadata flusher ends each pass with COMMIT_TRANS), so their cost grows with the
 * square of the writes: 44,800 writes on 256 MiB take minutes, 228,512 on 1 GiB hours.
 */
export function inUnitSuite(f: FillFixture): boolean {
  return f.stride === f.writeBytes && f.imageBytes <= 256 << 20;
}

/** One test per fixture: the engine's fill under srcmap against the kernel's. */
export function checkFills(fills: readonly FillFixture[]): void {
  it.each(fills.map((f) => [f.id, f] as const))(
    '%s: the engine writes as far (within 5%) and leaves the same chunks',
    (_id, fixture) => {
      expect(
        unexplained(compareFill(fixture, 'srcmap'), ALLOWLIST).map(
          describeDifference,
        ),
      ).toEqual([]);
    },
    // Generous: a loaded 2-core machine is many times slower than one alone.
    4 * 60 * 60_000,
  );
}
