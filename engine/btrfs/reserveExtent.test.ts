// btrfs_reserve_extent after a successful data reservation: the space is there, so finding none is an
// engine bug, reported as one rather than an extent at a made-up address.

import { describe, expect, it } from 'vitest';
import { InvariantError } from '../core/assert.ts';
import { createSimulation } from '../sim/simulation.ts';
import { scenarioOf } from '../testing/runScenario.ts';
import { reserveExtent } from './reserveExtent.ts';

describe('reserveExtent', () => {
  it('throws an InvariantError naming the size when no free data space is left although it was reserved', () => {
    const sim = createSimulation({
      scenario: scenarioOf({
        id: 'reserve-extent',
        files: [{ name: 'F', size: 0 }],
        ops: [],
      }),
      variant: 'srcmap',
    });
    const { fs } = sim;
    // Take every free data byte behind the reservations' back.
    for (
      let piece = fs.extentTree.allocate(1 << 30, 4096);
      piece !== null;
      piece = fs.extentTree.allocate(1 << 30, 4096)
    )
      fs.extentTree.reserveRange(
        piece.bytenr,
        piece.bytes,
        fs.extentTree.nextName(),
      );
    expect(() => reserveExtent(fs, 8192, 'new')).toThrow(
      new InvariantError('no free data space for 8K although it was reserved'),
    );
  });
});
