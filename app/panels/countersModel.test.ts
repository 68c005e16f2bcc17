// Which counters a run's filesystem records, checked against the engine: every counter the model hides on
// XFS reads 0 at the end of every operation of every XFS built-in, and every one some XFS run moves is shown.

import { describe, expect, it } from 'vitest';
import { XFS_SCENARIOS, BUILTIN_SCENARIOS } from '@engine';
import { designRun } from '../../engine/testing/runScenario.ts';
import {
  COUNTER_LABELS,
  compareCounters,
  countersFor,
  records,
} from './countersModel.ts';

const keys = (labels: readonly { key: string }[]) => labels.map((c) => c.key);

describe('countersFor', () => {
  it('shows every counter on btrfs', () => {
    expect(keys(countersFor('btrfs'))).toEqual(keys(COUNTER_LABELS));
  });

  it('shows only the iomap core’s counters on XFS', () => {
    expect(keys(countersFor('xfs'))).toEqual([
      'iomapBeginCalls',
      'syncReads',
      'bytesRead',
      'bytesZeroed',
      'bytesCopied',
    ]);
  });

  it('hides on XFS only counters no XFS built-in ever moves', () => {
    const moved = new Set<string>();
    for (const { id } of XFS_SCENARIOS)
      for (const o of designRun(id, 'xfs').outcomes)
        for (const c of COUNTER_LABELS)
          if (o.counters[c.key] !== 0) moved.add(c.key);
    const hidden = COUNTER_LABELS.filter((c) => !records('xfs', c));
    expect(hidden.length).toBeGreaterThan(0);
    expect(hidden.filter((c) => moved.has(c.key))).toEqual([]);
    // Not vacuous: the XFS runs do move counters, the ones shown.
    expect(keys(countersFor('xfs')).filter((k) => moved.has(k)).length).toBe(
      moved.size,
    );
    expect(moved.size).toBeGreaterThan(2);
  });

  it('shows on btrfs only counters some btrfs built-in moves', () => {
    const moved = new Set<string>();
    for (const { id } of BUILTIN_SCENARIOS)
      for (const o of designRun(id, 'srcmap').outcomes)
        for (const c of COUNTER_LABELS)
          if (o.counters[c.key] !== 0) moved.add(c.key);
    expect(keys(countersFor('btrfs')).filter((k) => !moved.has(k))).toEqual([]);
  });
});

describe('compareCounters', () => {
  it('keeps btrfs beside btrfs as it was: no metadata or EAGAIN columns', () => {
    expect(keys(compareCounters('btrfs', 'btrfs'))).toEqual(
      keys(
        COUNTER_LABELS.filter(
          (c) => !c.key.startsWith('meta') && c.key !== 'eagainRetries',
        ),
      ),
    );
  });

  it('shows XFS beside XFS with the iomap core’s counters only', () => {
    expect(keys(compareCounters('xfs', 'xfs'))).toEqual(
      keys(countersFor('xfs')),
    );
  });

  it('shows XFS beside btrfs with the union (XFS’s cells for btrfs-only counters say it does not count them)', () => {
    expect(keys(compareCounters('xfs', 'btrfs'))).toEqual(
      keys(compareCounters('btrfs', 'btrfs')),
    );
  });
});
