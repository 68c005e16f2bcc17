// The ordered extent and in-flight bio records, apart from ordered.ts's behaviour so that the Fs, which holds
// them, need not import the code that completes them. Rule: types only (a header, like btrfs's ordered-data.h).

import type { OrderedRec } from '../trace/records.ts';

/** The engine's ordered extent: the record's fields, a mutable state, and the checksums it carries. */
export interface OrderedExtent extends Omit<OrderedRec, 'state'> {
  state: OrderedRec['state'];
  /** crc32c per sector, computed at submission (empty for nodatasum). */
  readonly csums: number[];
}

export interface Bio {
  readonly ino: number;
  readonly bytenr: number;
  readonly length: number;
  /** Page indices under writeback in this bio, in ascending order. */
  readonly pages: readonly number[];
  readonly orderedIds: readonly number[];
}
