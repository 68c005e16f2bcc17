// The bytes view's model against real runs: S3's page 0 under the posted series is old data turned to zeros
// around the user's 200 bytes; under srcmap the same bytes are read from disk and keep the file's values;
// an already cached page (S3-cached) shows old data; windows, hex and the pages chosen stay in range.

import type { StepEvent, VariantId } from '@engine';
import { describe, expect, it } from 'vitest';
import { builtin, eventsOf } from '../../engine/testing/runScenario.ts';
import {
  fileBefore,
  hex,
  hexWindows,
  pageBytes,
  pagesUnderOp,
  type PageBytes,
} from './bytesModel.ts';

function bytesAfter(id: string, design: VariantId, kind: string): PageBytes {
  const events: readonly StepEvent[] = eventsOf(id, design);
  const scenario = builtin(id);
  const at = events.findIndex((e) => e.kind === kind && e.op === 0);
  if (at < 0) throw new Error(`no ${kind} in ${id} under ${design}`);
  const e = events[at];
  if (e === undefined) throw new Error('no event');
  return pageBytes({
    scenario,
    events,
    cursor: at,
    op: e.op,
    file: 'F',
    ino: 'ino' in e ? e.ino : -1,
    index: 0,
    pageSize: 4096,
    sectorSize: 4096,
  });
}

const sources = (p: PageBytes) =>
  p.blocks[0]?.runs.map((r) => [r.from, r.to, r.source]);

describe('pageBytes', () => {
  it('under v1-posted the bytes around the write are zeroed, then the user bytes land', () => {
    const zeroed = bytesAfter('S3', 'v1-posted', 'page.zero');
    expect(sources(zeroed)).toEqual([
      [0, 100, 'zero'],
      [100, 300, 'unset'],
      [300, 4096, 'zero'],
    ]);
    // The file held its pattern there before the write: the page now holds zeros instead.
    expect(zeroed.value(0)).toBe(0);
    expect(zeroed.before(0)).toBe(1);
    expect(zeroed.before(5)).toBe(6);
    const copied = bytesAfter('S3', 'v1-posted', 'page.copy');
    expect(sources(copied)).toEqual([
      [0, 100, 'zero'],
      [100, 300, 'user'],
      [300, 4096, 'zero'],
    ]);
    expect(copied.value(100)).not.toBeNull();
    expect(copied.blocks[0]?.label).toBe(
      'Page 0, block 0: bytes 0 to 99 zeros; bytes 100 to 299 user data; bytes 300 to 4095 zeros',
    );
  });

  it('under srcmap the same bytes are read from disk and keep the file’s values', () => {
    const read = bytesAfter('S3', 'srcmap', 'page.read');
    expect(sources(read)).toEqual([[0, 4096, 'disk']]);
    for (const off of [0, 99, 300, 4095])
      expect(read.value(off)).toBe(read.before(off));
    const copied = bytesAfter('S3', 'srcmap', 'page.copy');
    expect(sources(copied)).toEqual([
      [0, 100, 'disk'],
      [100, 300, 'user'],
      [300, 4096, 'disk'],
    ]);
  });

  it('a page cached before the operation shows old data', () => {
    const copied = bytesAfter('S3-cached', 'v1-posted', 'page.copy');
    expect(sources(copied)).toEqual([
      [0, 100, 'old'],
      [100, 300, 'user'],
      [300, 4096, 'old'],
    ]);
  });

  it('runs tile the block and their places are percentages of it', () => {
    const p = bytesAfter('S3', 'v1-posted', 'page.copy');
    const runs = p.blocks[0]?.runs ?? [];
    expect(runs.reduce((sum, r) => sum + r.width, 0)).toBeCloseTo(100);
    for (const [i, r] of runs.entries()) {
      expect(r.left).toBeCloseTo(((runs[i - 1]?.to ?? 0) / 4096) * 100);
      expect(r.to).toBeGreaterThan(r.from);
    }
  });
});

describe('fileBefore', () => {
  it('follows the fill under a regular extent and the writes before the operation', () => {
    const s3 = builtin('S3');
    expect(fileBefore(s3, 'F', 0, 0)).toBe(1);
    expect(fileBefore(s3, 'F', 0, 251)).toBe(1);
    const write = s3.ops[0];
    if (write?.op !== 'write') throw new Error('S3 starts with a write');
    expect(fileBefore(s3, 'F', 1, write.offset)).not.toBe(
      fileBefore(s3, 'F', 0, write.offset),
    );
    expect(fileBefore(s3, 'nope', 0, 0)).toBeNull();
  });
});

describe('hexWindows and hex', () => {
  it('opens on the block and on each change of source, inside the block', () => {
    const p = bytesAfter('S3', 'v1-posted', 'page.copy');
    const block = p.blocks[0];
    if (block === undefined) throw new Error('no block');
    expect(hexWindows(block)).toEqual([
      [0, 16],
      [92, 108],
      [292, 308],
    ]);
    for (const [a, b] of hexWindows(block, 64)) {
      expect(a).toBeGreaterThanOrEqual(block.from);
      expect(b).toBeLessThanOrEqual(block.to);
    }
  });

  it('writes two hex digits, or dots for an unknown byte', () => {
    expect(hex(0)).toBe('00');
    expect(hex(0xab)).toBe('ab');
    expect(hex(null)).toBe('··');
  });
});

describe('pagesUnderOp', () => {
  it('shows the page the step acts on, else the two edge pages of the range', () => {
    const all = () => true;
    expect(pagesUnderOp(3, [0, 100], 4096, all)).toEqual([3]);
    expect(pagesUnderOp(null, [100, 9000], 4096, all)).toEqual([0, 2]);
    expect(pagesUnderOp(null, [100, 300], 4096, all)).toEqual([0]);
    expect(pagesUnderOp(null, null, 4096, all)).toEqual([]);
    expect(pagesUnderOp(null, [100, 9000], 4096, (i) => i === 2)).toEqual([2]);
  });
});
