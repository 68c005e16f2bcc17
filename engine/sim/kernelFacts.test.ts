// kernel-facts.md section E, scenario by scenario: the observable states each scenario promises (page
// flags, io-tree bits, space counter moves, reads versus zeroing), for the designs each one names.
import { describe, expect, it } from 'vitest';
import { EXTENT } from '../btrfs/ioTreeBits.ts';
import { VARIANT_IDS, type VariantId } from '../scenario/types.ts';
import { builtin, run, type RunResult } from '../testing/runScenario.ts';
import {
  PG,
  type FileExtentRec,
  type IoRangeRec,
  type SpaceRec,
} from '../trace/records.ts';

const K = 1024;
const CORRECT: VariantId[] = VARIANT_IDS.filter((v) => v !== 'v1-posted');
const IOMAP: VariantId[] = ['srcmap', 'nested-apply', 'srcaddr'];

function data(r: RunResult, op: number): SpaceRec {
  const s = r.afterOp[op]?.tables.space.get('data');
  if (s === undefined) throw new Error('no data space_info');
  return s;
}
/** The bits of every io-tree range overlapping [start, end) after op `op`. */
function bitsOver(
  r: RunResult,
  op: number,
  start: number,
  end: number,
): number[] {
  const ranges = [
    ...(r.afterOp[op]?.tables.ioRange.values() ?? []),
  ] as IoRangeRec[];
  return ranges
    .filter((x) => x.start < end && x.end > start)
    .map((x) => x.bits);
}

/** Bytes of [start, end) that io-tree ranges carrying `bit` cover after op `op` (end - start when all). */
function bitCovers(
  r: RunResult,
  op: number,
  start: number,
  end: number,
  bit: number,
): number {
  const ranges = [
    ...(r.afterOp[op]?.tables.ioRange.values() ?? []),
  ] as IoRangeRec[];
  return ranges
    .filter((x) => (x.bits & bit) !== 0)
    .reduce(
      (n, x) =>
        n + Math.max(0, Math.min(end, x.end) - Math.max(start, x.start)),
      0,
    );
}
function extents(
  r: RunResult,
  op: number,
): Pick<FileExtentRec, 'offset' | 'numBytes' | 'type' | 'extentOffset'>[] {
  const items = [...(r.afterOp[op]?.tables.fileExtent.values() ?? [])].sort(
    (a, b) => a.offset - b.offset,
  );
  return items.map(({ offset, numBytes, type, extentOffset }) => ({
    offset,
    numBytes,
    type,
    extentOffset,
  }));
}
function pageFlags(r: RunResult, op: number, index: number): number {
  return r.afterOp[op]?.tables.page.get(`257:${String(index)}`)?.flags ?? -1;
}
const counters = (r: RunResult, op: number) => {
  const c = r.sim.outcomes[op]?.counters;
  if (c === undefined) throw new Error('no counters');
  return c;
};

describe('S1: aligned full-block overwrite of mapped data', () => {
  it.each(VARIANT_IDS)(
    '%s: no read, may_use +4K, DELALLOC|UPTODATE; writeback CoWs into Y with a bookend on X',
    (v) => {
      const r = run('S1', v);
      expect(counters(r, 0)).toMatchObject({
        syncReads: 0,
        bytesZeroed: 0,
        dataReservedBytes: 4 * K,
      });
      expect(data(r, 0).mayUse).toBe(4 * K);
      expect(bitsOver(r, 0, 4 * K, 8 * K)).toEqual([
        EXTENT.DELALLOC | EXTENT.UPTODATE,
      ]);
      expect(pageFlags(r, 0, 1) & (PG.uptodate | PG.dirty)).toBe(
        PG.uptodate | PG.dirty,
      );
      expect(r.afterOp[0]?.tables.inode.get('257')?.outstandingExtents).toBe(1);
      expect(data(r, 1)).toMatchObject({
        mayUse: 0,
        reserved: 0,
        used: 20 * K,
      });
      expect(extents(r, 1)).toEqual([
        { offset: 0, numBytes: 4 * K, type: 'regular', extentOffset: 0 },
        { offset: 4 * K, numBytes: 4 * K, type: 'regular', extentOffset: 0 },
        {
          offset: 8 * K,
          numBytes: 8 * K,
          type: 'regular',
          extentOffset: 8 * K,
        },
      ]);
      const x = [...(r.afterOp[1]?.tables.extentItem.values() ?? [])].find(
        (e) => e.name === 'X',
      );
      expect(x).toMatchObject({ refs: 2, numBytes: 16 * K });
      expect(pageFlags(r, 1, 1) & (PG.dirty | PG.writeback)).toBe(0);
    },
  );
});

describe('S2/S3: unaligned overwrite inside one block, page not cached', () => {
  it('legacy reads the page first (prepare_uptodate_page)', () => {
    expect(counters(run('S2', 'legacy'), 0)).toMatchObject({
      syncReads: 1,
      bytesRead: 4 * K,
      bytesZeroed: 0,
      dataReservedBytes: 4 * K,
    });
  });
  it.each(IOMAP)(
    '%s reads the partly covered block from the source and zeroes nothing',
    (v) => {
      expect(counters(run('S2', v), 0)).toMatchObject({
        syncReads: 1,
        bytesRead: 4 * K,
        bytesZeroed: 0,
        dataReservedBytes: 4 * K,
      });
    },
  );
  it('srcmap reports a DELALLOC iomap and a MAPPED srcmap', () => {
    const r = run('S2', 'srcmap');
    const begin = r.sim.events.find((e) => e.kind === 'iomap.begin');
    const iter = begin?.changes?.find((c) => c.table === 'iter')?.after;
    expect(iter).toMatchObject({
      iomap: { type: 'DELALLOC', offset: 0, length: 4 * K },
      srcmap: { type: 'MAPPED', offset: 0, length: 16 * K },
    });
  });
  it('v1-posted zeroes instead of reading (S3)', () => {
    expect(counters(run('S3', 'v1-posted'), 0)).toMatchObject({
      syncReads: 0,
      bytesZeroed: 4 * K - 200,
    });
  });
});

describe('S4: write into a hole', () => {
  it.each(CORRECT)(
    '%s: DELALLOC_NEW|DELALLOC|UPTODATE, new bytes counted, an item after writeback',
    (v) => {
      const r = run('S4', v);
      expect(bitsOver(r, 0, 20 * K, 24 * K)).toEqual([
        EXTENT.DELALLOC | EXTENT.UPTODATE | EXTENT.DELALLOC_NEW,
      ]);
      expect(r.afterOp[0]?.tables.inode.get('257')?.newDelallocBytes).toBe(
        4 * K,
      );
      expect(counters(r, 0).syncReads).toBe(0);
      expect(extents(r, 1).map((e) => e.offset)).toEqual([0, 20 * K]);
      expect(r.afterOp[1]?.tables.inode.get('257')).toMatchObject({
        newDelallocBytes: 0,
        nbytes: 20 * K,
      });
    },
  );
});

describe('S5: append past EOF', () => {
  it.each(CORRECT)(
    '%s: no extent lock, DELALLOC_NEW, i_size now and disk_i_size after writeback',
    (v) => {
      const r = run('S5', v);
      expect(counters(r, 0)).toMatchObject({
        extentLockCycles: 0,
        syncReads: 0,
      });
      expect(bitCovers(r, 0, 16 * K, 24 * K, EXTENT.DELALLOC_NEW)).toBe(8 * K);
      expect(r.afterOp[0]?.tables.inode.get('257')).toMatchObject({
        isize: 22 * K,
        diskIsize: 16 * K,
      });
      expect(r.afterOp[1]?.tables.inode.get('257')).toMatchObject({
        isize: 22 * K,
        diskIsize: 22 * K,
      });
    },
  );
});

describe('S6: overwrite of still-dirty delalloc', () => {
  it.each(CORRECT)(
    '%s: no read; the old reservation is freed, net may_use stays 4K',
    (v) => {
      const r = run('S6', v);
      expect(counters(r, 1)).toMatchObject({
        syncReads: 0,
        dataReservedBytes: 4 * K,
        dataReleasedBytes: 4 * K,
      });
      expect(data(r, 1).mayUse).toBe(4 * K);
    },
  );
});

describe('S7: write while writeback is in flight', () => {
  it.each(CORRECT)(
    '%s: waits for the ordered extent and retries with EAGAIN',
    (v) => {
      const r = run('S7', v);
      expect(counters(r, 2).orderedWaits).toBeGreaterThanOrEqual(1);
      expect(counters(r, 2).eagainRetries).toBeGreaterThanOrEqual(1);
      const kinds = r.sim.events
        .filter((e) => e.op === 2)
        .map((e) =>
          e.kind === 'btrfs.ordered' ? `ordered.${e.action}` : e.kind,
        );
      expect(kinds.indexOf('ordered.finish')).toBeLessThan(
        kinds.lastIndexOf('btrfs.bits'),
      );
    },
  );
});

describe('S8: ENOSPC with the nocow fallback', () => {
  it.each(CORRECT)(
    '%s: no data reserved, NORESERVE set, written in place',
    (v) => {
      const r = run('S8', v);
      expect(r.sim.outcomes[0]?.result).toBe(4 * K);
      expect(data(r, 0).mayUse).toBe(0);
      expect(bitCovers(r, 0, 4 * K, 8 * K, EXTENT.NORESERVE)).toBe(4 * K);
      expect(data(r, 1)).toMatchObject(data(r, 0));
      expect(extents(r, 1)).toEqual([
        { offset: 0, numBytes: 16 * K, type: 'regular', extentOffset: 0 },
      ]);
    },
  );
  it.each(VARIANT_IDS)(
    '%s: a shared extent cannot be written in place: ENOSPC',
    (v) => {
      expect(run('S8-shared', v).sim.outcomes[0]?.error?.errno).toBe('ENOSPC');
    },
  );
});

describe('S9: write into a prealloc extent', () => {
  it.each(CORRECT)(
    '%s: may_use +4K then released at writeback; the prealloc item splits in three',
    (v) => {
      const r = run('S9', v);
      expect(data(r, 0).mayUse).toBe(4 * K);
      expect(data(r, 1)).toMatchObject({
        mayUse: 0,
        reserved: 0,
        used: data(r, 0).used,
      });
      expect(extents(r, 1).slice(1)).toEqual([
        { offset: 16 * K, numBytes: 4 * K, type: 'prealloc', extentOffset: 0 },
        {
          offset: 20 * K,
          numBytes: 4 * K,
          type: 'regular',
          extentOffset: 4 * K,
        },
        {
          offset: 24 * K,
          numBytes: 8 * K,
          type: 'prealloc',
          extentOffset: 8 * K,
        },
      ]);
    },
  );
});

describe('S10: 4K blocks on 64K pages', () => {
  it.each(IOMAP)(
    '%s: the whole non-uptodate run [0, 8K) is read; bits {0,1}; the folio is not uptodate',
    (v) => {
      const r = run('S10', v);
      expect(counters(r, 0)).toMatchObject({
        syncReads: 1,
        bytesRead: 8 * K,
        dataReservedBytes: 8 * K,
      });
      const page = r.afterOp[0]?.tables.page.get('257:0');
      expect(page).toMatchObject({
        uptodate: '1100000000000000',
        dirty: '1100000000000000',
      });
      expect((page?.flags ?? 0) & PG.uptodate).toBe(0);
    },
  );
  it('legacy reads the whole page because pos is not page aligned', () => {
    expect(counters(run('S10', 'legacy'), 0).bytesRead).toBe(16 * K);
  });
  it.each(IOMAP)(
    '%s: write(8K @ 4K) covers blocks 1-2 exactly: no read, bits {1,2}',
    (v) => {
      const r = run('S10-aligned', v);
      expect(counters(r, 0).syncReads).toBe(0);
      expect(r.afterOp[0]?.tables.page.get('257:0')).toMatchObject({
        uptodate: '0110000000000000',
        dirty: '0110000000000000',
      });
    },
  );
});

describe('S11: a short copy from a user fault', () => {
  const faulting = builtin('S11');
  const clean = {
    ...faulting,
    ops: faulting.ops.map((op) => {
      if (op.op !== 'write') return op;
      const whole = { ...op };
      delete whole.shortCopyAt;
      return whole;
    }),
  };
  it.each(VARIANT_IDS)(
    '%s: the write completes and the counters match a write that never faulted',
    (v) => {
      const r = run(faulting, v);
      const ref = run(clean, v);
      expect(r.sim.outcomes[0]?.result).toBe(8 * K);
      expect(r.sim.outcomes[0]?.oracle.ok).toBe(true);
      expect(data(r, 0)).toEqual(data(ref, 0));
      expect(r.afterOp[0]?.tables.space.get('metadata')).toEqual(
        ref.afterOp[0]?.tables.space.get('metadata'),
      );
      const inode = (x: RunResult) => x.afterOp[0]?.tables.inode.get('257');
      expect(inode(r)?.outstandingExtents).toBe(inode(ref)?.outstandingExtents);
      const c = counters(r, 0);
      expect(c.dataReservedBytes - c.dataReleasedBytes).toBe(8 * K);
    },
  );
  it('legacy releases the failed part and forces the page uptodate on retry', () => {
    const c = counters(run(faulting, 'legacy'), 0);
    expect(c.dataReleasedBytes).toBeGreaterThan(0);
    expect(c.syncReads).toBe(1);
  });
  it.each(IOMAP)(
    '%s: the copy counts as nothing and retries in the same iteration',
    (v) => {
      const r = run(faulting, v);
      const c = counters(r, 0);
      expect(c.bytesCopied).toBe(8 * K + 1000);
      expect(c.iomapBeginCalls).toBe(1);
      expect(c.syncReads).toBe(0);
      expect(
        r.sim.events.some(
          (e) => e.kind === 'page.copy' && e.note.includes('short copy'),
        ),
      ).toBe(true);
    },
  );
});

describe('S12: a write straddling two source extents', () => {
  it('srcmap clamps to the srcmap end: two iterations, one read from each extent', () => {
    expect(counters(run('S12', 'srcmap'), 0)).toMatchObject({
      iomapBeginCalls: 2,
      syncReads: 2,
      bytesRead: 8 * K,
    });
  });
});

describe('S14: full overwrite frees the old extent', () => {
  it.each(CORRECT)(
    '%s: X is dropped: used moves to pinned, Y becomes used',
    (v) => {
      const r = run('S14', v);
      expect(data(r, 1)).toMatchObject({
        used: 16 * K,
        pinned: 16 * K,
        reserved: 0,
        mayUse: 0,
      });
      expect(extents(r, 1)).toEqual([
        { offset: 0, numBytes: 16 * K, type: 'regular', extentOffset: 0 },
      ]);
    },
  );
});
