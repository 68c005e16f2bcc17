// Memory for page-cache pages: each page's bytes and block bitmaps are carved out of shared slabs, as the
// kernel's page allocator hands out pages from larger blocks. Rule: carved memory is never handed out twice;
// a slab lives until the last page carved from it is unreachable.
//
// Why slabs: in V8 every Uint8Array with its own ArrayBuffer is a separate backing-store allocation. Measured
// on the 2-core machine (Node 20), 65,536 arrays of 4 KiB took 25 to 40 times as long as 1,024 slabs of
// 256 KiB cut into the same 65,536 views, and page allocation was a fifth of sequential 4 KiB writes.

// Mutation testing: the slab sizes and the moment a new slab starts decide only how many arrays there are,
// never which bytes a page gets (always zeroed and its own), so those mutants are equivalent.
/** Bytes per slab of page data. */
// Stryker disable next-line ArithmeticOperator: any slab size gives the same pages, only speed differs
const DATA_SLAB_BYTES = 256 * 1024;
/** Bytes per slab of block bitmaps (one byte per block, two bitmaps per page). */
// Stryker disable next-line ArithmeticOperator: any slab size gives the same bitmaps, only speed differs
const BITMAP_SLAB_BYTES = 16 * 1024;

/** A bump allocator over slabs of `slabBytes`; a request larger than a slab gets a slab of its size. */
class Slabs {
  private slab = new Uint8Array(0);
  private used = 0;

  constructor(private readonly slabBytes: number) {}

  take(bytes: number): Uint8Array {
    // A new slab sooner than needed (the mutants true and >=) only wastes memory; the directive also covers
    // their twins (false and <=), which hand out empty views and fail every test.
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a new slab sooner than needed
    if (this.used + bytes > this.slab.length) {
      this.slab = new Uint8Array(Math.max(this.slabBytes, bytes));
      this.used = 0;
    }
    const out = this.slab.subarray(this.used, this.used + bytes);
    this.used += bytes;
    return out;
  }
}

/** Zeroed memory for the pages of one mapping. Page data stays aligned to its size (multiples of 4 KiB). */
export class PageMemory {
  private readonly data = new Slabs(DATA_SLAB_BYTES);
  private readonly bitmaps = new Slabs(BITMAP_SLAB_BYTES);

  /** `pageSize` zeroed bytes for a page's contents. */
  pageData(pageSize: number): Uint8Array {
    return this.data.take(pageSize);
  }

  /** `blocks` zeroed bytes for one per-block bitmap (uptodate or dirty). */
  bitmap(blocks: number): Uint8Array {
    return this.bitmaps.take(blocks);
  }
}
