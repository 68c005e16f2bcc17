// A space_info (fs/btrfs/space-info.h): total, used, reserved, pinned and may_use bytes of one kind of
// space. Every change is a traced record change; the caller emits the event that explains it.

import { InvariantError } from '../core/assert.ts';
import type { Recorder } from '../trace/recorder.ts';
import type { SpaceRec } from '../trace/records.ts';

export type SpaceCounter = 'used' | 'reserved' | 'pinned' | 'mayUse';

export class SpaceInfo {
  used = 0;
  reserved = 0;
  pinned = 0;
  mayUse = 0;

  constructor(
    readonly kind: 'data' | 'metadata',
    readonly total: number,
    private readonly rec: Recorder,
  ) {
    rec.change('space', kind, null, this.toRec());
  }

  /** Bytes no counter accounts for: what a new reservation may take (btrfs_space_info_used(s, true)). */
  free(): number {
    return this.total - (this.used + this.reserved + this.pinned + this.mayUse);
  }

  adjust(delta: Partial<Record<SpaceCounter, number>>): void {
    const before = this.rec.enabled ? this.toRec() : null;
    this.used += delta.used ?? 0;
    this.reserved += delta.reserved ?? 0;
    this.pinned += delta.pinned ?? 0;
    this.mayUse += delta.mayUse ?? 0;
    if (
      this.used < 0 ||
      this.reserved < 0 ||
      this.pinned < 0 ||
      this.mayUse < 0
    ) {
      throw new InvariantError(
        `${this.kind} space_info went negative: ${JSON.stringify(this.toRec())}`,
      );
    }
    if (this.rec.enabled)
      this.rec.change('space', this.kind, before, this.toRec());
  }

  toRec(): SpaceRec {
    return {
      kind: this.kind,
      total: this.total,
      used: this.used,
      reserved: this.reserved,
      pinned: this.pinned,
      mayUse: this.mayUse,
    };
  }
}
