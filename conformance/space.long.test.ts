// `npm run conformance:long`: the fills too slow for the unit suite (space.test.ts runs the 256 MiB one of
// 1 MiB writes): 1 MiB writes on 1 GiB, and 4 KiB writes one every 64 KiB on 256 MiB and 1 GiB, each held
// to where Linux 6.18 said ENOSPC (within 5%) and the chunks it left.

import { describe, expect, it } from 'vitest';
import { checkFills, fillFixtures, inUnitSuite } from './fillSuite.ts';

const fills = fillFixtures().filter((f) => !inUnitSuite(f));

describe('the long fills against Linux', () => {
  it('are recorded: scattered on 256 MiB and 1 GiB, sequential on 1 GiB', () => {
    expect(fills.map((f) => f.id).sort()).toEqual([
      'fill-1G-scattered',
      'fill-1G-seq',
      'fill-256M-scattered',
    ]);
  });

  checkFills(fills);
});
