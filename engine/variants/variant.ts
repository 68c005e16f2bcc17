// A design under review: how a buffered write(2) reaches the page cache. Every design shares the page
// cache, the iomap core and the filesystem; each file in this folder supplies only what differs.

import type { Result } from '../core/errno.ts';
import type { BtrfsWriteContext } from '../btrfs/writeContext.ts';
import type { VariantId } from '../scenario/types.ts';

export interface Variant {
  readonly id: VariantId;
  readonly title: string;
  /** One sentence: what this design is and where it comes from. */
  readonly summary: string;
  /** Writes buf[0, len) at `pos`; returns the bytes written (short on ENOSPC mid-way) or an errno. */
  bufferedWrite(
    ctx: BtrfsWriteContext,
    pos: number,
    len: number,
  ): Result<number>;
}
