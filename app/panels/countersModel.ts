// The per-operation counters, labelled as a patch reviewer reads them.

import type { CountersRec } from '@engine';

export const COUNTER_LABELS: readonly {
  readonly key: Exclude<keyof CountersRec, 'op'>;
  readonly label: string;
  readonly bytes: boolean;
}[] = [
  { key: 'mappingLookups', label: 'mapping lookups', bytes: false },
  { key: 'iomapBeginCalls', label: '->iomap_begin calls', bytes: false },
  { key: 'extentLockCycles', label: 'extent lock cycles', bytes: false },
  { key: 'syncReads', label: 'sync reads', bytes: false },
  { key: 'bytesRead', label: 'bytes read', bytes: true },
  { key: 'bytesZeroed', label: 'bytes zeroed', bytes: true },
  { key: 'bytesCopied', label: 'bytes copied', bytes: true },
  { key: 'dataReservations', label: 'data reservations', bytes: false },
  { key: 'dataReservedBytes', label: 'data reserved', bytes: true },
  { key: 'dataReleasedBytes', label: 'data released', bytes: true },
  { key: 'metaReservations', label: 'metadata reservations', bytes: false },
  { key: 'metaReservedBytes', label: 'metadata reserved', bytes: true },
  { key: 'metaReleasedBytes', label: 'metadata released', bytes: true },
  { key: 'orderedWaits', label: 'ordered-extent waits', bytes: false },
  { key: 'eagainRetries', label: 'EAGAIN retries', bytes: false },
];
