// How big a new chunk is and where its stripes go (fs/btrfs/volumes.c, the regular allocation policy of
// btrfs_create_chunk, 6.x): at most the space_info's chunk size, at most 10% of the device rounded up to
// 16 MiB, at most the largest free device range; stripes are multiples of 64 KiB. Pure arithmetic.

import { STRIPE_LEN } from '../../disk/format/chunkItems.ts';
import type { ChunkMap } from './chunkMap.ts';
import { copiesOf, type ChunkType, type Profile } from './chunkType.ts';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
/** BTRFS_MAX_DATA_CHUNK_SIZE. */
const MAX_DATA_CHUNK_SIZE = 10 * GiB;

/** calc_chunk_size (space-info.c): space_info->chunk_size, the size a chunk of this type aims for. */
export function spaceChunkSize(type: ChunkType, deviceSize: number): number {
  if (type === 'data') return MAX_DATA_CHUNK_SIZE;
  if (type === 'system') return 32 * MiB;
  return deviceSize > 50 * GiB ? GiB : 256 * MiB;
}

/** mult_perc(x, 10): 10% of x, rounded down. */
export function tenPercent(x: number): number {
  return Math.floor((x * 10) / 100);
}

function roundUp(x: number, to: number): number {
  return Math.ceil(x / to) * to;
}

/**
 * The most one stripe of a new `type` chunk may hold on a device of `deviceSize` bytes: the space_info's
 * chunk size and 10% of the device (rounded up to 16 MiB), at most 1 GiB.
 */
function stripeCeiling(type: ChunkType, deviceSize: number): number {
  const maxChunk = Math.min(
    tenPercent(deviceSize),
    spaceChunkSize(type, deviceSize),
  );
  return Math.min(roundUp(maxChunk, 16 * MiB), GiB);
}

/**
 * The largest data chunk btrfs makes on a device of `deviceSize` bytes with room to spare (planChunk on an
 * empty device). An extent lies inside one block group, so no data extent is larger.
 */
export function maxDataChunkSize(deviceSize: number): number {
  const stripe = stripeCeiling('data', deviceSize);
  return stripe - (stripe % STRIPE_LEN);
}

/**
 * [offset, offset + length) of a file cut into pieces no larger than maxDataChunkSize(deviceSize): the
 * extents a prepared file can have on that device.
 */
export function dataChunkPieces(
  offset: number,
  length: number,
  deviceSize: number,
): { offset: number; length: number }[] {
  const piece = maxDataChunkSize(deviceSize);
  const pieces: { offset: number; length: number }[] = [];
  for (let at = 0; at < length; at += piece)
    pieces.push({ offset: offset + at, length: Math.min(piece, length - at) });
  return pieces;
}

export interface ChunkPlan {
  /** Where the stripes start on the device; DUP puts its second stripe right after the first. */
  readonly devOffset: number;
  /** Bytes of each stripe, and the chunk's logical length (one data stripe in SINGLE and DUP). */
  readonly stripeSize: number;
}

/**
 * init_alloc_chunk_ctl_policy_regular, gather_device_info and decide_stripe_size_regular for one device;
 * null when the device has no free range of at least one 64 KiB stripe per copy (-ENOSPC).
 */
export function planChunk(
  type: ChunkType,
  profile: Profile,
  chunks: ChunkMap,
): ChunkPlan | null {
  const devStripes = copiesOf(profile);
  const maxStripe = Math.min(spaceChunkSize(type, chunks.deviceSize), GiB);
  const devExtentMin = STRIPE_LEN * devStripes;
  if (chunks.unallocated() < devExtentMin) return null;
  const want = maxStripe * devStripes;
  const hole = chunks.findFreeDevExtent(want);
  if (hole === null) return null;
  const maxAvail = Math.min(hole.size, want);
  if (maxAvail < devExtentMin) return null;
  // One data stripe in SINGLE and in DUP (its two stripes are copies); no chunk over 10% of the device.
  let stripe = Math.min(
    Math.floor(maxAvail / devStripes),
    stripeCeiling(type, chunks.deviceSize),
  );
  stripe -= stripe % STRIPE_LEN;
  return { devOffset: hole.start, stripeSize: stripe };
}
