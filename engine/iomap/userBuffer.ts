// The user's write buffer: bytes generated from the operation's pattern, and an optional fault that makes
// the first copy come up short (copy_from_user returning less than asked).

import type { PatternSpec } from '../scenario/types.ts';

export class UserBuffer {
  private faultPending: boolean;

  constructor(
    readonly length: number,
    private readonly pattern: PatternSpec,
    /** 1-based index of the operation (the fsx byte rule). */
    private readonly opNumber: number,
    private readonly shortCopyAt?: number,
  ) {
    this.faultPending = shortCopyAt !== undefined;
  }

  byteAt(_offset: number): number {
    return this.pattern === 'op-index'
      ? (this.opNumber % 255) + 1
      : this.pattern.byte;
  }

  /** copy_from_user of buf[offset, offset + len) into dst at dstOffset; returns the bytes copied. */
  copyTo(
    dst: Uint8Array,
    dstOffset: number,
    offset: number,
    len: number,
  ): number {
    let n = len;
    if (
      this.faultPending &&
      this.shortCopyAt !== undefined &&
      offset + len > this.shortCopyAt
    ) {
      n = Math.max(0, this.shortCopyAt - offset);
      this.faultPending = false;
    }
    dst.fill(this.byteAt(offset), dstOffset, dstOffset + n);
    return n;
  }

  /** The bytes of buf[offset, offset + len), for the data oracle. */
  bytes(offset: number, len: number): Uint8Array {
    return new Uint8Array(len).fill(this.byteAt(offset));
  }
}
