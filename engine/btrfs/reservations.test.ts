// Data and metadata reservations (delalloc-space.c): what an ENOSPC says it found, and where the inode block
// reserve's excess goes when the delayed refs reserve can take only part of it.

import { describe, expect, it } from 'vitest';
import { createSimulation } from '../sim/simulation.ts';
import { scenarioOf } from '../testing/runScenario.ts';
import type { Fs } from './fs.ts';
import {
  inodeRsvRelease,
  reserveData,
  reserveMetadata,
} from './reservations.ts';

/** The prepared filesystem of an empty file F with `dataFree` bytes of data space left. */
function prepared(dataFree: string) {
  const sim = createSimulation({
    scenario: scenarioOf({
      id: 'reservations',
      space: { dataFree },
      files: [{ name: 'F', size: 0 }],
      ops: [],
    }),
    variant: 'srcmap',
  });
  const entry = sim.fs.byName('F');
  if (entry === undefined) throw new Error('no file F');
  return { fs: sim.fs, entry };
}

function notesFrom(fs: Fs, from: number, kind: string): string[] {
  return fs.rec.events
    .slice(from)
    .flatMap((e) => (e.kind === kind ? [e.note] : []));
}

describe('reservation failures', () => {
  it('a data ENOSPC says how much data space was free', () => {
    const { fs } = prepared('8K');
    const from = fs.rec.events.length;
    expect(reserveData(fs, 0, 64 * 1024)).toBe(false);
    expect(notesFrom(fs, from, 'btrfs.reserve')).toContain(
      `ENOSPC: only ${String(fs.data.free() / 1024)}K of data space is free and the device has no room for another data chunk`,
    );
    expect(fs.data.free()).toBeGreaterThan(0);
  });

  it('a metadata ENOSPC says flushing did not help', () => {
    const { fs, entry } = prepared('64K');
    fs.meta.adjust({ mayUse: fs.meta.free() });
    const from = fs.rec.events.length;
    expect(reserveMetadata(fs, entry.inode, 4096)).toBe(false);
    expect(notesFrom(fs, from, 'btrfs.reserve')).toEqual([
      'ENOSPC: no metadata space for the write, even after flushing',
    ]);
    // Nothing is counted for a reservation that failed.
    expect([
      entry.inode.outstandingExtents,
      entry.inode.csumBytes,
      entry.inode.rsvReserved,
    ]).toEqual([0, 0, 0]);
  });
});

describe('inodeRsvRelease', () => {
  it('gives the delayed refs reserve what it lacks and the metadata space_info the rest', () => {
    const { fs, entry } = prepared('64K');
    const { inode } = entry;
    expect(reserveMetadata(fs, inode, 4096)).toBe(true);
    // The delayed refs reserve lacks 4K; the inode reserve holds more than its size needs.
    fs.delayedRefsRsv.addTreeCow('fs');
    fs.delayedRefsRsv.absorb(
      fs.delayedRefsRsv.size - fs.delayedRefsRsv.reserved - 4096,
    );
    inode.update(() => {
      inode.outstandingExtents = 0;
      inode.csumBytes = 0;
    });
    const held = inode.rsvReserved;
    const mayUse = fs.meta.mayUse;
    const from = fs.rec.events.length;
    inodeRsvRelease(fs, inode, 'the test drops the extents');
    expect(notesFrom(fs, from, 'btrfs.release')).toEqual([
      `metadata bytes_may_use -= ${String(held / 1024 - 4)}K: the test drops the extents; 4K fills the delayed refs reserve (still bytes_may_use until the delayed refs run)`,
    ]);
    expect(fs.meta.mayUse).toBe(mayUse - (held - 4096));
    expect(fs.delayedRefsRsv.size - fs.delayedRefsRsv.reserved).toBe(0);
  });
});

describe('reserveMetadata', () => {
  // The worst case for one new extent, its checksum leaves and the inode update, in 16 KiB nodes of 8
  // levels: 256K per inserted item, 128K for the update. A 16 KiB leaf holds (16384 - 101 header - 25
  // item) / 4 = 4,064 checksums.
  it.each([
    [4064, 'one checksum leaf', 2 * 256 + 128],
    [4070, 'two checksum leaves', 3 * 256 + 128],
  ])('%i sectors of delalloc need %s', (sectors, _, kib) => {
    const { fs, entry } = prepared('64K');
    const from = fs.rec.events.length;
    expect(reserveMetadata(fs, entry.inode, sectors * 4096)).toBe(true);
    expect(notesFrom(fs, from, 'btrfs.reserve')[0]).toMatch(
      new RegExp(`^metadata bytes_may_use \\+= ${String(kib)}K `),
    );
  });
});
