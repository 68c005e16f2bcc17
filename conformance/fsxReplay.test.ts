// Holds the engine's replay of the exerciser's op logs to the same logs replayed on a real btrfs file:
// final size and sha256, and the errno of every op that failed.

import { describe, expect, it } from 'vitest';
import { ALLOWLIST } from './allowlist.ts';
import { compareFsx } from './compareFsx.ts';
import { describeDifference, unexplained } from './difference.ts';
import type { FsxReplayFixture } from './fixture.ts';
import { loadFixtures } from './fixtureFiles.ts';
import { FSX_RUNS } from './recordFsxReplay.ts';

const fixtures = loadFixtures().filter(
  (f): f is FsxReplayFixture => f.kind === 'fsx-replay',
);

describe('exerciser op logs replayed on btrfs', () => {
  it('cover every run the recorder makes', () => {
    expect(fixtures.map((f) => f.id).sort()).toEqual(
      FSX_RUNS.map((r) => r.id).sort(),
    );
  });

  describe.each(fixtures.map((f) => [f.id, f] as const))(
    '%s',
    (_id, fixture) => {
      it.each(['srcmap', 'legacy'] as const)(
        'replays to the same size, sha256 and errors under %s',
        (variant) => {
          expect(
            unexplained(compareFsx(fixture, variant), ALLOWLIST).map(
              describeDifference,
            ),
          ).toEqual([]);
        },
        // A thousand ops take a few seconds alone; the 5,000-op space logs took over four minutes on a
        // machine shared with four other test runs.
        600_000,
      );
    },
  );
});
