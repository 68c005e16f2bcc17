// The per-operation counters, labelled as a patch reviewer reads them, and which filesystem's code counts
// each. Rule: a panel shows only the counters the run's filesystem records (a btrfs-only counter reads 0 on
// XFS whatever happens, which says nothing).

import {
  designFilesystem,
  type CountersRec,
  type DesignId,
  type FilesystemId,
} from '@engine';

export interface CounterLabel {
  readonly key: Exclude<keyof CountersRec, 'op'>;
  readonly label: string;
  readonly bytes: boolean;
  /** Whose code counts it: the iomap core (so every filesystem that hosts it) or btrfs's own code. */
  readonly by: 'iomap' | 'btrfs';
}

export const COUNTER_LABELS: readonly CounterLabel[] = [
  {
    key: 'mappingLookups',
    label: 'mapping lookups',
    bytes: false,
    by: 'btrfs',
  },
  {
    key: 'iomapBeginCalls',
    label: '->iomap_begin calls',
    bytes: false,
    by: 'iomap',
  },
  {
    key: 'extentLockCycles',
    label: 'extent lock cycles',
    bytes: false,
    by: 'btrfs',
  },
  { key: 'syncReads', label: 'sync reads', bytes: false, by: 'iomap' },
  { key: 'bytesRead', label: 'bytes read', bytes: true, by: 'iomap' },
  { key: 'bytesZeroed', label: 'bytes zeroed', bytes: true, by: 'iomap' },
  { key: 'bytesCopied', label: 'bytes copied', bytes: true, by: 'iomap' },
  {
    key: 'dataReservations',
    label: 'data reservations',
    bytes: false,
    by: 'btrfs',
  },
  {
    key: 'dataReservedBytes',
    label: 'data reserved',
    bytes: true,
    by: 'btrfs',
  },
  {
    key: 'dataReleasedBytes',
    label: 'data released',
    bytes: true,
    by: 'btrfs',
  },
  {
    key: 'metaReservations',
    label: 'metadata reservations',
    bytes: false,
    by: 'btrfs',
  },
  {
    key: 'metaReservedBytes',
    label: 'metadata reserved',
    bytes: true,
    by: 'btrfs',
  },
  {
    key: 'metaReleasedBytes',
    label: 'metadata released',
    bytes: true,
    by: 'btrfs',
  },
  {
    key: 'orderedWaits',
    label: 'ordered-extent waits',
    bytes: false,
    by: 'btrfs',
  },
  { key: 'eagainRetries', label: 'EAGAIN retries', bytes: false, by: 'btrfs' },
];

/** Whether `fs`'s simulation records `counter` (the iomap core's on every filesystem, btrfs's on btrfs). */
export function records(fs: FilesystemId, counter: CounterLabel): boolean {
  return counter.by === 'iomap' || counter.by === fs;
}

/** The counters a run on `fs` records, in the table's order. */
export function countersFor(fs: FilesystemId): readonly CounterLabel[] {
  return COUNTER_LABELS.filter((c) => records(fs, c));
}

/** The counters both designs' filesystems record: the only ones that can tell their runs apart. */
export function sharedCounterKeys(
  a: DesignId,
  b: DesignId,
): CounterLabel['key'][] {
  const fsA = designFilesystem(a);
  const fsB = designFilesystem(b);
  return COUNTER_LABELS.filter((c) => records(fsA, c) && records(fsB, c)).map(
    (c) => c.key,
  );
}

/** The counters the compare table shows for runs on `a` and `b`: those either records (the other's cell says
 * it does not count it), without the per-operation noise of metadata and EAGAIN retries. */
export function compareCounters(
  a: FilesystemId,
  b: FilesystemId,
): readonly CounterLabel[] {
  return COUNTER_LABELS.filter(
    (c) =>
      !c.key.startsWith('meta') &&
      c.key !== 'eagainRetries' &&
      (records(a, c) || records(b, c)),
  );
}
