// The extent tree's view of data space: extent items with reference counts, the data block groups' free
// space and allocator (first fit over what is neither allocated, reserved nor pinned), and data checksums.

import { InvariantError } from '../core/assert.ts';
import type { Recorder } from '../trace/recorder.ts';
import type { ExtentItemRec } from '../trace/records.ts';
import { FreeSpace } from './space/freeSpace.ts';
import type { TransactionChanges } from './transactionChanges.ts';

export class ExtentTree {
  private readonly items = new Map<number, ExtentItemRec>();
  /** Allocated by btrfs_reserve_extent, not yet an extent item (bytes_reserved). */
  private readonly reservedRanges = new Map<number, number>();
  /** Freed in this transaction, reusable only after commit (bytes_pinned). */
  private readonly pinnedRanges = new Map<number, number>();
  /** crc32c per data sector, keyed by disk address (the csum tree). */
  private readonly csumMap = new Map<number, number>();
  private readonly names = new Map<number, string>();
  private named = 0;
  /** The free space of each data block group, by address. */
  private readonly free: FreeSpace[] = [];

  constructor(
    private readonly sectorSize: number,
    private readonly rec: Recorder,
    private readonly changes: TransactionChanges,
  ) {}

  /** crc32c per data sector, keyed by disk address (the csum tree). */
  get csums(): ReadonlyMap<number, number> {
    return this.csumMap;
  }

  /** The data sector at `addr` holds bytes whose crc32c is `csum`. */
  setCsum(addr: number, csum: number): void {
    this.csumMap.set(addr, csum);
    this.changes.csum(addr);
  }

  /** A new, empty data block group to allocate from. */
  addGroup(start: number, length: number): void {
    this.free.push(new FreeSpace(start, length));
    this.free.sort((a, b) => a.start - b.start);
  }

  private freeOf(bytenr: number): FreeSpace {
    const f = this.free.find(
      (g) => bytenr >= g.start && bytenr < g.start + g.length,
    );
    if (f === undefined)
      throw new InvariantError(`${String(bytenr)} is in no data block group`);
    return f;
  }

  get(bytenr: number): ExtentItemRec | undefined {
    return this.items.get(bytenr);
  }

  all(): ExtentItemRec[] {
    return [...this.items.values()].sort((a, b) => a.bytenr - b.bytenr);
  }

  /** Ranges allocated and not yet extent items (bytes_reserved), as [bytenr, bytes]. */
  reserved(): [number, number][] {
    return [...this.reservedRanges.entries()].sort((a, b) => a[0] - b[0]);
  }

  /** Ranges freed in this transaction (bytes_pinned), as [bytenr, bytes]. */
  pinned(): [number, number][] {
    return [...this.pinnedRanges.entries()].sort((a, b) => a[0] - b[0]);
  }

  /** First fit of `bytes` in the data block groups, or null when nothing is large enough. */
  findFree(bytes: number): number | null {
    for (const f of this.free)
      for (const [at, len] of f.all()) if (len >= bytes) return at;
    return null;
  }

  /** The longest free run in the data block groups (find_free_extent's max_extent_size), 0 when none. */
  largestFree(): number {
    let largest = 0;
    for (const f of this.free)
      for (const [, len] of f.all()) largest = Math.max(largest, len);
    return largest;
  }

  /**
   * btrfs_reserve_extent's search: the first free run of `bytes`; when there is none, one retry for half
   * of `bytes`, but no more than the longest free run, rounded down to a sector and at least `minBytes`
   * (the retry fits whenever it is not above the longest run); null when not even that fits. An extent
   * never crosses a block group. SIMPLIFICATION: first fit from the lowest address (btrfs starts from a
   * hint near the inode's last allocation and clusters), and no new chunk is allocated for the extent
   * (find_free_extent's LOOP_ALLOC_CHUNK).
   */
  allocate(
    bytes: number,
    minBytes: number,
  ): { bytenr: number; bytes: number } | null {
    const whole = this.findFree(bytes);
    if (whole !== null) return { bytenr: whole, bytes };
    const half = Math.min(bytes / 2, this.largestFree());
    const retry = Math.max(half - (half % this.sectorSize), minBytes);
    const at = this.findFree(retry);
    return at === null ? null : { bytenr: at, bytes: retry };
  }

  /** btrfs_reserve_extent's allocation: held (bytes_reserved) until its extent item is inserted. */
  reserveRange(bytenr: number, bytes: number, name: string): void {
    this.freeOf(bytenr).take(bytenr, bytes);
    this.reservedRanges.set(bytenr, bytes);
    this.names.set(bytenr, name);
  }

  /** The display name given when the range was allocated. */
  nameOf(bytenr: number): string {
    return this.names.get(bytenr) ?? String(bytenr);
  }

  /** The delayed ref for a new allocation ran: the reserved range becomes an extent item. */
  insertItem(item: ExtentItemRec): void {
    if (!this.reservedRanges.delete(item.bytenr))
      throw new InvariantError(
        `extent item ${item.name} at ${String(item.bytenr)} was never reserved`,
      );
    this.items.set(item.bytenr, item);
    this.changes.extent(item.bytenr);
    this.rec.change('extentItem', String(item.bytenr), null, item);
  }

  /** An extent item read at mount: its space was allocated before. */
  loadItem(item: ExtentItemRec): void {
    this.freeOf(item.bytenr).take(item.bytenr, item.numBytes);
    this.items.set(item.bytenr, item);
    this.changes.extent(item.bytenr);
    this.rec.change('extentItem', String(item.bytenr), null, item);
  }

  setRefs(bytenr: number, refs: number): ExtentItemRec {
    const item = this.items.get(bytenr);
    if (item === undefined)
      throw new InvariantError(`no extent item at ${String(bytenr)}`);
    const next = { ...item, refs };
    this.items.set(bytenr, next);
    this.changes.extent(bytenr);
    this.rec.change('extentItem', String(bytenr), item, next);
    return next;
  }

  /** The last reference is gone: the extent item is deleted and its space pinned until commit. */
  removeAndPin(bytenr: number): ExtentItemRec {
    const item = this.items.get(bytenr);
    if (item === undefined)
      throw new InvariantError(`no extent item at ${String(bytenr)}`);
    this.items.delete(bytenr);
    this.changes.extent(bytenr);
    this.pinnedRanges.set(bytenr, item.numBytes);
    for (let a = bytenr; a < bytenr + item.numBytes; a += this.sectorSize)
      if (this.csumMap.delete(a)) this.changes.csum(a);
    this.rec.change('extentItem', String(bytenr), item, null);
    return item;
  }

  /** The transaction committed: pinned ranges become free space. Returns them as [bytenr, bytes]. */
  unpinAll(): [number, number][] {
    const ranges = this.pinned();
    for (const [at, len] of ranges) this.freeOf(at).give(at, len);
    this.pinnedRanges.clear();
    return ranges;
  }

  /** Keeps the display names (and the Y, Y2, ... counter) of the tree this one replaces at mount. */
  carryNamesFrom(other: ExtentTree): void {
    for (const [bytenr, name] of other.names) this.names.set(bytenr, name);
    this.named = other.named;
  }

  /** A display name for a newly allocated extent: Y, Y2, Y3, ... */
  nextName(): string {
    this.named++;
    return this.named === 1 ? 'Y' : `Y${String(this.named)}`;
  }
}
