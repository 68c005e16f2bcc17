// The block device every disk implementation provides: synchronous, byte-addressed reads and writes.
// Range errors are thrown as DiskError (a caller bug or a corrupted image), never clamped silently.

import type { Errno } from '../core/errno.ts';

export interface BlockDevice {
  /** Fills `buf` with the bytes at [offset, offset + buf.length). Never-written bytes read as zero. */
  read(offset: number, buf: Uint8Array): void;
  /**
   * Writes `data` at `offset`. The bytes may sit in a volatile cache until `flush()`; the device keeps a
   * copy, never `data` itself, so the caller may reuse the array once this returns (WriteCache does).
   */
  write(offset: number, data: Uint8Array): void;
  /** Makes every completed write durable. */
  flush(): void;
  /** The device size in bytes. */
  size(): number;
  /** Releases the underlying handle; the device must not be used afterwards. */
  close(): void;
}

/** An error at the device edge, with the errno a caller (or the UI) can act on. */
export class DiskError extends Error {
  override readonly name = 'DiskError';
  constructor(
    readonly errno: Errno,
    message: string,
  ) {
    super(message);
  }
}

/** Throws a DiskError unless [offset, offset + length) is a valid range on a device of `deviceSize` bytes. */
export function checkRange(
  op: 'read' | 'write',
  offset: number,
  length: number,
  deviceSize: number,
): void {
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new DiskError(
      'EINVAL',
      `${op} at offset ${String(offset)}: the offset must be a non-negative integer`,
    );
  }
  if (offset + length > deviceSize) {
    throw new DiskError(
      'EINVAL',
      `${op} of ${String(length)} bytes at offset ${String(offset)} ends past the device end (${String(deviceSize)} bytes)`,
    );
  }
}
