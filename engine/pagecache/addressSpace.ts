// One inode's page cache (struct address_space): find, create and drop pages, and every flag and
// per-block state change, each traced as a record change on the page.

import type { Note, Recorder } from '../trace/recorder.ts';
import { PG } from '../trace/records.ts';
import { Page, pageFlagNames, pageKey } from './page.ts';
import { PageMemory } from './pageMemory.ts';

// Mutation testing: each `if (this.rec.enabled)` below only skips building a record nobody keeps
// (Recorder.change drops changes while tracing is off), so forcing it true is equivalent; the directive
// also covers its false twin, which the traced tests of this folder catch.
export class AddressSpace {
  private readonly pages = new Map<number, Page>();
  /** The pages in index order, until a page comes or goes (all() is on every hot path). */
  private order: readonly Page[] | null = null;
  /** Where new pages' bytes and bitmaps come from. */
  private readonly memory = new PageMemory();

  constructor(
    readonly ino: number,
    readonly pageSize: number,
    readonly blockSize: number,
    private readonly rec: Recorder,
  ) {}

  find(index: number): Page | undefined {
    return this.pages.get(index);
  }

  /** How many pages are cached. */
  get count(): number {
    return this.pages.size;
  }

  /** Pages in index order (a snapshot: pages that come or go later do not change it). */
  all(): readonly Page[] {
    this.order ??= [...this.pages.values()].sort((a, b) => a.index - b.index);
    return this.order;
  }

  /** find_or_create_page / grab_cache_page_write_begin: returns the page locked. */
  findOrCreateLocked(index: number): Page {
    let page = this.pages.get(index);
    const hit = page !== undefined;
    if (page === undefined) {
      page = new Page(
        this.ino,
        index,
        this.pageSize,
        this.blockSize,
        this.memory,
      );
      this.pages.set(index, page);
      this.order = null;
      // Stryker disable next-line ConditionalExpression: the guard only saves toRec() when tracing is off
      if (this.rec.enabled)
        this.rec.change('page', pageKey(this.ino, index), null, page.toRec());
    }
    this.rec.emit('pagecache.lookup', { ino: this.ino, index, hit }, () =>
      hit
        ? `page ${String(index)} is in the page cache`
        : `page ${String(index)} is not cached: allocate a new page`,
    );
    this.setFlags(
      page,
      PG.locked,
      0,
      () => `lock page ${String(index)} for the write`,
    );
    return page;
  }

  /** Inserts a page that is uptodate and clean (scenario setup: a warm page cache). */
  insertCached(index: number, bytes: Uint8Array): Page {
    const page = new Page(
      this.ino,
      index,
      this.pageSize,
      this.blockSize,
      this.memory,
    );
    page.data.set(bytes);
    page.uptodate.fill(1);
    page.flags = PG.uptodate;
    this.pages.set(index, page);
    this.order = null;
    // Stryker disable next-line ConditionalExpression: the guard only saves toRec() when tracing is off
    if (this.rec.enabled)
      this.rec.change('page', pageKey(this.ino, index), null, page.toRec());
    return page;
  }

  setFlags(page: Page, set: number, clear: number, note: Note): void {
    const next = (page.flags | set) & ~clear;
    if (next === page.flags) return;
    this.mutate(page, () => {
      page.flags = next;
    });
    this.rec.emit(
      'page.flags',
      { ino: this.ino, index: page.index },
      () =>
        `${typeof note === 'string' ? note : note()} (now ${pageFlagNames(next)})`,
    );
  }

  /** Marks blocks covering page bytes [from, to) uptodate; the page becomes Uptodate when all are. */
  setRangeUptodate(page: Page, from: number, to: number): void {
    const [b0, b1] = page.blockRange(from, to);
    this.mutate(page, () => {
      page.uptodate.fill(1, b0, b1);
      if (page.allUptodate()) page.flags |= PG.uptodate;
    });
  }

  /** Marks blocks covering [from, to) dirty and the page Dirty. */
  setRangeDirty(page: Page, from: number, to: number): void {
    const [b0, b1] = page.blockRange(from, to);
    this.mutate(page, () => {
      page.dirty.fill(1, b0, b1);
      page.flags |= PG.dirty;
    });
  }

  /** clear_page_dirty_for_io: the page and all its blocks become clean. */
  clearDirty(page: Page): void {
    this.mutate(page, () => {
      page.dirty.fill(0);
      page.flags &= ~PG.dirty;
    });
  }

  /** delete_from_page_cache: the page leaves the cache (its state is gone with it). */
  remove(page: Page, note: string): void {
    this.pages.delete(page.index);
    this.order = null;
    // Stryker disable next-line ConditionalExpression: the guard only saves toRec() when tracing is off
    if (this.rec.enabled)
      this.rec.change(
        'page',
        pageKey(this.ino, page.index),
        page.toRec(),
        null,
      );
    this.rec.emit(
      'page.flags',
      { ino: this.ino, index: page.index },
      `${note}: page ${String(page.index)} leaves the page cache`,
    );
  }

  /** invalidate_mapping_pages: pages that are not dirty, locked, under writeback or ordered leave. */
  dropClean(): void {
    const busy = PG.dirty | PG.locked | PG.writeback | PG.ordered;
    for (const page of this.all())
      if ((page.flags & busy) === 0)
        this.remove(page, 'invalidate_mapping_pages');
  }

  /**
   * truncate_inode_pages_range over bytes [start, end): pages wholly inside leave the cache; in a partial
   * page the covered bytes are zeroed in place (they now read as the hole they will be) and the blocks
   * wholly covered are no longer dirty. The filesystem clears its own state first (invalidatepage).
   */
  truncateRange(start: number, end: number, note: string): void {
    const ps = this.pageSize;
    const bs = this.blockSize;
    for (const page of this.all()) {
      const pageStart = page.index * ps;
      const from = Math.max(start, pageStart);
      const to = Math.min(end, pageStart + ps);
      if (from >= to) continue;
      if (from === pageStart && to === pageStart + ps) {
        this.remove(page, note);
        continue;
      }
      this.mutate(page, () => {
        page.data.fill(0, from - pageStart, to - pageStart);
        const first = Math.ceil((from - pageStart) / bs);
        const last = Math.floor((to - pageStart) / bs);
        // Blocks wholly inside the range; none when first >= last (fill then changes nothing).
        page.dirty.fill(0, first, last);
        if (page.dirty.every((d) => d === 0)) page.flags &= ~PG.dirty;
      });
      this.rec.emit(
        'page.zero',
        {
          ino: this.ino,
          index: page.index,
          ranges: [[from - pageStart, to - pageStart]],
        },
        `${note}: zero the part of page ${String(page.index)} inside the range`,
      );
    }
  }

  /** Records a change made directly to `page` by `body`. */
  mutate(page: Page, body: () => void): void {
    const before = this.rec.enabled ? page.toRec() : null;
    body();
    // Stryker disable next-line ConditionalExpression: the guard only saves toRec() when tracing is off
    if (this.rec.enabled)
      this.rec.change(
        'page',
        pageKey(this.ino, page.index),
        before,
        page.toRec(),
      );
  }
}
