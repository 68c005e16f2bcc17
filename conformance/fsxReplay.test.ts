// Holds the engine's replay of the exerciser's op logs to the same logs replayed on a real btrfs file:
// final size and sha256, and the errno of every op that failed. The logs marked long (files of 4 MiB and
// more) are checked by `npm run conformance:long` (fsxReplay.long.test.ts).

import { describe, expect, it } from 'vitest';
import {
  describeFsxReplays,
  fsxFixtures,
  isLongRun,
} from './fsxReplaySuite.ts';
import { FSX_RUNS } from './recordFsxReplay.ts';

const fixtures = fsxFixtures();

describe('exerciser op logs replayed on btrfs', () => {
  it('cover every run the recorder makes', () => {
    expect(fixtures.map((f) => f.id).sort()).toEqual(
      FSX_RUNS.map((r) => r.id).sort(),
    );
  });

  describeFsxReplays(fixtures.filter((f) => !isLongRun(f.id)));
});
