// A data chunk and a metadata DUP chunk as mkfs lays them out on a 64 MiB device: the fixed chunks the unit
// tests of the chunk items and of mount's item checks build on.
import type { Chunk } from '../btrfs/space/chunkMap.ts';

const M = 1024 * 1024;

export const SECTOR = 4096;
export const DEVICE = 64 * M;

/** 2 MiB of data at 4 MiB. */
export const DATA: Chunk = {
  start: 4 * M,
  length: 2 * M,
  type: 'data',
  profile: 'single',
  stripes: [4 * M],
};

/** 2 MiB of metadata at 6 MiB, its two copies at 6 and 8 MiB. */
export const META: Chunk = {
  start: 6 * M,
  length: 2 * M,
  type: 'metadata',
  profile: 'dup',
  stripes: [6 * M, 8 * M],
};
