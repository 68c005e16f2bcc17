// One inode's file extent items: kept sorted, non-empty and disjoint; the items a range overlaps; what
// btrfs_get_extent maps an offset to (holes included); and who is told of every item that comes and goes.

import { describe, expect, it } from 'vitest';
import { InvariantError } from '../core/assert.ts';
import { Recorder } from '../trace/recorder.ts';
import type { FileExtentRec } from '../trace/records.ts';
import { applyEvent, emptyState } from '../trace/reducer.ts';
import { FileExtents } from './fileExtents.ts';

const K = 1024;
const M = 1024 * K;

/** A regular item of file bytes [offset, offset + numBytes), alone in its own disk extent. */
function item(offset: number, numBytes: number): FileExtentRec {
  return {
    ino: 257,
    offset,
    numBytes,
    type: 'regular',
    diskBytenr: M + offset,
    diskNumBytes: numBytes,
    extentOffset: 0,
    ramBytes: numBytes,
  };
}

/** Items of inode 257 inserted in the order given, and what the observer was told. */
function extents(...items: FileExtentRec[]) {
  const rec = new Recorder(true);
  const told: [FileExtentRec | null, FileExtentRec | null][] = [];
  const f = new FileExtents(257, rec, (removed, added) =>
    told.push([removed, added]),
  );
  for (const x of items) f.insert(x);
  return { f, rec, told };
}

describe('FileExtents: insert', () => {
  it('keeps the items sorted by file offset, whatever order they came in', () => {
    const [a, b, c] = [item(0, 4 * K), item(4 * K, 4 * K), item(12 * K, 4 * K)];
    const { f, told } = extents(c, a, b);
    expect(f.all()).toEqual([a, b, c]);
    expect(told).toEqual([
      [null, c],
      [null, a],
      [null, b],
    ]);
  });

  it('refuses an item overlapping another, or an empty one, and keeps the items as they were', () => {
    const x = item(4 * K, 4 * K);
    const { f } = extents(x);
    expect(() => {
      f.insert(item(0, 8 * K));
    }).toThrow(
      new InvariantError('file extent [0, +8192) overlaps an existing item'),
    );
    expect(() => {
      f.insert(item(4 * K, 4 * K));
    }).toThrow(
      new InvariantError('file extent [4096, +4096) overlaps an existing item'),
    );
    expect(() => {
      f.insert(item(0, 0));
    }).toThrow(new InvariantError('file extent [0, +0) is empty'));
    expect(f.all()).toEqual([x]);
    const [before, after] = [item(0, 4 * K), item(8 * K, 4 * K)];
    f.insert(after);
    f.insert(before);
    expect(f.all()).toEqual([before, x, after]);
  });
});

describe('FileExtents: overlapping, lookup, startingAt', () => {
  const a = item(0, 4 * K);
  const b = item(8 * K, 4 * K);
  const c = item(12 * K, 4 * K);

  it('lists the items overlapping a range, none for a range inside a hole', () => {
    const { f } = extents(a, b, c);
    expect(f.overlapping(4 * K, 8 * K)).toEqual([]);
    expect(f.overlapping(2 * K, 9 * K)).toEqual([a, b]);
    expect(f.overlapping(4 * K, 12 * K)).toEqual([b]);
    expect(f.overlapping(12 * K, 20 * K)).toEqual([c]);
    expect(f.overlapping(0, 20 * K)).toEqual([a, b, c]);
  });

  it("maps an offset inside an item to the item's disk address, and a hole up to the next item", () => {
    const { f } = extents(a, {
      ...b,
      extentOffset: 4 * K,
      diskNumBytes: 8 * K,
    });
    expect(f.lookup(8 * K + 512, 4 * K)).toEqual({
      start: 8 * K,
      len: 4 * K,
      kind: 'regular',
      blockStart: M + 12 * K,
      item: { ...b, extentOffset: 4 * K, diskNumBytes: 8 * K },
    });
    expect(f.lookup(4 * K, 16 * K)).toEqual({
      start: 4 * K,
      len: 4 * K,
      kind: 'hole',
      blockStart: -1,
    });
    expect(f.lookup(4 * K, 2 * K)).toMatchObject({ start: 4 * K, len: 2 * K });
    expect(f.lookup(12 * K, 8 * K)).toEqual({
      start: 12 * K,
      len: 8 * K,
      kind: 'hole',
      blockStart: -1,
    });
  });

  it('finds the item starting at an offset, and none inside an item', () => {
    const { f } = extents(a, b);
    expect(f.startingAt(8 * K)).toBe(b);
    expect(f.startingAt(4 * K)).toBeUndefined();
    expect(f.startingAt(2 * K)).toBeUndefined();
  });
});

describe('FileExtents: remove and replace', () => {
  const a = item(0, 4 * K);
  const b = item(8 * K, 4 * K);

  it('removes and replaces the item itself, telling the observer', () => {
    const { f, told } = extents(a, b);
    const trimmed = {
      ...b,
      offset: 10 * K,
      numBytes: 2 * K,
      extentOffset: 2 * K,
    };
    f.replace(b, trimmed);
    f.remove(a);
    expect(f.all()).toEqual([trimmed]);
    expect(told.slice(2)).toEqual([
      [b, trimmed],
      [a, null],
    ]);
  });

  it('refuses an item it does not hold, an equal copy included, and changes nothing', () => {
    const { f, told } = extents(a, b);
    for (const stranger of [
      { ...b },
      item(4 * K, 4 * K),
      item(16 * K, 4 * K),
    ]) {
      expect(() => {
        f.remove(stranger);
      }).toThrow(new InvariantError('remove: unknown file extent item'));
      expect(() => {
        f.replace(stranger, item(20 * K, 4 * K));
      }).toThrow(new InvariantError('replace: unknown file extent item'));
    }
    expect(f.all()).toEqual([a, b]);
    expect(told).toHaveLength(2);
  });

  it('tells the event log of every item by inode and offset, a moved start as a removal and an insert', () => {
    const { f, rec } = extents(a, b);
    const state = emptyState();
    const seen = () => {
      rec.emit('btrfs.extent', { action: 'split' }, 'test');
      for (const e of rec.events.slice(state.seq + 1)) applyEvent(state, e);
      return [...state.tables.fileExtent.entries()].sort();
    };
    expect(seen()).toEqual([
      ['257:0', a],
      ['257:8192', b],
    ]);
    const longer = { ...a, numBytes: 8 * K, diskNumBytes: 8 * K };
    f.replace(a, longer);
    const moved = { ...b, offset: 12 * K, numBytes: 4 * K };
    f.replace(b, moved);
    expect(seen()).toEqual([
      ['257:0', longer],
      ['257:12288', moved],
    ]);
    f.remove(moved);
    expect(seen()).toEqual([['257:0', longer]]);
  });
});
