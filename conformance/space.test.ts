// Holds the engine's chunks, space_infos and ENOSPC point to what Linux did (conformance/fixtures/: mkfs's
// layout on four image sizes, and a new file filled to the first ENOSPC on 256 MiB and 1 GiB images).

import { describe, expect, it } from 'vitest';
import { ALLOWLIST } from './allowlist.ts';
import { compareFill, compareMkfs } from './compareSpace.ts';
import { describeDifference, unexplained } from './difference.ts';
import type { FillFixture, MkfsLayoutFixture } from './fixture.ts';
import { loadFixtures } from './fixtureFiles.ts';
import { FILL_RUNS } from './recordFill.ts';

const fixtures = loadFixtures();
const fills = fixtures.filter((f): f is FillFixture => f.kind === 'fill');
const mkfs = fixtures.filter(
  (f): f is MkfsLayoutFixture => f.kind === 'mkfs-layout',
);

describe('space machinery against Linux', () => {
  it('has a fixture for every fill the recorder makes, and the mkfs layouts', () => {
    expect(fills.map((f) => f.id).sort()).toEqual(
      FILL_RUNS.map((r) => r.id).sort(),
    );
    expect(mkfs.map((f) => f.id)).toEqual(['mkfs-layout']);
  });

  it.each(mkfs.map((f) => [f.id, f] as const))(
    '%s: the engine makes the same chunks, totals and global reserve',
    (_id, fixture) => {
      expect(
        unexplained(compareMkfs(fixture), ALLOWLIST).map(describeDifference),
      ).toEqual([]);
    },
  );

  // The 256 MiB sequential fill (1 MiB writes). SIMPLIFICATION of the test, not the engine: the 1 GiB
  // fill took 35 minutes on a loaded machine (it matched) and the scattered fills (44,800 and 228,512 writes
  // of 4 KiB) longer still: too long for the unit suite.
  it.each(
    fills
      .filter((f) => f.stride === f.writeBytes && f.imageBytes <= 256 << 20)
      .map((f) => [f.id, f] as const),
  )(
    '%s: the engine writes as far (within 5%) and leaves the same chunks',
    (_id, fixture) => {
      expect(
        unexplained(compareFill(fixture, 'srcmap'), ALLOWLIST).map(
          describeDifference,
        ),
      ).toEqual([]);
    },
    // 256 MiB of 1 MiB writes: over a minute on a busy machine.
    300_000,
  );
});
