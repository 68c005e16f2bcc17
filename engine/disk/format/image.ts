// The disk image: where superblock copies live, how a fresh image is made (mkfs), and how mount picks the
// newest valid copy. A foreign, truncated or corrupted image is an error value with a sentence, never a throw.

import { fail, ok, type Result } from '../../core/errno.ts';
import { createRng } from '../../core/rng.ts';
import { formatSize } from '../../core/units.ts';
import type { BlockDevice } from '../blockDevice.ts';
import {
  decodeSuperblock,
  encodeSuperblock,
  FORMAT_VERSION,
  SUPERBLOCK_SIZE,
  type Superblock,
} from './superblock.ts';

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * Superblock copies. btrfs keeps its primary at 64 KiB and mirrors at 64 MiB and 256 GiB.
 * SIMPLIFICATION: our images are small, so the one mirror sits at 128 KiB and always exists.
 */
export const SUPERBLOCK_OFFSETS = [64 * KiB, 128 * KiB] as const;

/** Like btrfs, the first 1 MiB is never allocated; data and metadata live above it. */
export const RESERVED_BYTES = 1 * MiB;
export const MIN_IMAGE_BYTES = 4 * MiB;
export const MAX_IMAGE_BYTES = 64 * 1024 * MiB;
export const DEFAULT_IMAGE_BYTES = 64 * MiB;

export interface FormatOptions {
  readonly seed: number;
  readonly sectorsize?: number;
  readonly nodesize?: number;
}

export interface MountedImage {
  readonly superblock: Superblock;
  /** Which copy won (0 = primary); a non-zero copy means the primary was damaged or older. */
  readonly copy: number;
  /** Copies that were unreadable, each with the reason (shown to the user, repaired at the next commit). */
  readonly damagedCopies: readonly string[];
}

/** Writes a fresh, empty filesystem (generation 1) on `device` and flushes it. */
export function formatImage(
  device: BlockDevice,
  options: FormatOptions,
): Result<Superblock> {
  const size = device.size();
  if (size < MIN_IMAGE_BYTES) {
    return fail(
      'EINVAL',
      `the device is too small: ${formatSize(size)}, at least ${formatSize(MIN_IMAGE_BYTES)} is needed`,
    );
  }
  const rng = createRng(options.seed);
  const fsid = Array.from({ length: 16 }, () =>
    rng.int(256).toString(16).padStart(2, '0'),
  ).join('');
  const base: Omit<Superblock, 'bytenr'> = {
    fsid,
    flags: 0,
    generation: 1,
    root: 0,
    rootLevel: 0,
    totalBytes: size,
    bytesUsed: 0,
    sectorsize: options.sectorsize ?? 4096,
    nodesize: options.nodesize ?? 16384,
    version: FORMAT_VERSION,
    chunkRoot: 0,
    chunkRootLevel: 0,
    chunkRootGeneration: 0,
    sysChunkArray: [],
  };
  writeSuperblocks(device, { ...base, bytenr: SUPERBLOCK_OFFSETS[0] });
  device.flush();
  return ok({ ...base, bytenr: SUPERBLOCK_OFFSETS[0] });
}

/** Writes every superblock copy of `sb` (each records its own location). The caller flushes. */
export function writeSuperblocks(device: BlockDevice, sb: Superblock): void {
  for (const bytenr of SUPERBLOCK_OFFSETS)
    device.write(bytenr, encodeSuperblock({ ...sb, bytenr }));
}

/** Reads every superblock copy and returns the newest valid one, or a clear error. Writes nothing. */
export function readImage(device: BlockDevice): Result<MountedImage> {
  const size = device.size();
  const lastEnd = Math.max(...SUPERBLOCK_OFFSETS) + SUPERBLOCK_SIZE;
  if (size < lastEnd) {
    return fail(
      'EINVAL',
      `not an iomap-explorer disk image: it is ${formatSize(size)}, too small to hold a superblock (images are at least ${formatSize(MIN_IMAGE_BYTES)})`,
    );
  }
  let best: { superblock: Superblock; copy: number } | null = null;
  const damaged: string[] = [];
  let sawMagic = false;
  for (const [copy, bytenr] of SUPERBLOCK_OFFSETS.entries()) {
    const bytes = new Uint8Array(SUPERBLOCK_SIZE);
    device.read(bytenr, bytes);
    const decoded = decodeSuperblock(bytes);
    const where = `superblock copy ${String(copy)} at ${formatSize(bytenr)}`;
    switch (decoded.kind) {
      case 'no-magic':
        damaged.push(`${where}: no superblock magic`);
        continue;
      case 'bad-checksum':
        sawMagic = true;
        damaged.push(`${where}: checksum mismatch`);
        continue;
      case 'unsupported-version':
        sawMagic = true;
        damaged.push(
          `${where}: format version ${String(decoded.version)} is not supported (this build reads version ${String(FORMAT_VERSION)})`,
        );
        continue;
      case 'ok': {
        sawMagic = true;
        const sb = decoded.superblock;
        const problem = validate(sb, bytenr, size);
        if (problem !== null) {
          damaged.push(`${where}: ${problem}`);
          continue;
        }
        if (best === null || sb.generation > best.superblock.generation)
          best = { superblock: sb, copy };
      }
    }
  }
  if (best === null) {
    if (!sawMagic) {
      return fail(
        'EINVAL',
        'not an iomap-explorer disk image: no superblock magic at 64 KiB or 128 KiB (a foreign or empty file)',
      );
    }
    return fail(
      'EUCLEAN',
      `the disk image is corrupted: no valid superblock copy (${damaged.join('; ')})`,
    );
  }
  return ok({
    superblock: best.superblock,
    copy: best.copy,
    damagedCopies: damaged,
  });
}

function validate(
  sb: Superblock,
  bytenr: number,
  deviceSize: number,
): string | null {
  if (sb.bytenr !== bytenr)
    return `records its location as ${String(sb.bytenr)}, not ${String(bytenr)}`;
  if (sb.totalBytes !== deviceSize) {
    return `describes a ${formatSize(sb.totalBytes)} filesystem but the image is ${formatSize(deviceSize)} (truncated or resized)`;
  }
  if (
    !isPowerOfTwo(sb.sectorsize) ||
    sb.sectorsize < 512 ||
    sb.sectorsize > 65536
  )
    return `invalid sector size ${String(sb.sectorsize)}`;
  if (
    !isPowerOfTwo(sb.nodesize) ||
    sb.nodesize < sb.sectorsize ||
    sb.nodesize > 65536
  )
    return `invalid node size ${String(sb.nodesize)}`;
  if (sb.generation < 1) return `invalid generation ${String(sb.generation)}`;
  return null;
}

function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
}

/** Parses "64M", "64MiB", "1G", "512k", "4096" into bytes; null when malformed. */
export function parseSize(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text);
  if (match === null) return null;
  const scale = { '': 1, k: KiB, m: MiB, g: 1024 * MiB, t: 1024 * 1024 * MiB }[
    (match[2] ?? '').toLowerCase()
  ];
  if (scale === undefined) return null;
  const bytes = Number(match[1]) * scale;
  return Number.isSafeInteger(bytes) ? bytes : null;
}
