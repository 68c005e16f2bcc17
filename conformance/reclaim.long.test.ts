// `npm run conformance:long`: the reclaim runs too slow for the unit suite (reclaim.test.ts runs 4,096
// overwrites): 16,384 random 4 KiB overwrites of a 64 MiB file, one per block, held to Linux 6.18's commits
// and flush states.

import { describe, expect, it } from 'vitest';
import { checkReclaims, inUnitSuite, reclaimFixtures } from './reclaimSuite.ts';

const fixtures = reclaimFixtures().filter((f) => !inUnitSuite(f));

describe('the long reclaim runs against Linux', () => {
  it('are recorded: 16,384 overwrites of 64 MiB', () => {
    expect(fixtures.map((f) => f.id)).toEqual(['reclaim-64M-random-long']);
  });

  checkReclaims(fixtures);
});
