// The xfs design held to the xfs-write fixtures recorded on Linux 6.18 (mkfs.xfs -m reflink=1): X6 and X7
// (an unaligned overwrite of a reflinked file with the default and a 256 KiB cowextsize hint) and X5 (an
// append past EOF): iterations, both forks after writeback, size and sha256, with nothing allowlisted.

import { describe, expect, it } from 'vitest';
import { compareXfsWrite } from './compareXfsWrite.ts';
import { describeDifference } from './difference.ts';
import type { XfsWriteFixture } from './fixture.ts';
import { loadFixtures } from './fixtureFiles.ts';
import {
  cowForkFromEvents,
  parseXfsIoFiemap,
  XFS_WRITE_RUNS,
} from './recordXfsWrites.ts';

const fixtures = loadFixtures().filter(
  (f): f is XfsWriteFixture => f.kind === 'xfs-write',
);

describe('XFS write fixtures', () => {
  it('one fixture per recorded run, each with its write and a data fork', () => {
    expect(fixtures.map((f) => f.id).sort()).toEqual(
      XFS_WRITE_RUNS.map((r) => r.id).sort(),
    );
    for (const f of fixtures) {
      expect(f.iterations.length).toBeGreaterThan(0);
      expect(f.dataFork.length).toBeGreaterThan(0);
    }
  });

  it.each(fixtures.map((f) => [f.id, f] as const))(
    '%s: its COW fork is what its own tracepoint events say',
    (_id, fixture) => {
      expect(cowForkFromEvents(fixture.events)).toEqual(fixture.cowFork);
    },
  );

  it('reads xfs_io fiemap -v rows in 512-byte units, holes left out', () => {
    expect(
      parseXfsIoFiemap(
        [
          'F:',
          ' EXT: FILE-OFFSET      BLOCK-RANGE      TOTAL FLAGS',
          '   0: [0..135]:        192..327           136   0x0',
          '   1: [136..255]:      hole               120',
          '   2: [256..383]:      328..455           128 0x2801',
        ].join('\n'),
      ),
    ).toEqual([
      { logical: 0, physical: 98304, length: 69632, flags: [] },
      {
        logical: 131072,
        physical: 167936,
        length: 65536,
        flags: ['last', 'unwritten', 'shared'],
      },
    ]);
  });

  it.each(fixtures.map((f) => [f.id, f] as const))(
    '%s: the xfs design gives the same iterations, forks, size and sha256',
    (_id, fixture) => {
      expect(compareXfsWrite(fixture).map(describeDifference)).toEqual([]);
    },
  );
});
