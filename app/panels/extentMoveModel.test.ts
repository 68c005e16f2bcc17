import { describe, expect, it } from 'vitest';
import { eventsOf } from '../../engine/testing/runScenario.ts';
import { extentMove } from './extentMoveModel.ts';

function moves(id: string, variant: Parameters<typeof eventsOf>[1]) {
  const events = eventsOf(id, variant);
  return events
    .map((e) => ({ seq: e.seq, note: e.note, move: extentMove(events, e.seq) }))
    .filter((m) => m.move !== null);
}

describe('extentMove(events, seq): the range CoW moves on disk when its new file extent item goes in', () => {
  it('S3 under v1-posted: [0, 4K) moves from the old extent to the new one at insert_reserved_file_extent', () => {
    const found = moves('S3', 'v1-posted');
    expect(found).toHaveLength(1);
    expect(found[0]?.note).toMatch(/^insert a regular file extent item/);
    expect(found[0]?.move).toEqual({
      ino: 257,
      offset: 0,
      numBytes: 4096,
      fromDisk: 4194304,
      toDisk: 4210688,
    });
  });

  it('every CoW design moves the overwritten block; the legacy design too', () => {
    for (const v of ['legacy', 'srcmap', 'nested-apply', 'srcaddr'] as const)
      expect(moves('S2', v).length, v).toBe(1);
  });

  it('nothing moves where nothing is copied on write: a write into a hole, into prealloc, or NOCOW in place', () => {
    expect(moves('S4', 'srcmap')).toEqual([]);
    expect(moves('S9', 'srcmap')).toEqual([]);
    expect(moves('S8', 'srcmap')).toEqual([]);
  });

  it('none before the first event or past the last', () => {
    const events = eventsOf('S3', 'v1-posted');
    expect(extentMove(events, -1)).toBeNull();
    expect(extentMove(events, events.length)).toBeNull();
  });
});
