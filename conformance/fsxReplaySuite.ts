// The fsx replay checks, shared by the unit suite (conformance/fsxReplay.test.ts) and `npm run
// conformance:long` (conformance/fsxReplay.long.test.ts): each fixture's log replayed by the engine under
// srcmap and legacy must give the kernel's size, sha256 and errors.

import { describe, expect, it } from 'vitest';
import { ALLOWLIST } from './allowlist.ts';
import { compareFsx } from './compareFsx.ts';
import { describeDifference, unexplained } from './difference.ts';
import type { FsxReplayFixture } from './fixture.ts';
import { loadFixtures } from './fixtureFiles.ts';
import { FSX_RUNS } from './recordFsxReplay.ts';

/** Every fsx-replay fixture in the folder. */
export function fsxFixtures(): FsxReplayFixture[] {
  return loadFixtures().filter(
    (f): f is FsxReplayFixture => f.kind === 'fsx-replay',
  );
}

/** Whether a fixture's run is held to the engine by the long command only. */
export function isLongRun(id: string): boolean {
  return FSX_RUNS.find((r) => r.id === id)?.long === true;
}

/** One describe block per fixture: the engine's replay under srcmap and legacy. */
export function describeFsxReplays(
  fixtures: readonly FsxReplayFixture[],
): void {
  describe.each(fixtures.map((f) => [f.id, f] as const))(
    '%s',
    (_id, fixture) => {
      it.each(
        fixture.filesystem === 'xfs'
          ? (['xfs'] as const)
          : (['srcmap', 'legacy'] as const),
      )(
        'replays to the same size, sha256 and errors under %s',
        (variant) => {
          expect(
            unexplained(compareFsx(fixture, variant), ALLOWLIST).map(
              describeDifference,
            ),
          ).toEqual([]);
        },
        // A 5,000-op log takes about 13 s alone; a machine shared with four other test runs is many times
        // slower.
        600_000,
      );
    },
  );
}
