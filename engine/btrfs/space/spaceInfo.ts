// A space_info (fs/btrfs/space-info.h): the block groups of one kind, their summed total, used, reserved and
// pinned bytes, bytes_may_use (reservations, which belong to no block group), the full flag, and the
// queue of tickets waiting for space. Every change is a traced record change.

import { InvariantError } from '../../core/assert.ts';
import type { Recorder } from '../../trace/recorder.ts';
import type { SpaceRec, TicketRec } from '../../trace/records.ts';
import type { BlockGroup, GroupCounter } from './blockGroup.ts';
import type { ChunkType } from './chunkType.ts';

export type SpaceCounter = GroupCounter | 'mayUse';

/** A reservation waiting for space (struct reserve_ticket). */
export interface Ticket {
  readonly id: number;
  readonly bytes: number;
  /** Waiting in the queue, or how it left it. */
  outcome: 'waiting' | 'granted' | 'failed';
}

export class SpaceInfo {
  total = 0;
  used = 0;
  reserved = 0;
  pinned = 0;
  mayUse = 0;
  /** space_info->full: the last chunk allocation found no room; cleared when a block group is added. */
  full = false;
  readonly groups: BlockGroup[] = [];
  readonly tickets: Ticket[] = [];
  /** space_info->tickets_id: counts granted tickets, so a reclaim pass can tell it made progress. */
  ticketsId = 0;

  constructor(
    readonly kind: ChunkType,
    private readonly rec: Recorder,
  ) {
    rec.change('space', kind, null, this.toRec());
  }

  /** Bytes no counter accounts for (total_bytes - btrfs_space_info_used(s, true)); negative when overcommitted. */
  free(): number {
    return this.total - this.usedWithMayUse();
  }

  /** btrfs_space_info_used(s, true). */
  usedWithMayUse(): number {
    return this.used + this.reserved + this.pinned + this.mayUse;
  }

  /** Changes the counters; used, reserved and pinned only together with the block group they belong to. */
  adjust(delta: Partial<Record<SpaceCounter, number>>): void {
    this.update(() => {
      this.used += delta.used ?? 0;
      this.reserved += delta.reserved ?? 0;
      this.pinned += delta.pinned ?? 0;
      this.mayUse += delta.mayUse ?? 0;
    });
  }

  /** btrfs_add_bg_to_space_info: the group's bytes join the total; the space_info is not full any more. */
  addGroup(group: BlockGroup): void {
    this.groups.push(group);
    this.groups.sort((a, b) => a.start - b.start);
    this.update(() => {
      this.total += group.length;
      this.used += group.used;
      this.full = false;
    });
  }

  setFull(full: boolean): void {
    if (this.full !== full)
      this.update(() => {
        this.full = full;
      });
  }

  queueTicket(ticket: Ticket): void {
    this.tickets.push(ticket);
    this.rec.change('ticket', String(ticket.id), null, this.ticketRec(ticket));
  }

  /** Takes the ticket off the queue (granted or failed); a granted one counts as progress. */
  removeTicket(ticket: Ticket, granted: boolean): void {
    const at = this.tickets.indexOf(ticket);
    if (at < 0)
      throw new InvariantError(`ticket ${String(ticket.id)} is not queued`);
    this.tickets.splice(at, 1);
    ticket.outcome = granted ? 'granted' : 'failed';
    if (granted) this.ticketsId++;
    this.rec.change('ticket', String(ticket.id), this.ticketRec(ticket), null);
  }

  /** space_info->reclaim_size: the bytes the queued tickets still wait for. */
  reclaimSize(): number {
    return this.tickets.reduce((n, t) => n + t.bytes, 0);
  }

  private ticketRec(t: Ticket): TicketRec {
    if (this.kind === 'system')
      throw new InvariantError('the system space_info takes no tickets');
    return { id: t.id, space: this.kind, bytes: t.bytes };
  }

  private update(body: () => void): void {
    const before = this.rec.enabled ? this.toRec() : null;
    body();
    if (
      this.used < 0 ||
      this.reserved < 0 ||
      this.pinned < 0 ||
      this.mayUse < 0
    )
      throw new InvariantError(
        `${this.kind} space_info went negative: ${JSON.stringify(this.toRec())}`,
      );
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
      full: this.full,
    };
  }
}
