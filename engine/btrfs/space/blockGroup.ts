// A block group (struct btrfs_block_group): one chunk's logical range and its used, reserved and pinned
// bytes. Every change is a traced record change; the space_info it belongs to sums its groups.

import { InvariantError } from '../../core/assert.ts';
import type { Recorder } from '../../trace/recorder.ts';
import type { BlockGroupRec } from '../../trace/records.ts';
import type { Chunk } from './chunkMap.ts';

export type GroupCounter = 'used' | 'reserved' | 'pinned';

export class BlockGroup {
  used = 0;
  reserved = 0;
  pinned = 0;

  constructor(
    readonly chunk: Chunk,
    private readonly rec: Recorder,
  ) {
    rec.change('blockGroup', String(chunk.start), null, this.toRec());
  }

  get start(): number {
    return this.chunk.start;
  }

  get length(): number {
    return this.chunk.length;
  }

  /** Bytes neither used, reserved nor pinned. */
  free(): number {
    return this.length - this.used - this.reserved - this.pinned;
  }

  adjust(delta: Partial<Record<GroupCounter, number>>): void {
    const before = this.rec.enabled ? this.toRec() : null;
    this.used += delta.used ?? 0;
    this.reserved += delta.reserved ?? 0;
    this.pinned += delta.pinned ?? 0;
    if (
      this.used < 0 ||
      this.reserved < 0 ||
      this.pinned < 0 ||
      this.free() < 0
    )
      throw new InvariantError(
        `block group ${String(this.start)} went out of range: ${JSON.stringify(this.toRec())}`,
      );
    if (this.rec.enabled)
      this.rec.change('blockGroup', String(this.start), before, this.toRec());
  }

  toRec(): BlockGroupRec {
    return {
      start: this.chunk.start,
      length: this.chunk.length,
      type: this.chunk.type,
      profile: this.chunk.profile,
      used: this.used,
      reserved: this.reserved,
      pinned: this.pinned,
      stripes: this.chunk.stripes,
    };
  }
}
