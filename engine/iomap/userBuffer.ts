// The user's write buffer: bytes generated from the operation's pattern (or given, for a splice copy), and
// an optional fault that makes the first copy come up short (copy_from_user returning less than asked).

import type { PatternSpec } from '../scenario/types.ts';

/** The byte a write's pattern puts everywhere: its fixed byte, or op k's byte (k mod 255) + 1 (fsx's rule). */
export function patternByte(pattern: PatternSpec, opNumber: number): number {
  return pattern === 'op-index' ? (opNumber % 255) + 1 : pattern.byte;
}

export class UserBuffer {
  private faultPending: boolean;

  constructor(
    readonly length: number,
    /** The fill rule, or the exact bytes (copy_file_range's splice of bytes read from the file). */
    private readonly pattern: PatternSpec | Uint8Array,
    /** 1-based index of the operation (the fsx byte rule). */
    private readonly opNumber: number,
    private readonly shortCopyAt?: number,
  ) {
    this.faultPending = shortCopyAt !== undefined;
  }

  private byteAt(offset: number): number {
    if (this.pattern instanceof Uint8Array) return this.pattern[offset] ?? 0;
    return patternByte(this.pattern, this.opNumber);
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
    if (this.pattern instanceof Uint8Array)
      dst.set(this.pattern.subarray(offset, offset + n), dstOffset);
    else dst.fill(this.byteAt(offset), dstOffset, dstOffset + n);
    return n;
  }

  /** The bytes of buf[offset, offset + len), for the data oracle. */
  bytes(offset: number, len: number): Uint8Array {
    if (this.pattern instanceof Uint8Array)
      return this.pattern.slice(offset, offset + len);
    return new Uint8Array(len).fill(this.byteAt(offset));
  }
}
