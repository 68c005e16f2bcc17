// Little-endian field codecs shared by item payloads and tree nodes: u64s that must be safe integers, keys,
// and fixed layouts of u8/u64 fields. Reads return null or EIO for values this engine cannot have written.

import { InvariantError } from '../../core/assert.ts';
import { fail, ok, type Result } from '../../core/errno.ts';
import type { Key } from './key.ts';

/** Encoded size of a key: u64 objectid, u8 type, u64 offset. */
export const KEY_SIZE = 17;

export function writeKey(view: DataView, at: number, key: Key): void {
  if (!Number.isInteger(key.type) || key.type < 0 || key.type > 255)
    throw new InvariantError(`key type ${String(key.type)} is not a u8`);
  writeU64(view, at, key.objectid, 'key objectid');
  view.setUint8(at + 8, key.type);
  writeU64(view, at + 9, key.offset, 'key offset');
}

/** The key at `at`; null when its objectid or offset is beyond 2^53 - 1. */
export function readKey(view: DataView, at: number): Key | null {
  const objectid = readU64(view, at);
  const offset = readU64(view, at + 9);
  if (objectid === null || offset === null) return null;
  return { objectid, type: view.getUint8(at + 8), offset };
}

/** Writes a u64; `value` must be a non-negative safe integer, or this throws naming `field`. */
export function writeU64(
  view: DataView,
  at: number,
  value: number,
  field: string,
): void {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new InvariantError(
      `${field} must be a non-negative safe integer, got ${String(value)}`,
    );
  view.setBigUint64(at, BigInt(value), true);
}

/** Reads a u64; null when it is beyond 2^53 - 1 (this engine never writes such a value). */
export function readU64(view: DataView, at: number): number | null {
  const value = view.getBigUint64(at, true);
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(value);
}

// A fixed-size record: its fields in order, each a u8, u16, u32 or u64.
export type Layout<F extends string> = readonly (readonly [F, 1 | 2 | 4 | 8])[];

/** Encodes `values` in `layout`; throws naming `what` and the field when one does not fit its width. */
export function encodeFields<F extends string>(
  what: string,
  layout: Layout<F>,
  values: Readonly<Record<F, number>>,
): Uint8Array {
  const bytes = new Uint8Array(layoutSize(layout));
  const view = new DataView(bytes.buffer);
  let at = 0;
  for (const [field, width] of layout) {
    const value = values[field];
    if (width === 8) writeU64(view, at, value, `${what} ${field}`);
    else if (Number.isInteger(value) && value >= 0 && value < 2 ** (8 * width))
      writeSmall(view, at, width, value);
    else
      throw new InvariantError(
        `${what} ${field} must be a u${String(8 * width)}, got ${String(value)}`,
      );
    at += width;
  }
  return bytes;
}

/** Decodes exactly one `layout` record; EIO naming `what` for a wrong size or a u64 beyond 2^53 - 1. */
export function decodeFields<F extends string>(
  what: string,
  layout: Layout<F>,
  data: Uint8Array,
): Result<Record<F, number>> {
  const size = layoutSize(layout);
  if (data.length !== size)
    return fail(
      'EIO',
      `${what} is ${String(data.length)} bytes, expected ${String(size)}`,
    );
  const view = viewOf(data);
  const values: Partial<Record<F, number>> = {};
  let at = 0;
  for (const [field, width] of layout) {
    const value = width === 8 ? readU64(view, at) : readSmall(view, at, width);
    if (value === null)
      return fail('EIO', `${what} ${field} is beyond 2^53 - 1`);
    values[field] = value;
    at += width;
  }
  return ok(values as Record<F, number>);
}

function writeSmall(
  view: DataView,
  at: number,
  width: 1 | 2 | 4,
  value: number,
): void {
  if (width === 1) view.setUint8(at, value);
  else if (width === 2) view.setUint16(at, value, true);
  else view.setUint32(at, value, true);
}

function readSmall(view: DataView, at: number, width: 1 | 2 | 4): number {
  if (width === 1) return view.getUint8(at);
  return width === 2 ? view.getUint16(at, true) : view.getUint32(at, true);
}

/** Where `field` starts in `layout`. */
export function fieldOffset<F extends string>(
  layout: Layout<F>,
  field: F,
): number {
  let at = 0;
  for (const [name, width] of layout) {
    if (name === field) return at;
    at += width;
  }
  throw new InvariantError(`no field ${field} in the layout`);
}

export function layoutSize(layout: Layout<string>): number {
  return layout.reduce((sum, [, width]) => sum + width, 0);
}

export function viewOf(data: Uint8Array): DataView {
  return new DataView(data.buffer, data.byteOffset, data.byteLength);
}
