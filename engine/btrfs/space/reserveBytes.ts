// __reserve_bytes (space-info.c) and its two callers, btrfs_reserve_data_bytes and
// btrfs_reserve_metadata_bytes: take the bytes at once when they fit (metadata may overcommit), otherwise
// queue a ticket and let the reclaim worker run the flush states while this reservation waits.

import { shortSize } from '../../core/units.ts';
import type { Fs } from '../fs.ts';
import { fits, type ReserveFlush } from './overcommit.ts';
import {
  emitTicket,
  reclaimDataSpace,
  reclaimMetadataSpace,
} from './reclaim.ts';
import type { SpaceInfo, Ticket } from './spaceInfo.ts';

/**
 * Reserves `bytes` in `info`'s bytes_may_use. With 'no-flush' it fails at once when they do not fit; with
 * 'flush-data' / 'flush-all' it queues a ticket behind any others and waits for the reclaim worker. Returns
 * whether the bytes were reserved.
 */
export function reserveBytes(
  fs: Fs,
  info: SpaceInfo,
  bytes: number,
  flush: ReserveFlush,
): boolean {
  if (info.tickets.length === 0 && fits(fs, info, bytes, flush)) {
    info.adjust({ mayUse: bytes });
    return true;
  }
  if (flush === 'no-flush') return false;
  const ticket: Ticket = {
    id: fs.space.allocTicketId(),
    bytes,
    outcome: 'waiting',
  };
  info.queueTicket(ticket);
  emitTicket(fs, info, ticket, 'queue');
  if (info.kind === 'data') reclaimDataSpace(fs, info);
  else reclaimMetadataSpace(fs, info);
  return ticket.outcome === 'granted';
}

/** btrfs_reserve_data_bytes: data space for `bytes`, flushing (FLUSH_DATA) unless told not to. */
export function reserveDataBytes(
  fs: Fs,
  bytes: number,
  flush: 'flush-data' | 'no-flush' = 'flush-data',
): boolean {
  return fs.rec.call(
    'btrfs_reserve_data_bytes',
    `reserve ${shortSize(bytes)} of data space`,
    () => reserveBytes(fs, fs.data, bytes, flush),
  );
}

/** btrfs_reserve_metadata_bytes: metadata space for `bytes` (FLUSH_ALL: any flush state may run). */
export function reserveMetadataBytes(fs: Fs, bytes: number): boolean {
  return fs.rec.call(
    'btrfs_reserve_metadata_bytes',
    `reserve ${shortSize(bytes)} of metadata space`,
    () => reserveBytes(fs, fs.meta, bytes, 'flush-all'),
  );
}
