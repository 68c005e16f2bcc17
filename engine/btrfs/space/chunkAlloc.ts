// btrfs_chunk_alloc (block-group.c): decide whether a space_info needs another chunk (should_alloc_chunk),
// carve it from the device's free space (volumes.c, planChunk) and add its block group. A device with no
// room marks the space_info full, so flushers know a chunk allocation can no longer help.

import { shortSize } from '../../core/units.ts';
import type { Fs } from '../fs.ts';
import { chunkLabel, PROFILE_OF, type ChunkType } from './chunkType.ts';
import { planChunk } from './chunkSize.ts';
import { globalRsvSize } from './globalRsv.ts';
import type { SpaceInfo } from './spaceInfo.ts';

/** CHUNK_ALLOC_NO_FORCE, CHUNK_ALLOC_LIMITED, CHUNK_ALLOC_FORCE. */
export type ChunkForce = 'no-force' | 'limited' | 'force';

const MiB = 1024 * 1024;

/** should_alloc_chunk: forced always; otherwise only past 80% of the space_info really used (not may_use). */
export function shouldAllocChunk(
  info: SpaceInfo,
  force: ChunkForce,
  deviceSize: number,
): boolean {
  if (force === 'force') return true;
  const used = info.used + info.reserved + info.pinned;
  if (force === 'limited') {
    const thresh = Math.max(64 * MiB, Math.floor(deviceSize / 100));
    if (info.total - used < thresh) return true;
  }
  return used + 2 * MiB >= Math.floor((info.total * 80) / 100);
}

/**
 * btrfs_make_block_group ends with btrfs_update_global_block_rsv: on 6.18 a new block group (and mount) is
 * when the reserve is resized, not each commit (traced through update_bytes_may_use during a 1 GiB fill).
 * SIMPLIFICATION: the trees' bytes are those of the last commit; the kernel reads the live root items,
 * which also count the blocks the running transaction added.
 */
function updateGlobalRsv(fs: Fs): void {
  const trees = fs.committed.globalTreeBytes;
  const size = globalRsvSize(
    fs.geo.nodeSize,
    trees,
    fs.space.chunks.deviceSize,
  );
  const change = fs.globalRsv.update(size);
  fs.rec.emit(
    'btrfs.global_rsv',
    { size },
    `btrfs_update_global_block_rsv: the root, extent and csum trees hold ${shortSize(trees)}; ${change ?? `the reserve stays ${shortSize(size)}`}`,
  );
}

export type ChunkAllocResult = 'allocated' | 'not-needed' | 'enospc';

/** Allocates a chunk of `type` if it should; emits the allocation (or the failure) with `why`. */
export function chunkAlloc(
  fs: Fs,
  type: ChunkType,
  force: ChunkForce,
  why: string,
): ChunkAllocResult {
  const info = fs.space.info[type];
  const should = shouldAllocChunk(info, force, fs.space.chunks.deviceSize);
  if (info.full) return should ? 'enospc' : 'not-needed';
  if (!should) return 'not-needed';
  return fs.rec.call('btrfs_chunk_alloc', why, () => {
    const profile = PROFILE_OF[type];
    const plan = planChunk(type, profile, fs.space.chunks);
    if (plan === null) {
      info.setFull(true);
      fs.rec.emit(
        'btrfs.chunk_alloc',
        { type, profile, start: 0, length: 0, ok: false },
        `no ${chunkLabel(type, profile)} chunk fits: ${fs.space.chunks.allocatable() === 0 ? 'every byte of the device is allocated' : `the device has ${shortSize(fs.space.chunks.allocatable())} free, in no range large enough`}; the ${type} space_info is full`,
      );
      return 'enospc';
    }
    const start = fs.space.chunks.nextLogical();
    const { devOffset, stripeSize } = plan;
    const stripes =
      profile === 'dup' ? [devOffset, devOffset + stripeSize] : [devOffset];
    fs.addChunk({ start, length: stripeSize, type, profile, stripes });
    fs.rec.emit(
      'btrfs.chunk_alloc',
      { type, profile, start, length: stripeSize, ok: true },
      `new ${chunkLabel(type, profile)} block group of ${shortSize(stripeSize)} at logical ${String(start)} (device offset ${stripes.map((s) => shortSize(s)).join(' and ')}); ${shortSize(fs.space.chunks.allocatable())} of the device is left for more chunks`,
    );
    updateGlobalRsv(fs);
    return 'allocated';
  });
}
