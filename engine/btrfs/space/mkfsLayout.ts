// The chunks a fresh filesystem starts with, as mkfs.btrfs (btrfs-progs 6.2, measured on 128 MiB to 1 GiB
// images under Linux 6.18) lays them out: a 12 MiB gap where its temporary chunks were, DATA single 8 MiB,
// SYSTEM DUP 8 MiB, METADATA DUP max(32 MiB, 5% of the device). Logical addresses start at the data chunk.

import { STRIPE_LEN } from '../../disk/format/chunkItems.ts';
import { DEVICE_RANGE_RESERVED, type Chunk } from './chunkMap.ts';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
/** The smallest device mkfs.btrfs 6.2 formats with 16 KiB nodes (it says so below it). */
export const MKFS_MIN_DEVICE = 114294784;
/** The device size whose layout smaller devices scale (SIMPLIFICATION below MKFS_MIN_DEVICE). */
export const REFERENCE_DEVICE = 256 * MiB;

function round64K(x: number): number {
  return Math.max(STRIPE_LEN, x - (x % STRIPE_LEN));
}

/** The sizes of the gap and the three chunks (each stripe) for a device of `size` bytes. */
export function mkfsSizes(size: number): {
  gap: number;
  data: number;
  system: number;
  metadata: number;
} {
  const metadata = Math.min(
    Math.max(32 * MiB, round64K(Math.floor(size / 20))),
    size > 50 * GiB ? GiB : 256 * MiB,
  );
  const full = { gap: 12 * MiB, data: 8 * MiB, system: 8 * MiB, metadata };
  if (size >= MKFS_MIN_DEVICE) return full;
  // SIMPLIFICATION: mkfs.btrfs refuses a device this small; the engine scales the 256 MiB layout down.
  const scale = (x: number) =>
    round64K(Math.floor((x * size) / REFERENCE_DEVICE));
  return {
    gap: scale(full.gap),
    data: scale(full.data),
    system: scale(full.system),
    metadata: scale(32 * MiB),
  };
}

/** The mkfs chunks, by logical address: each chunk's logical start is its first stripe's offset or after. */
export function mkfsChunks(size: number): Chunk[] {
  const s = mkfsSizes(size);
  const dataAt = DEVICE_RANGE_RESERVED + s.gap;
  const systemAt = dataAt + s.data;
  const metadataAt = systemAt + 2 * s.system;
  return [
    {
      start: dataAt,
      length: s.data,
      type: 'data',
      profile: 'single',
      stripes: [dataAt],
    },
    {
      start: systemAt,
      length: s.system,
      type: 'system',
      profile: 'dup',
      stripes: [systemAt, systemAt + s.system],
    },
    {
      start: systemAt + s.system,
      length: s.metadata,
      type: 'metadata',
      profile: 'dup',
      stripes: [metadataAt, metadataAt + s.metadata],
    },
  ];
}
