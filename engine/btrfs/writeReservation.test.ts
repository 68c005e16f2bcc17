// reserveWriteSpace (btrfs_buffered_write's reservation, steps 3-5 of kernel-facts B1) on a device with no
// room left: what it reserves, what it gives back when the metadata reservation fails, and when the nocow
// fallback may run.

import { describe, expect, it } from 'vitest';
import type { FileSpec } from '../scenario/types.ts';
import { createSimulation } from '../sim/simulation.ts';
import { scenarioOf } from '../testing/runScenario.ts';
import type { Fs } from './fs.ts';
import { reserveWriteSpace } from './writeReservation.ts';

/** The prepared filesystem of a scenario with file F and `dataFree` bytes of data space left. */
function prepared(f: Omit<FileSpec, 'name'>, dataFree: string) {
  const sim = createSimulation({
    scenario: scenarioOf({
      id: 'write-reservation',
      space: { dataFree },
      files: [{ name: 'F', ...f }],
      ops: [],
    }),
    variant: 'srcmap',
  });
  const entry = sim.fs.byName('F');
  if (entry === undefined) throw new Error('no file F');
  return { fs: sim.fs, entry };
}

/** Takes every free byte of the metadata space_info, on a device with no room for another chunk. */
function fillMetadata(fs: Fs): void {
  fs.meta.adjust({ mayUse: fs.meta.free() });
}

const extent64K = {
  size: '64K',
  extents: [{ offset: 0, length: '64K', disk: 'X' }],
} as const;

describe('reserveWriteSpace', () => {
  it('gives the data reservation back when metadata cannot be reserved', () => {
    const { fs, entry } = prepared(extent64K, '64K');
    fillMetadata(fs);
    const dataMayUse = fs.data.mayUse;
    const from = fs.rec.events.length;
    const r = reserveWriteSpace(fs, entry, 1000, 5000);
    expect(r.ok ? 'ok' : r.error).toEqual({
      errno: 'ENOSPC',
      message: 'no metadata space for the write',
    });
    expect(fs.data.mayUse).toBe(dataMayUse);
    expect(
      fs.rec.events
        .slice(from)
        .filter((e) => e.kind === 'btrfs.release')
        .map((e) => e.note),
    ).toContain('data bytes_may_use -= 8K: the metadata reservation failed');
  });

  it('on the nocow fallback, a failed metadata reservation has no data reservation to give back', () => {
    const { fs, entry } = prepared(
      { ...extent64K, flags: ['NODATACOW', 'NODATASUM'] },
      '0',
    );
    fillMetadata(fs);
    const dataMayUse = fs.data.mayUse;
    const r = reserveWriteSpace(fs, entry, 1000, 5000);
    expect(r.ok ? 'ok' : r.error.errno).toBe('ENOSPC');
    expect(fs.data.mayUse).toBe(dataMayUse);
  });

  it('the nocow fallback reserves metadata for the sectors the write touches', () => {
    const { fs, entry } = prepared(
      { ...extent64K, flags: ['NODATACOW', 'NODATASUM'] },
      '0',
    );
    const r = reserveWriteSpace(fs, entry, 1000, 5000);
    expect(r.ok ? r.value : r.error).toEqual({
      writeBytes: 5000,
      reservedBytes: 8192,
      nocow: true,
    });
  });

  it('an inode with neither NODATACOW nor PREALLOC never falls back to nocow, even over a prealloc extent', () => {
    const { fs, entry } = prepared(
      {
        size: '64K',
        extents: [{ offset: 0, length: '64K', disk: 'X', type: 'prealloc' }],
      },
      '0',
    );
    const from = fs.rec.events.length;
    const r = reserveWriteSpace(fs, entry, 1000, 5000);
    expect(r.ok ? 'ok' : r.error).toEqual({
      errno: 'ENOSPC',
      // The sectors the write touches: [0, 8K), not round_up(5000).
      message: 'no data space for 8K and the range cannot be written in place',
    });
    const calls = fs.rec.events
      .slice(from)
      .filter((e) => e.kind === 'call.enter')
      .map((e) => e.fn);
    expect(calls).not.toContain('check_can_nocow');
  });

  it('the same prealloc extent in a PREALLOC inode is written in place', () => {
    const { fs, entry } = prepared(
      {
        size: '64K',
        flags: ['PREALLOC'],
        extents: [{ offset: 0, length: '64K', disk: 'X', type: 'prealloc' }],
      },
      '0',
    );
    const r = reserveWriteSpace(fs, entry, 1000, 5000);
    expect(r.ok && r.value.nocow).toBe(true);
  });
});
