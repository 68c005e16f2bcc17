// One inode's file extent items (the fs tree's EXTENT_DATA items), kept sorted by file offset, non-empty and
// disjoint (insert refuses others), and btrfs_get_extent's view of them: the extent map covering an offset,
// holes included.

import { InvariantError } from '../core/assert.ts';
import type { Recorder } from '../trace/recorder.ts';
import type { FileExtentRec } from '../trace/records.ts';

/** What btrfs_get_extent returns for an offset (struct extent_map, reduced). */
export interface ExtentMap {
  readonly start: number;
  readonly len: number;
  readonly kind: 'hole' | 'regular' | 'prealloc';
  /** Disk address of `start` (block_start), or -1 for a hole. */
  readonly blockStart: number;
  /** The item this map comes from (absent for holes). */
  readonly item?: FileExtentRec;
}

/** Told of every item inserted (`added`), removed (`removed`) or replaced (both). */
export type FileExtentObserver = (
  removed: FileExtentRec | null,
  added: FileExtentRec | null,
) => void;

export class FileExtents {
  private items: FileExtentRec[] = [];

  constructor(
    readonly ino: number,
    private readonly rec: Recorder,
    private readonly observe: FileExtentObserver,
  ) {}

  all(): readonly FileExtentRec[] {
    return this.items;
  }

  /** Items overlapping [start, end). */
  overlapping(start: number, end: number): FileExtentRec[] {
    const out: FileExtentRec[] = [];
    for (let i = this.firstEndingAfter(start); i < this.items.length; i++) {
      const item = this.items[i] as FileExtentRec;
      if (item.offset >= end) break;
      out.push(item);
    }
    return out;
  }

  /** btrfs_get_extent(start, len): the item covering `start`, or the hole up to the next item. */
  lookup(start: number, len: number): ExtentMap {
    const at = this.firstEndingAfter(start);
    const found = this.items[at];
    const item =
      found !== undefined && found.offset <= start ? found : undefined;
    if (item !== undefined) {
      return {
        start: item.offset,
        len: item.numBytes,
        kind: item.type,
        blockStart: item.diskBytenr + item.extentOffset,
        item,
      };
    }
    const next = found;
    const end =
      next === undefined ? start + len : Math.min(next.offset, start + len);
    return { start, len: end - start, kind: 'hole', blockStart: -1 };
  }

  /** Inserts a non-empty item that overlaps none (a bug otherwise: mount and fsck refuse such trees). */
  insert(item: FileExtentRec): void {
    if (item.numBytes <= 0)
      throw new InvariantError(
        `file extent [${String(item.offset)}, +${String(item.numBytes)}) is empty`,
      );
    // Before the first item ending past its start: every item before it ends at or before that start.
    const at = this.firstEndingAfter(item.offset);
    const next = this.items[at];
    if (next !== undefined && next.offset < item.offset + item.numBytes)
      throw new InvariantError(
        `file extent [${String(item.offset)}, +${String(item.numBytes)}) overlaps an existing item`,
      );
    this.items.splice(at, 0, item);
    this.observe(null, item);
    this.rec.change('fileExtent', this.key(item.offset), null, item);
  }

  remove(item: FileExtentRec): void {
    const idx = this.indexOf(item);
    if (idx < 0) throw new InvariantError('remove: unknown file extent item');
    this.items.splice(idx, 1);
    this.observe(item, null);
    this.rec.change('fileExtent', this.key(item.offset), item, null);
  }

  /** Replaces `item` (same start offset or not) with `next`. */
  replace(item: FileExtentRec, next: FileExtentRec): void {
    const idx = this.indexOf(item);
    if (idx < 0) throw new InvariantError('replace: unknown file extent item');
    this.items[idx] = next;
    this.observe(item, next);
    if (item.offset === next.offset)
      this.rec.change('fileExtent', this.key(item.offset), item, next);
    else {
      this.rec.change('fileExtent', this.key(item.offset), item, null);
      this.rec.change('fileExtent', this.key(next.offset), null, next);
    }
  }

  /** The item starting at file offset `offset`, if any. */
  startingAt(offset: number): FileExtentRec | undefined {
    const found = this.items[this.firstStartingAt(offset)];
    return found?.offset === offset ? found : undefined;
  }

  /** The index of `item` itself (not an equal copy), or -1: no other item starts where it does. */
  private indexOf(item: FileExtentRec): number {
    const i = this.firstStartingAt(item.offset);
    return this.items[i] === item ? i : -1;
  }

  /** The index of the first item starting at or after `offset`, by binary search. */
  private firstStartingAt(offset: number): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.items[mid] as FileExtentRec).offset < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The index of the first item ending past `at`, by binary search: items are sorted and disjoint, so their ends ascend. */
  private firstEndingAfter(at: number): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const it = this.items[mid] as FileExtentRec;
      if (it.offset + it.numBytes <= at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private key(offset: number): string {
    return `${String(this.ino)}:${String(offset)}`;
  }
}
