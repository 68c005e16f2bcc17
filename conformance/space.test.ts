// Holds the engine's chunks, space_infos and ENOSPC point to what Linux did (conformance/fixtures/: mkfs's
// layout on four image sizes, and a new file filled to the first ENOSPC on 256 MiB and 1 GiB images).

import { describe, expect, it } from 'vitest';
import { ALLOWLIST } from './allowlist.ts';
import { compareMkfs } from './compareSpace.ts';
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
});
