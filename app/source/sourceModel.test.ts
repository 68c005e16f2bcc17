// The Source pane's model on real runs: the frames at a step, the line of each, and the steps that ran a
// line (including a line that runs `with` another).

import { describe, expect, it } from 'vitest';
import { eventsOf } from '../../engine/testing/runScenario.ts';
import {
  applyEvent,
  cloneState,
  emptyState,
  type ReducedState,
  type StepEvent,
} from '@engine';
import { present } from '../../engine/testing/nonVacuous.ts';
import { listingFor } from './catalog.ts';
import { indexLines, lineKey, lineOf, stepsOf } from './lineOf.ts';
import { framesAt } from './sourceModel.ts';

/** The reduced state right after event `seq`. */
function stateAfter(events: readonly StepEvent[], seq: number): ReducedState {
  const state = emptyState();
  for (const e of events) {
    applyEvent(state, e);
    if (e.seq === seq) return cloneState(state);
  }
  throw new Error(`no event ${String(seq)}`);
}

const s3v1 = eventsOf('S3', 'v1-posted');

describe('framesAt', () => {
  it('puts the v1 zeroing of S3 in __iomap_write_begin, each outer frame on its call site', () => {
    const zero = present(
      s3v1.find((e) => e.kind === 'page.zero'),
      'a page.zero in S3 under v1-posted',
    );
    const frames = framesAt(
      zero,
      stateAfter(s3v1, zero.seq).stack,
      'v1-posted',
    );
    expect(frames.map((f) => [f.fn, f.line])).toEqual([
      ['', 'write'],
      ['iomap_file_buffered_write', 'apply'],
      ['iomap_apply', 'actor'],
      ['iomap_write_actor', 'begin'],
      ['iomap_write_begin', 'from-iomap'],
      ['__iomap_write_begin', 'zero'],
    ]);
  });

  it('shows a call.enter on the caller\u2019s call site, not inside the callee', () => {
    const enter = present(
      s3v1.find((e) => e.kind === 'call.enter' && e.fn === 'iomap_apply'),
      'the call of iomap_apply',
    );
    const frames = framesAt(
      enter,
      stateAfter(s3v1, enter.seq).stack,
      'v1-posted',
    );
    expect(frames.map((f) => f.fn)).toEqual(['', 'iomap_file_buffered_write']);
    expect(frames.at(-1)?.line).toBe('apply');
  });

  it('shows the runner alone before the first step', () => {
    expect(framesAt(undefined, [], 'legacy')).toEqual([
      { fn: '', listing: listingFor('', 'legacy'), line: undefined },
    ]);
  });

  it('follows the design: the same S3 step reads the srcmap under srcmap', () => {
    const events = eventsOf('S3', 'srcmap');
    const read = present(
      events.find(
        (e) => e.kind === 'call.enter' && e.fn === 'iomap_read_page_sync',
      ),
      'a srcmap read in S3 under srcmap',
    );
    expect(lineOf(read, 'srcmap')).toEqual({
      fn: '__iomap_write_begin',
      line: 'read',
    });
    expect(
      s3v1.some(
        (e) => e.kind === 'call.enter' && e.fn === 'iomap_read_page_sync',
      ),
    ).toBe(false);
  });
});

describe('indexLines and stepsOf', () => {
  it('lists, in order, the steps that ran a line; a call line once per call, at its call.enter', () => {
    const index = indexLines(s3v1, 'v1-posted');
    const calls = s3v1
      .filter((e) => e.kind === 'call.enter' && e.fn === 'iomap_apply')
      .map((e) => e.seq);
    expect(calls.length).toBeGreaterThanOrEqual(1);
    expect(
      index.get(lineKey({ fn: 'iomap_file_buffered_write', line: 'apply' })),
    ).toEqual(calls);
  });

  it('gives a `with` line the steps of the line it runs with', () => {
    const index = indexLines(s3v1, 'v1-posted');
    const listing = present(
      listingFor('btrfs_buffered_iomap_begin', 'v1-posted'),
      'the v1 listing',
    );
    const length = present(
      listing.lines.find((l) => l.id === 'length'),
      'the length line',
    );
    const lock = present(
      listing.lines.find((l) => l.id === 'lock'),
      'the lock line',
    );
    const steps = stepsOf(index, listing, length);
    expect(steps.length).toBeGreaterThan(0);
    expect(steps).toEqual(stepsOf(index, listing, lock));
  });

  it('finds no step for a line the design never runs', () => {
    const index = indexLines(s3v1, 'v1-posted');
    const listing = present(
      listingFor('__iomap_write_begin', 'v1-posted'),
      'the v1 listing',
    );
    const read = present(
      listing.lines.find((l) => l.id === 'read'),
      'the read line',
    );
    expect(read.notRun).toBeDefined();
    expect(stepsOf(index, listing, read)).toEqual([]);
  });

  it('runs a fast-path line at the call.exit of a call that emitted nothing, and only then', () => {
    const index = indexLines(s3v1, 'v1-posted');
    const quietExits = s3v1
      .filter(
        (e, i) =>
          e.kind === 'call.exit' &&
          e.fn === 'btrfs_reserve_data_bytes' &&
          s3v1[i - 1]?.kind === 'call.enter',
      )
      .map((e) => e.seq);
    expect(quietExits.length).toBeGreaterThan(0);
    expect(
      index.get(lineKey({ fn: 'btrfs_reserve_data_bytes', line: 'fits' })),
    ).toEqual(quietExits);

    const enospc = eventsOf('enospc', 'srcmap');
    const waited = indexLines(enospc, 'srcmap');
    const tickets = enospc.filter(
      (e) => e.kind === 'btrfs.ticket' && e.kfn === 'btrfs_reserve_data_bytes',
    );
    expect(tickets.length).toBeGreaterThan(0);
    expect(
      waited.get(lineKey({ fn: 'btrfs_reserve_data_bytes', line: 'ticket' })),
    ).toEqual(tickets.map((e) => e.seq));
  });
});
