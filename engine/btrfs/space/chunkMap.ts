// The chunk map (the mapping tree of fs/btrfs/volumes.c): every chunk's logical range, type, profile and the
// device ranges its stripes occupy (the device extents). It answers where a logical address lives, where
// the next chunk may go on the device (find_free_dev_extent) and how much of the device is unallocated.

import { InvariantError } from '../../core/assert.ts';
import type { Recorder } from '../../trace/recorder.ts';
import type { DeviceRec } from '../../trace/records.ts';
import type { ChunkType, Profile } from './chunkType.ts';

/** BTRFS_DEVICE_RANGE_RESERVED: the first MiB of the device never holds a chunk (superblocks live there). */
export const DEVICE_RANGE_RESERVED = 1024 * 1024;

export interface Chunk {
  /** Logical start and length: what block groups and extents address. */
  readonly start: number;
  readonly length: number;
  readonly type: ChunkType;
  readonly profile: Profile;
  /** Physical offset of each stripe; every stripe holds `length` bytes (SINGLE: one, DUP: two copies). */
  readonly stripes: readonly number[];
}

/** A free range of the device, [start, start + size). */
export interface Hole {
  readonly start: number;
  readonly size: number;
}

export class ChunkMap {
  private readonly chunks: Chunk[] = [];

  constructor(
    /** The device size (btrfs_device total_bytes). */
    readonly deviceSize: number,
    private readonly rec: Recorder,
  ) {}

  /** Every chunk by logical address. */
  all(): readonly Chunk[] {
    return this.chunks;
  }

  /** The chunk holding logical address `bytenr`. */
  find(bytenr: number): Chunk | undefined {
    let lo = 0;
    let hi = this.chunks.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = this.chunks[mid] as Chunk;
      if (bytenr < c.start) hi = mid - 1;
      else if (bytenr >= c.start + c.length) lo = mid + 1;
      else return c;
    }
    return undefined;
  }

  /** find_next_chunk: a new chunk's logical start is the end of the highest chunk so far. */
  nextLogical(): number {
    return this.chunks.reduce(
      (end, c) => Math.max(end, c.start + c.length),
      DEVICE_RANGE_RESERVED,
    );
  }

  /**
   * Why `chunk` cannot join the map (a stripe over another chunk's device range or outside the allocatable
   * range, or a logical range another chunk maps), or null. Mount refuses an image with such a chunk item.
   */
  conflict(chunk: Chunk): string | null {
    if (chunk.start < DEVICE_RANGE_RESERVED)
      return `chunk at ${String(chunk.start)} starts below the first ${String(DEVICE_RANGE_RESERVED)} logical bytes, which no chunk maps`;
    for (const s of chunk.stripes) {
      if (s < DEVICE_RANGE_RESERVED || s + chunk.length > this.deviceSize)
        return `chunk at ${String(chunk.start)} has a stripe at ${String(s)}, outside the device's allocatable range [${String(DEVICE_RANGE_RESERVED)}, ${String(this.deviceSize)})`;
      for (const x of this.devExtents())
        if (s < x.physical + x.length && x.physical < s + chunk.length)
          return `chunk at ${String(chunk.start)}: stripe at ${String(s)} overlaps the device extent at ${String(x.physical)}`;
    }
    const [a, b] = chunk.stripes;
    if (b !== undefined && a !== undefined && Math.abs(a - b) < chunk.length)
      return `chunk at ${String(chunk.start)}: its two copies at ${String(a)} and ${String(b)} overlap`;
    const other = this.chunks.find(
      (c) =>
        c.start < chunk.start + chunk.length &&
        chunk.start < c.start + c.length,
    );
    return other === undefined
      ? null
      : `chunk at ${String(chunk.start)} overlaps the logical range of the chunk at ${String(other.start)}`;
  }

  /** Adds a chunk whose stripes lie in free device space; throws if it overlaps anything. */
  add(chunk: Chunk): void {
    const before = this.rec.enabled ? this.toRec() : null;
    const conflict = this.conflict(chunk);
    if (conflict !== null) throw new InvariantError(conflict);
    this.chunks.push(chunk);
    this.chunks.sort((a, b) => a.start - b.start);
    this.rec.change('device', 'device', before, this.toRec());
  }

  /** The device extents: each stripe's device range and the chunk it belongs to, by physical offset. */
  devExtents(): { physical: number; length: number; chunk: Chunk }[] {
    return this.chunks
      .flatMap((chunk) =>
        chunk.stripes.map((physical) => ({
          physical,
          length: chunk.length,
          chunk,
        })),
      )
      .sort((a, b) => a.physical - b.physical);
  }

  /** Device bytes the stripes occupy (dev_item bytes_used). */
  allocated(): number {
    return this.chunks.reduce((n, c) => n + c.length * c.stripes.length, 0);
  }

  /** fs_info->free_chunk_space: the device's size less what its chunks occupy. */
  unallocated(): number {
    return this.deviceSize - this.allocated();
  }

  /** Bytes in free device ranges (above the reserved first MiB): what new chunks can still take. */
  allocatable(): number {
    return this.holes().reduce((n, h) => n + h.size, 0);
  }

  /** The free ranges of the device above the reserved first MiB, by offset. */
  holes(): Hole[] {
    const holes: Hole[] = [];
    let cursor = DEVICE_RANGE_RESERVED;
    for (const x of this.devExtents()) {
      if (x.physical > cursor)
        holes.push({ start: cursor, size: x.physical - cursor });
      cursor = Math.max(cursor, x.physical + x.length);
    }
    if (this.deviceSize > cursor)
      holes.push({ start: cursor, size: this.deviceSize - cursor });
    return holes;
  }

  /**
   * find_free_dev_extent: the first hole of at least `want` bytes; when none is that large, the largest hole
   * (the first of equals); null on a full device.
   */
  findFreeDevExtent(want: number): Hole | null {
    let largest: Hole | null = null;
    for (const h of this.holes()) {
      if (h.size >= want) return h;
      if (largest === null || h.size > largest.size) largest = h;
    }
    return largest;
  }

  toRec(): DeviceRec {
    return {
      total: this.deviceSize,
      allocated: this.allocated(),
      reserved: DEVICE_RANGE_RESERVED,
    };
  }
}
