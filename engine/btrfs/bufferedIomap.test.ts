// btrfs_buffered_iomap_end after a copy that faults for good (an unmapped user buffer), at an unaligned
// position: what it gives back and what it marks in the io tree (delalloc, and NORESERVE on the nocow
// fallback) when the copy wrote part of the range or nothing at all.

import { describe, expect, it } from 'vitest';
import { UserBuffer } from '../iomap/userBuffer.ts';
import { createSimulation } from '../sim/simulation.ts';
import { scenarioOf } from '../testing/runScenario.ts';
import { VARIANTS } from '../variants/registry.ts';
import { EXTENT } from './ioTreeBits.ts';

const K = 1024;

/** A user buffer whose first `good` bytes copy and whose rest faults every time. */
class FaultsAfter extends UserBuffer {
  constructor(
    length: number,
    private readonly good: number,
  ) {
    super(length, { byte: 1 }, 1);
  }

  override copyTo(
    dst: Uint8Array,
    dstOffset: number,
    offset: number,
    len: number,
  ): number {
    const n = Math.max(0, Math.min(len, this.good - offset));
    dst.fill(1, dstOffset, dstOffset + n);
    return n;
  }
}

/** An 8 KiB write at 100 into a 16 KiB file over one extent, whose buffer copies only `good` bytes. */
function faultingWrite(good: number, nocow: boolean) {
  const sim = createSimulation({
    scenario: scenarioOf({
      id: 'faulting-write',
      ...(nocow ? { space: { dataFree: 0 } } : {}),
      files: [
        {
          name: 'F',
          size: '16K',
          flags: nocow ? ['NODATACOW', 'NODATASUM'] : [],
          extents: [{ offset: 0, length: '16K', disk: 'X' }],
        },
      ],
      ops: [],
    }),
    variant: 'srcmap',
  });
  const entry = sim.fs.byName('F');
  if (entry === undefined) throw new Error('no file F');
  const held = () => ({
    data: sim.fs.data.mayUse,
    meta: sim.fs.meta.mayUse,
    csumBytes: entry.inode.csumBytes,
    outstanding: entry.inode.outstandingExtents,
  });
  const before = held();
  const r = VARIANTS.srcmap.bufferedWrite(
    { fs: sim.fs, entry, buf: new FaultsAfter(8 * K, good), base: 100 },
    100,
    8 * K,
  );
  return { r, entry, before, after: held(), events: sim.events };
}

describe('btrfsBufferedIomapEnd after a copy that faults for good', () => {
  it.each([false, true])(
    'nothing copied at an unaligned position: every sector given back, nothing marked (nocow %s)',
    (nocow) => {
      const { r, entry, before, after } = faultingWrite(0, nocow);
      expect(r).toEqual({ ok: true, value: 0 });
      expect(
        entry.ioTree
          .all()
          .filter((x) => x.bits & (EXTENT.DELALLOC | EXTENT.NORESERVE)),
      ).toEqual([]);
      expect(after).toEqual(before);
    },
  );

  it('100 bytes copied: the one sector is delalloc, the rest of the reservation given back', () => {
    const { r, entry, before, after } = faultingWrite(100, false);
    expect(r).toEqual({ ok: true, value: 100 });
    expect(entry.ioTree.all()).toEqual([
      { start: 0, end: 4 * K, bits: EXTENT.DELALLOC | EXTENT.UPTODATE },
    ]);
    // One sector stays reserved: its data and its csum bytes.
    expect(after.data - before.data).toBe(4 * K);
    expect(after.csumBytes - before.csumBytes).toBe(4 * K);
  });

  it('nocow, 100 bytes copied: only metadata given back, the one sector NORESERVE', () => {
    // The retry's data reservation flushes delalloc, so the sector is written back by the end: read the
    // first ->iomap_end from its events.
    const { r, events } = faultingWrite(100, true);
    expect(r).toEqual({ ok: true, value: 100 });
    const end = events.findIndex(
      (e) => e.kind === 'call.enter' && e.fn === 'btrfs_buffered_iomap_end',
    );
    const next = events.findIndex(
      (e, i) => i > end && e.kind === 'call.enter' && e.fn === 'iomap_apply',
    );
    const notes = events
      .slice(end, next)
      .filter((e) => e.kind === 'btrfs.release' || e.kind === 'btrfs.bits')
      .map((e) => e.note);
    expect(notes).toContain(
      'metadata bytes_may_use -= 256K: the part of the nocow reservation that was not written',
    );
    expect(notes.filter((n) => n.startsWith('data'))).toEqual([]);
    expect(notes).toContain(
      'a nocow write: no data was reserved for this range: set NORESERVE on [0B, 4K)',
    );
  });
});
