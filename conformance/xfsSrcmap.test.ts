// Holds the srcmap design's iomap and srcmap to the iomap_iter_dstmap / iomap_iter_srcmap events of the
// same unaligned CoW overwrite on a real XFS (reflink=1), and its file contents to the kernel's; the xfs
// design (the X2 built-in) must match the kernel exactly.

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSimulation } from '../engine/sim/simulation.ts';
import { ALLOWLIST } from './allowlist.ts';
import { compareXfs, compareXfsDesign, sharedScenario } from './compareXfs.ts';
import { describeDifference, unexplained } from './difference.ts';
import type { XfsSrcmapFixture } from './fixture.ts';
import { loadFixtures } from './fixtureFiles.ts';

const fixtures = loadFixtures().filter(
  (f): f is XfsSrcmapFixture => f.kind === 'xfs-srcmap',
);

describe('XFS srcmap fixture', () => {
  it('exists and saw the write', () => {
    expect(fixtures.length).toBe(1);
    for (const f of fixtures) expect(f.iterations.length).toBeGreaterThan(0);
  });

  describe.each(fixtures.map((f) => [f.id, f] as const))(
    '%s',
    (_id, fixture) => {
      it('gives the srcmap design the same iomap and srcmap types and flags', () => {
        expect(
          unexplained(compareXfs(fixture), ALLOWLIST).map(describeDifference),
        ).toEqual([]);
      });

      it('gives the xfs design the same iomap and srcmap, offsets, lengths and addresses, size and sha256, with nothing allowlisted', () => {
        expect(compareXfsDesign(fixture).map(describeDifference)).toEqual([]);
      });

      it('leaves the same file contents', () => {
        const sim = createSimulation({
          scenario: sharedScenario(fixture.scenario),
          variant: 'srcmap',
        });
        sim.step();
        const bytes = sim.fileBytes('F');
        expect(createHash('sha256').update(bytes).digest('hex')).toBe(
          fixture.sha256,
        );
      });
    },
  );
});
