// The allowlist stays honest: every entry names a fixture that exists, gives a reason, and still matches
// a difference the checks find (an entry whose difference was fixed must be removed).

import { describe, expect, it } from 'vitest';
import { ALLOWLIST } from './allowlist.ts';
import { compareBtrfs } from './compareBtrfs.ts';
import { compareFsx } from './compareFsx.ts';
import { compareFill, compareMkfs } from './compareSpace.ts';
import { compareReclaim } from './compareReclaim.ts';
import { compareXfs } from './compareXfs.ts';
import { compareXfsWrite } from './compareXfsWrite.ts';
import { allows, type Difference } from './difference.ts';
import type { Fixture } from './fixture.ts';
import { loadFixtures } from './fixtureFiles.ts';

/** Every difference of a fixture, under the srcmap design (and legacy, for btrfs and fsx replays). */
function differencesOf(fixture: Fixture): Difference[] {
  switch (fixture.kind) {
    case 'btrfs-scenario':
      return [
        ...compareBtrfs(fixture, 'srcmap'),
        ...compareBtrfs(fixture, 'legacy'),
      ];
    case 'xfs-srcmap':
      return compareXfs(fixture);
    case 'xfs-write':
      return compareXfsWrite(fixture);
    case 'fsx-replay':
      return fixture.filesystem === 'xfs'
        ? compareFsx(fixture, 'xfs')
        : [...compareFsx(fixture, 'srcmap'), ...compareFsx(fixture, 'legacy')];
    case 'mkfs-layout':
      return compareMkfs(fixture);
    case 'fill':
      return compareFill(fixture, 'srcmap');
    case 'reclaim':
      return compareReclaim(fixture, 'srcmap');
  }
}

describe('the conformance allowlist', () => {
  const fixtures = new Map(loadFixtures().map((f) => [f.id, f]));

  it('names existing fixtures, gives reasons, and has no entry whose difference is gone', () => {
    const stale: string[] = [];
    for (const entry of ALLOWLIST) {
      const fixture = fixtures.get(entry.scenario);
      if (fixture === undefined)
        stale.push(`${entry.scenario}: no such fixture`);
      else if (entry.reason.trim().length < 20)
        stale.push(`${entry.scenario} ${entry.field}: no reason given`);
      else if (!differencesOf(fixture).some((d) => allows(entry, d)))
        stale.push(
          `${entry.scenario} ${entry.field}: no longer differs, remove it`,
        );
    }
    expect(stale).toEqual([]);
  }, 1_200_000);
});
