// The order in which the reclaim workers run their flush states (fs/btrfs/space-info.c, 6.18): data only,
// and the whole enum for metadata. Data only (no behaviour): the UI imports it to draw the sequence.

import type { FlushStateName } from '../../trace/records.ts';

/** data_flush_states (6.18: RESET_ZONES runs on every device and does nothing unless it is zoned). */
export const DATA_FLUSH_STATES: readonly FlushStateName[] = [
  'FLUSH_DELALLOC_FULL',
  'RUN_DELAYED_IPUTS',
  'COMMIT_TRANS',
  'RESET_ZONES',
  'ALLOC_CHUNK_FORCE',
];

/** enum btrfs_flush_state, in order: the metadata worker walks it from the first state to COMMIT_TRANS. */
export const METADATA_FLUSH_STATES: readonly FlushStateName[] = [
  'FLUSH_DELAYED_ITEMS_NR',
  'FLUSH_DELAYED_ITEMS',
  'FLUSH_DELAYED_REFS_NR',
  'FLUSH_DELAYED_REFS',
  'FLUSH_DELALLOC',
  'FLUSH_DELALLOC_WAIT',
  'FLUSH_DELALLOC_FULL',
  'ALLOC_CHUNK',
  'ALLOC_CHUNK_FORCE',
  'RUN_DELAYED_IPUTS',
  'COMMIT_TRANS',
];
