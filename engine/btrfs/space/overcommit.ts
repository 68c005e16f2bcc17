// Metadata overcommit (space-info.c, 6.18): a metadata reservation may exceed the allocated metadata space by
// a share of the device's unallocated space, less one data chunk kept for data, as long as the space can
// still become metadata chunks. Data never overcommits. Pure arithmetic over the space state.

import type { Fs } from '../fs.ts';
import { copiesOf, PROFILE_OF } from './chunkType.ts';
import { spaceChunkSize, tenPercent } from './chunkSize.ts';
import type { SpaceInfo } from './spaceInfo.ts';

/** BTRFS_RESERVE_NO_FLUSH, BTRFS_RESERVE_FLUSH_ALL (metadata) and BTRFS_RESERVE_FLUSH_DATA. */
export type ReserveFlush = 'no-flush' | 'flush-all' | 'flush-data';

const GiB = 1024 * 1024 * 1024;

/** calc_effective_data_chunk_size: the data chunk size the device would really get (10% of it, at most 1 GiB). */
export function effectiveDataChunkSize(fs: Fs): number {
  const device = fs.space.chunks.deviceSize;
  return Math.min(spaceChunkSize('data', device), tenPercent(device), GiB);
}

/**
 * calc_available_free_space: unallocated device space usable by this profile (half of it for DUP), less a
 * data chunk, then 1/8 of it when the reservation may flush everything, 1/2 when it may not.
 */
export function availableFreeSpace(
  fs: Fs,
  info: SpaceInfo,
  flush: ReserveFlush,
): number {
  let avail = Math.floor(
    fs.space.chunks.unallocated() / copiesOf(PROFILE_OF[info.kind]),
  );
  const dataChunk = effectiveDataChunkSize(fs);
  if (avail <= dataChunk) return 0;
  avail -= dataChunk;
  return flush === 'flush-all' ? Math.floor(avail / 8) : Math.floor(avail / 2);
}

/** btrfs_can_overcommit: never for data; for metadata, used + bytes below total + the available share. */
export function canOvercommit(
  fs: Fs,
  info: SpaceInfo,
  bytes: number,
  flush: ReserveFlush,
): boolean {
  if (info.kind === 'data') return false;
  return (
    info.usedWithMayUse() + bytes <
    info.total + availableFreeSpace(fs, info, flush)
  );
}

/** Whether `bytes` more can be reserved now: within the total, or (metadata) by overcommitting. */
export function fits(
  fs: Fs,
  info: SpaceInfo,
  bytes: number,
  flush: ReserveFlush,
): boolean {
  return (
    info.usedWithMayUse() + bytes <= info.total ||
    canOvercommit(fs, info, bytes, flush)
  );
}

/** btrfs_calc_reclaim_metadata_size: what the tickets wait for, plus any overcommit beyond what is allowed. */
export function reclaimMetadataSize(fs: Fs, info: SpaceInfo): number {
  const avail = availableFreeSpace(fs, info, 'flush-all');
  const used = info.usedWithMayUse();
  const over = Math.max(0, used - (info.total + avail));
  return info.reclaimSize() + over;
}
