// The user's write buffer: bytes generated from the operation's pattern (or given, for a splice copy), and
// an optional fault that makes the first copy come up short (copy_from_user returning less than asked).

import type { PatternSpec } from '../scenario/types.ts';

/** The byte a write's pattern puts everywhere: its fixed byte, or op k's byte (k mod 255) + 1 (fsx's rule). */
export function patternByte(pattern: PatternSpec, opNumber: number): number {
  return pattern === 'op-index' ? (opNumber % 255) + 1 : pattern.byte;
}

export class UserBuffer {
  /** Where the pending fault is (buffer offset of the first byte copy_from_user cannot read), once. */
  private faultAt: number | undefined;

  constructor(
    readonly length: number,
    /** The fill rule, or the exact bytes (copy_file_range's splice of bytes read from the file). */
    private readonly pattern: PatternSpec | Uint8Array,
    /** 1-based index of the operation (the fsx byte rule). */
    private readonly opNumber: number,
    shortCopyAt?: number,
  ) {
    this.faultAt = shortCopyAt;
  }

  /**
   * copy_from_user of buf[offset, offset + len) into dst at dstOffset; returns the bytes copied. A copy that
   * reaches the fault stops there and uses it up (the retry after fault-in copies everything).
   */
  copyTo(
    dst: Uint8Array,
    dstOffset: number,
    offset: number,
    len: number,
  ): number {
    let n = len;
    const faultAt = this.faultAt ?? Number.POSITIVE_INFINITY;
    if (offset + len > faultAt) {
      n = Math.max(0, faultAt - offset);
      this.faultAt = undefined;
    }
    if (this.pattern instanceof Uint8Array)
      dst.set(this.pattern.subarray(offset, offset + n), dstOffset);
    else
      dst.fill(
        patternByte(this.pattern, this.opNumber),
        dstOffset,
        dstOffset + n,
      );
    return n;
  }

  /** The bytes of buf[offset, offset + len), for the data oracle. */
  bytes(offset: number, len: number): Uint8Array {
    if (this.pattern instanceof Uint8Array)
      return this.pattern.slice(offset, offset + len);
    return new Uint8Array(len).fill(patternByte(this.pattern, this.opNumber));
  }
}
