// A page-cache page (a folio of one page): flags, per-block uptodate/dirty state, and its bytes.
// Per-block state models iomap_page / iomap_folio_state (and btrfs's subpage bitmaps) when sector < page.

import { PG, type PageRec } from '../trace/records.ts';
import type { PageMemory } from './pageMemory.ts';

export class Page {
  flags = 0;
  readonly uptodate: Uint8Array;
  readonly dirty: Uint8Array;
  readonly data: Uint8Array;

  constructor(
    readonly ino: number,
    readonly index: number,
    readonly pageSize: number,
    readonly blockSize: number,
    memory: PageMemory,
  ) {
    const blocks = pageSize / blockSize;
    this.uptodate = memory.bitmap(blocks);
    this.dirty = memory.bitmap(blocks);
    this.data = memory.pageData(pageSize);
  }

  get blocks(): number {
    return this.uptodate.length;
  }

  has(flag: number): boolean {
    return (this.flags & flag) !== 0;
  }

  /** True when every block is uptodate (the folio-level PG_uptodate). */
  allUptodate(): boolean {
    return this.uptodate.every((b) => b === 1);
  }

  /** Block indices [first, last) covering page bytes [from, to). */
  blockRange(from: number, to: number): [number, number] {
    return [Math.floor(from / this.blockSize), Math.ceil(to / this.blockSize)];
  }

  toRec(): PageRec {
    return {
      ino: this.ino,
      index: this.index,
      flags: this.flags,
      uptodate: bitString(this.uptodate),
      dirty: bitString(this.dirty),
    };
  }
}

/** Per-block bits as "0"/"1" characters (as join('') gives them, without its cost for one block). */
function bitString(bits: Uint8Array): string {
  // Mutation testing: skipping the fast path is equivalent (join gives the same string); the directive also
  // covers its twin that takes the fast path for every page, which the 64 KiB-page golden logs would catch.
  // Stryker disable next-line ConditionalExpression,BlockStatement: a fast path; without it join('') gives the same string
  if (bits.length === 1) {
    return bits[0] === 1 ? '1' : '0';
  }
  return bits.join('');
}

export function pageKey(ino: number, index: number): string {
  return `${String(ino)}:${String(index)}`;
}

/** "locked|uptodate|dirty": flag names for narration. */
export function pageFlagNames(flags: number): string {
  return (
    (Object.keys(PG) as (keyof typeof PG)[])
      .filter((name) => (flags & PG[name]) !== 0)
      .join('|') || 'none'
  );
}
