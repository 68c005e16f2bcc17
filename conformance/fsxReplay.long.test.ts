// `npm run conformance:long`: the exerciser's longest op logs (files of 4 MiB and more, up to 8,000 ops)
// replayed by the engine against Linux's replay, too slow for the unit suite (fsxReplay.test.ts holds the
// others).

import { describe, expect, it } from 'vitest';
import {
  describeFsxReplays,
  fsxFixtures,
  isLongRun,
} from './fsxReplaySuite.ts';

const fixtures = fsxFixtures().filter((f) => isLongRun(f.id));

describe('the long exerciser op logs replayed on btrfs', () => {
  it('are recorded', () => {
    expect(fixtures.length).toBeGreaterThan(0);
  });

  describeFsxReplays(fixtures);
});
