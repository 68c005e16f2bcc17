// Holds the engine's metadata reclaim to what Linux did under 4,096 random 4 KiB overwrites of a 64 MiB
// file on a 224 MiB image (conformance/fixtures/reclaim-64M-random.json): the commits and the flush states.

import { describe, expect, it } from 'vitest';
import { RECLAIM_RUNS } from './recordReclaim.ts';
import { checkReclaims, inUnitSuite, reclaimFixtures } from './reclaimSuite.ts';

const fixtures = reclaimFixtures();

describe('metadata reclaim against Linux', () => {
  it('has a fixture for every reclaim run the recorder makes', () => {
    expect(fixtures.map((f) => f.id).sort()).toEqual(
      RECLAIM_RUNS.map((r) => r.id).sort(),
    );
  });

  checkReclaims(fixtures.filter(inUnitSuite));
});
