// The extent tree's data space: the allocator (btrfs_reserve_extent's first fit and its retry for less when
// free space is fragmented), the reserved → extent item → pinned → free life of a range, and what a reader of
// the event log sees of the extent items.

import { describe, expect, it } from 'vitest';
import { InvariantError } from '../core/assert.ts';
import { Recorder } from '../trace/recorder.ts';
import { applyEvent, emptyState } from '../trace/reducer.ts';
import { ExtentTree } from './extentTree.ts';
import { TransactionChanges } from './transactionChanges.ts';

const K = 1024;
const M = 1024 * K;
const SS = 4 * K;

/** An extent tree with data block groups [start, start + length) added in the order given. */
function tree(...groups: [number, number][]) {
  const rec = new Recorder(true);
  const changes = new TransactionChanges();
  const t = new ExtentTree(SS, rec, changes);
  for (const [start, length] of groups) t.addGroup(start, length);
  return { t, rec, changes };
}

/** Reserves [bytenr, +bytes) and makes it an extent item with one reference. */
function insert(t: ExtentTree, bytenr: number, bytes: number, name: string) {
  t.reserveRange(bytenr, bytes, name);
  const item = { bytenr, numBytes: bytes, refs: 1, name, shared: false };
  t.insertItem(item);
  return item;
}

/** One 64 KiB group with [8K, 16K) and [32K, 40K) taken: free runs of 8K at 0, 16K at 16K, 24K at 40K. */
function fragmented() {
  const made = tree([0, 64 * K]);
  made.t.reserveRange(8 * K, 8 * K, 'A');
  made.t.reserveRange(32 * K, 8 * K, 'B');
  return made;
}

describe('ExtentTree: allocation', () => {
  it('allocates from the lowest block group, whatever order the groups came in', () => {
    const { t } = tree([2 * M, 64 * K], [M, 64 * K], [0, 64 * K]);
    expect(t.allocate(64 * K, SS)).toEqual({ bytenr: 0, bytes: 64 * K });
    expect(t.findFree(SS)).toBe(0);
  });

  it('takes the first run that fits, an exact fit included', () => {
    const { t } = fragmented();
    expect(t.findFree(8 * K)).toBe(0);
    expect(t.allocate(8 * K, SS)).toEqual({ bytenr: 0, bytes: 8 * K });
    expect(t.findFree(24 * K)).toBe(40 * K);
    expect(t.findFree(28 * K)).toBeNull();
  });

  it('retries for half the request when no run fits it whole, at the first run that fits the half', () => {
    // kernel btrfs_reserve_extent: min(num_bytes / 2, max_extent_size), then find_free_extent again.
    const { t } = fragmented();
    expect(t.largestFree()).toBe(24 * K);
    expect(t.allocate(32 * K, SS)).toEqual({ bytenr: 16 * K, bytes: 16 * K });
  });

  it('cuts a 512 KiB request over runs of 192K and 320K as Linux 6.18 did: 256K, 128K, 64K, 64K', () => {
    // Measured on a full 256 MiB loop device (btrfs_find_free_extent / btrfs_reserve_extent tracepoints):
    // 512K fails, 256K goes to the 320K run; 256K fails, 128K goes to the 192K run; 128K fails, the two
    // 64K pieces go to what is left of each, lower address first. cow_file_range asks for what remains.
    const { t } = tree([0, M]);
    t.reserveRange(192 * K, 64 * K, 'kept');
    t.reserveRange(576 * K, M - 576 * K, 'kept2');
    const pieces: [number, number][] = [];
    for (let left = 512 * K; left > 0;) {
      const piece = t.allocate(left, SS);
      if (piece === null) throw new Error('no space');
      t.reserveRange(piece.bytenr, piece.bytes, 'T');
      pieces.push([piece.bytenr / K, piece.bytes / K]);
      left -= piece.bytes;
    }
    expect(pieces).toEqual([
      [256, 256],
      [0, 128],
      [128, 64],
      [512, 64],
    ]);
  });

  it('rounds the half down to a whole sector', () => {
    const { t } = fragmented();
    // Half of 28K is 14K: 12K, which the run at 16K holds.
    expect(t.allocate(28 * K, SS)).toEqual({ bytenr: 16 * K, bytes: 12 * K });
  });

  it('retries for no more than the longest free run', () => {
    const { t } = fragmented();
    expect(t.allocate(128 * K, SS)).toEqual({ bytenr: 40 * K, bytes: 24 * K });
  });

  it('retries for at least the minimum, and finds nothing when no run holds it', () => {
    const { t } = fragmented();
    expect(t.allocate(32 * K, 20 * K)).toEqual({
      bytenr: 40 * K,
      bytes: 20 * K,
    });
    expect(t.allocate(32 * K, 28 * K)).toBeNull();
    const full = tree([0, 8 * K]).t;
    full.reserveRange(0, 8 * K, 'A');
    expect(full.largestFree()).toBe(0);
    expect(full.allocate(8 * K, SS)).toBeNull();
  });

  it('reserves in the block group that holds the address, and refuses one outside every group', () => {
    const { t } = tree([0, 64 * K], [M, 64 * K]);
    t.reserveRange(M + SS, SS, 'Y');
    expect(t.reserved()).toEqual([[M + SS, SS]]);
    expect(t.findFree(64 * K)).toBe(0);
    expect(t.findFree(60 * K)).toBe(0);
    expect(t.allocate(60 * K, 60 * K)).toEqual({ bytenr: 0, bytes: 60 * K });
    expect(() => {
      t.reserveRange(2 * M, SS, 'Z');
    }).toThrow(new InvariantError('2097152 is in no data block group'));
    // In the gap between the two groups.
    expect(() => {
      t.reserveRange(512 * K, SS, 'G');
    }).toThrow(new InvariantError('524288 is in no data block group'));
  });
});

describe('ExtentTree: reserved ranges, extent items, pinned ranges', () => {
  it('lists reserved ranges, extent items and pinned ranges by address, whatever order they came in', () => {
    const { t } = tree([0, 64 * K]);
    for (const at of [32, 8, 16]) t.reserveRange(at * K, SS, `R${String(at)}`);
    expect(t.reserved()).toEqual([
      [8 * K, SS],
      [16 * K, SS],
      [32 * K, SS],
    ]);
    for (const at of [40, 24, 48]) insert(t, at * K, SS, `X${String(at)}`);
    expect(t.all().map((x) => x.bytenr)).toEqual([24 * K, 40 * K, 48 * K]);
    for (const at of [48, 24, 40]) t.removeAndPin(at * K);
    expect(t.pinned()).toEqual([
      [24 * K, SS],
      [40 * K, SS],
      [48 * K, SS],
    ]);
  });

  it('refuses an extent item that was never reserved, and reference changes of a missing one', () => {
    const { t } = tree([0, 64 * K]);
    expect(() => {
      t.insertItem({
        bytenr: SS,
        numBytes: SS,
        refs: 1,
        name: 'Z',
        shared: false,
      });
    }).toThrow(new InvariantError('extent item Z at 4096 was never reserved'));
    expect(() => t.setRefs(SS, 2)).toThrow(
      new InvariantError('no extent item at 4096'),
    );
    expect(() => t.removeAndPin(SS)).toThrow(
      new InvariantError('no extent item at 4096'),
    );
    expect(t.all()).toEqual([]);
  });

  it('keeps a freed range pinned, not allocatable, until the commit unpins it', () => {
    const { t } = tree([0, 8 * K]);
    insert(t, 0, 8 * K, 'X');
    t.setCsum(0, 0x1234);
    t.setCsum(SS, 0x5678);
    t.removeAndPin(0);
    expect(t.csums.size).toBe(0);
    expect(t.allocate(SS, SS)).toBeNull();
    expect(t.unpinAll()).toEqual([[0, 8 * K]]);
    expect(t.pinned()).toEqual([]);
    expect(t.allocate(8 * K, SS)).toEqual({ bytenr: 0, bytes: 8 * K });
  });

  it('tells the event log of every extent item inserted, re-referenced and removed', () => {
    const { t, rec } = tree([0, 64 * K]);
    const state = emptyState();
    const seen = () => {
      rec.emit('btrfs.extent', { action: 'ref' }, 'test');
      for (const e of rec.events.slice(state.seq + 1)) applyEvent(state, e);
      return [...state.tables.extentItem.entries()];
    };
    const x = insert(t, SS, SS, 'X');
    expect(seen()).toEqual([['4096', x]]);
    t.setRefs(SS, 2);
    expect(seen()).toEqual([['4096', { ...x, refs: 2 }]]);
    t.removeAndPin(SS);
    expect(seen()).toEqual([]);
    // An item a mount read.
    const y = {
      bytenr: 8 * K,
      numBytes: SS,
      refs: 1,
      name: 'Y',
      shared: false,
    };
    t.loadItem(y);
    expect(seen()).toEqual([['8192', y]]);
  });

  it('records every extent and checksum it changes for the next commit', () => {
    const { t, changes } = tree([0, 64 * K]);
    insert(t, 0, 8 * K, 'X');
    t.setCsum(0, 1);
    expect([...changes.extents]).toEqual([0]);
    expect([...changes.csums]).toEqual([0]);
    changes.clear();
    t.removeAndPin(0);
    expect([...changes.extents]).toEqual([0]);
    expect([...changes.csums]).toEqual([0]);
  });
});
