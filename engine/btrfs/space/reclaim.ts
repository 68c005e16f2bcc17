// The reclaim workers (space-info.c: do_async_reclaim_data_space, do_async_reclaim_metadata_space), run
// while the reservation that queued a ticket waits: flush states in the kernel's order until every ticket
// is granted, or every state has failed and the tickets fail with ENOSPC.

import { InvariantError } from '../../core/assert.ts';
import { shortSize } from '../../core/units.ts';
import type { FlushStateName } from '../../trace/records.ts';
import type { Fs } from '../fs.ts';
import { fits, reclaimMetadataSize } from './overcommit.ts';
import { FLUSH_ALL_BYTES, flushSpace } from './flushSpace.ts';
import { DATA_FLUSH_STATES, METADATA_FLUSH_STATES } from './flushStates.ts';
import type { SpaceInfo, Ticket } from './spaceInfo.ts';

/** A worker that loops this often without granting or failing a ticket is an engine bug. */
const MAX_STEPS = 1000;

/** btrfs_try_granting_tickets: grant queued tickets in order while each fits. */
export function tryGrantingTickets(fs: Fs, info: SpaceInfo): void {
  for (const ticket of [...info.tickets]) {
    if (!fits(fs, info, ticket.bytes, 'flush-all')) break;
    info.adjust({ mayUse: ticket.bytes });
    info.removeTicket(ticket, true);
    emitTicket(fs, info, ticket, 'grant');
  }
}

export function emitTicket(
  fs: Fs,
  info: SpaceInfo,
  ticket: Ticket,
  action: 'queue' | 'grant' | 'fail',
): void {
  if (info.kind === 'system') return;
  const what = `ticket ${String(ticket.id)} (${shortSize(ticket.bytes)} of ${info.kind})`;
  fs.rec.emit(
    'btrfs.ticket',
    { id: ticket.id, space: info.kind, bytes: ticket.bytes, action },
    action === 'queue'
      ? `${what} waits: ${shortSize(Math.max(0, info.free()))} is free; the reclaim worker runs the flush states`
      : action === 'grant'
        ? `${what} granted: bytes_may_use += ${shortSize(ticket.bytes)}`
        : `${what} failed: every flush state has run and the space is still short — ENOSPC`,
  );
}

/** maybe_fail_all_tickets: fail tickets from the front, granting any smaller one behind that now fits. */
function failAllTickets(fs: Fs, info: SpaceInfo): boolean {
  const id = info.ticketsId;
  while (info.tickets.length > 0 && id === info.ticketsId) {
    const ticket = info.tickets[0] as Ticket;
    info.removeTicket(ticket, false);
    emitTicket(fs, info, ticket, 'fail');
    tryGrantingTickets(fs, info);
  }
  return id !== info.ticketsId;
}

function guard(steps: number, kind: string): void {
  if (steps > MAX_STEPS)
    throw new InvariantError(`the ${kind} reclaim worker does not finish`);
}

/** do_async_reclaim_data_space. */
export function reclaimDataSpace(fs: Fs, info: SpaceInfo): void {
  fs.rec.call(
    'btrfs_async_reclaim_data_space',
    'data tickets wait: allocate chunks while the device has room, then flush',
    () => {
      const grant = () => {
        tryGrantingTickets(fs, info);
      };
      let steps = 0;
      while (!info.full) {
        guard(++steps, 'data');
        flushSpace(fs, info, FLUSH_ALL_BYTES, 'ALLOC_CHUNK_FORCE', 0, grant);
        if (info.tickets.length === 0) return;
      }
      let state = 0;
      let last = info.ticketsId;
      while (state < DATA_FLUSH_STATES.length) {
        guard(++steps, 'data');
        const name = DATA_FLUSH_STATES[state] as FlushStateName;
        flushSpace(fs, info, FLUSH_ALL_BYTES, name, 1, grant);
        if (info.tickets.length === 0) return;
        if (last === info.ticketsId) state++;
        else {
          last = info.ticketsId;
          state = 0;
        }
        // The space_info is full (no chunk fits; nothing here clears that): fail the tickets, unless
        // failing the first lets a smaller one behind it through.
        if (state >= DATA_FLUSH_STATES.length) {
          if (failAllTickets(fs, info) && info.tickets.length > 0) state = 0;
          else return;
        }
      }
    },
  );
}

/** do_async_reclaim_metadata_space: up to three passes; the first skips FLUSH_DELALLOC_FULL and ALLOC_CHUNK_FORCE. */
export function reclaimMetadataSpace(fs: Fs, info: SpaceInfo): void {
  fs.rec.call(
    'btrfs_async_reclaim_metadata_space',
    'metadata tickets wait: run the flush states from the cheapest to a transaction commit',
    () => {
      const grant = () => {
        tryGrantingTickets(fs, info);
      };
      let toReclaim = reclaimMetadataSize(fs, info);
      if (toReclaim === 0) return;
      let last = info.ticketsId;
      let commitCycles = 0;
      let state = 0;
      let steps = 0;
      const last0 = METADATA_FLUSH_STATES.length - 1;
      do {
        guard(++steps, 'metadata');
        const name = METADATA_FLUSH_STATES[state] as FlushStateName;
        flushSpace(fs, info, toReclaim, name, commitCycles, grant);
        if (info.tickets.length === 0) return;
        toReclaim = reclaimMetadataSize(fs, info);
        if (last === info.ticketsId) state++;
        else {
          last = info.ticketsId;
          state = 0;
          if (commitCycles > 0) commitCycles--;
        }
        // Allow one trip through the states before emptying all delalloc or forcing a chunk.
        if (
          METADATA_FLUSH_STATES[state] === 'FLUSH_DELALLOC_FULL' &&
          commitCycles === 0
        )
          state++;
        if (
          METADATA_FLUSH_STATES[state] === 'ALLOC_CHUNK_FORCE' &&
          commitCycles === 0
        )
          state++;
        if (state > last0) {
          commitCycles++;
          if (commitCycles > 2) {
            if (failAllTickets(fs, info) && info.tickets.length > 0) {
              state = 0;
              commitCycles--;
            }
          } else state = 0;
        }
      } while (state <= last0);
    },
  );
}
