// A data extent's item in the extent tree and its back references, sized as btrfs stores them
// (btrfs_extent_item, then inline BTRFS_EXTENT_DATA_REF_KEY refs while the item stays under
// BTRFS_MAX_EXTENT_ITEM_SIZE, then one keyed EXTENT_DATA_REF item per further ref): the leaves they fill
// decide the extent tree's size, and so the global reserve and when metadata needs a chunk.
// Rule: the counts of an extent's back references add up to its refs.

import { InvariantError } from '../../core/assert.ts';
import { crc32c } from '../../core/crc32c.ts';
import { fail, ok, type Result } from '../../core/errno.ts';
import {
  decodeFields,
  encodeFields,
  fieldOffset,
  layoutSize,
  viewOf,
} from './codec.ts';
import { checkFlags, withKnownFlags } from './flags.ts';

/**
 * Extent item flags: BTRFS_EXTENT_FLAG_DATA, and SNAPSHOT_SHARED — this format's own bit for "a snapshot root
 * we do not model also references the extent" (btrfs would hold a back reference item from that root).
 */
export const EXTENT_FLAG = { DATA: 1 << 0, SNAPSHOT_SHARED: 1 << 16 } as const;
const EXTENT_FLAGS = EXTENT_FLAG.DATA | EXTENT_FLAG.SNAPSHOT_SHARED;

/** BTRFS_EXTENT_DATA_REF_KEY: the type of an inline data ref, and of a keyed one's key. */
export const EXTENT_DATA_REF_KEY = 178;

/**
 * struct btrfs_extent_data_ref: `count` file extent items of inode `objectid` in tree `root` use the extent,
 * each at file offset `offset` + its extent offset.
 */
export interface ExtentDataRef {
  readonly root: number;
  readonly objectid: number;
  readonly offset: number;
  readonly count: number;
}

/** Key (bytenr, EXTENT_ITEM, length). */
export interface ExtentItem {
  readonly refs: number;
  readonly generation: number;
  readonly flags: number;
  /** The refs held inline, in the item itself. */
  readonly dataRefs: readonly ExtentDataRef[];
}

const EXTENT_LAYOUT = [
  ['refs', 8],
  ['generation', 8],
  ['flags', 8],
] as const;
const DATA_REF_LAYOUT = [
  ['root', 8],
  ['objectid', 8],
  ['offset', 8],
  ['count', 4],
] as const;
const HEAD = layoutSize(EXTENT_LAYOUT);
const REF = layoutSize(DATA_REF_LAYOUT);
/** An inline ref: its type byte, then the data ref. */
const INLINE_REF = 1 + REF;

/** Where an extent item's generation sits (keepGeneration leaves it out of the comparison). */
export const EXTENT_GENERATION_AT = fieldOffset(EXTENT_LAYOUT, 'generation');

/** How many refs an extent item holds inline when it may take `maxItemBytes` (node.ts, maxExtentItemSize). */
export function inlineRefCapacity(maxItemBytes: number): number {
  return Math.floor((maxItemBytes - HEAD) / INLINE_REF);
}

export function encodeExtentItem(item: ExtentItem): Uint8Array {
  checkFlags('extent item', item.flags, EXTENT_FLAGS);
  const head = encodeFields('extent item', EXTENT_LAYOUT, item);
  const bytes = new Uint8Array(HEAD + item.dataRefs.length * INLINE_REF);
  bytes.set(head, 0);
  item.dataRefs.forEach((ref, i) => {
    const at = HEAD + i * INLINE_REF;
    bytes[at] = EXTENT_DATA_REF_KEY;
    bytes.set(encodeDataRef(ref), at + 1);
  });
  return bytes;
}

export function decodeExtentItem(data: Uint8Array): Result<ExtentItem> {
  if (data.length < HEAD || (data.length - HEAD) % INLINE_REF !== 0)
    return fail(
      'EIO',
      `extent item is ${String(data.length)} bytes, not ${String(HEAD)} plus whole inline refs of ${String(INLINE_REF)}`,
    );
  const head = decodeFields(
    'extent item',
    EXTENT_LAYOUT,
    data.subarray(0, HEAD),
  );
  if (!head.ok) return head;
  const flags = withKnownFlags('extent item', head.value, EXTENT_FLAGS);
  if (!flags.ok) return flags;
  const dataRefs: ExtentDataRef[] = [];
  for (let at = HEAD; at < data.length; at += INLINE_REF) {
    if (data[at] !== EXTENT_DATA_REF_KEY)
      return fail(
        'EIO',
        `extent item inline ref type ${String(data[at])} is not EXTENT_DATA_REF (${String(EXTENT_DATA_REF_KEY)})`,
      );
    const ref = decodeDataRef(data.subarray(at + 1, at + INLINE_REF));
    if (!ref.ok) return ref;
    dataRefs.push(ref.value);
  }
  const inline = dataRefs.reduce((n, r) => n + r.count, 0);
  // The tree checker's rule (check_extent_item): inline refs never count more than the extent's refs.
  if (inline > head.value.refs)
    return fail(
      'EIO',
      `extent item has ${String(head.value.refs)} refs but its inline refs count ${String(inline)}`,
    );
  return ok({ ...head.value, dataRefs });
}

/** A keyed EXTENT_DATA_REF item's payload: the data ref alone. */
export function encodeDataRef(ref: ExtentDataRef): Uint8Array {
  if (ref.count < 1)
    throw new InvariantError(
      `a data ref counts at least 1, got ${String(ref.count)}`,
    );
  return encodeFields('extent data ref', DATA_REF_LAYOUT, ref);
}

export function decodeDataRef(data: Uint8Array): Result<ExtentDataRef> {
  const ref = decodeFields('extent data ref', DATA_REF_LAYOUT, data);
  if (ref.ok && ref.value.count === 0)
    return fail('EIO', 'extent data ref counts 0 references');
  return ref;
}

/**
 * hash_extent_data_ref: the key offset of a keyed data ref, from its root, inode and offset. The kernel
 * shifts the root's crc32c left by 31 into a u64; SIMPLIFICATION: this shifts by 21, keeping the hash within
 * the 53 bits a key offset holds here.
 */
export function dataRefHash(ref: ExtentDataRef): number {
  const u64 = (value: number): Uint8Array => {
    const bytes = new Uint8Array(8);
    viewOf(bytes).setBigUint64(0, BigInt(value), true);
    return bytes;
  };
  const high = crc32c(u64(ref.root));
  const low = crc32c(u64(ref.offset), crc32c(u64(ref.objectid)));
  return Number((BigInt(high) << 21n) ^ BigInt(low));
}
