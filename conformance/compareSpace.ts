// Holds the engine's space machinery to the kernel's: mkfs's starting chunks on several image sizes (type,
// profile, logical range, stripes), and fills to the first ENOSPC: the bytes written before it within
// FILL_TOLERANCE, the chunks it left (type, profile and size, in allocation order), the space_info totals
// after a sync, and the global reserve within FILL_TOLERANCE.

import type { VariantId } from '../engine/scenario/types.ts';
import { DifferenceList, type Difference } from './difference.ts';
import {
  engineChunks,
  engineFill,
  engineSpace,
  freshEngineFs,
} from './engineFill.ts';
import type { FillFixture, KernelChunk, MkfsLayoutFixture } from './fixture.ts';

/** Bytes before the first ENOSPC may differ from the kernel's by this share of the kernel's figure. */
export const FILL_TOLERANCE = 0.05;

const MiB = 1024 * 1024;

function size(bytes: number): string {
  return bytes % MiB === 0
    ? `${String(bytes / MiB)}M`
    : `${(bytes / MiB).toFixed(4)}M`;
}

/** "DATA single 32M, METADATA DUP 6M, ..." in logical (allocation) order. */
export function describeChunkSizes(chunks: readonly KernelChunk[]): string {
  return chunks
    .map(
      (c) =>
        `${c.type} ${c.profile === 'dup' ? 'DUP' : 'single'} ${size(c.length)}`,
    )
    .join(', ');
}

/** Each chunk with where it lives: "DATA single 8M at 13M (13M)". */
function describePlacement(chunks: readonly KernelChunk[]): string {
  return chunks
    .map(
      (c) =>
        `${c.type} ${c.profile} ${size(c.length)} at ${size(c.logical)} (${c.stripes.map(size).join(' ')})`,
    )
    .join(', ');
}

/** A fill stopped for want of space: ENOSPC, or a write that came back short. */
function outOfSpace(error: string): string {
  return error === 'ENOSPC' || error === 'short' ? 'out of space' : error;
}

export function compareMkfs(fixture: MkfsLayoutFixture): Difference[] {
  const differences = new DifferenceList(fixture.id);
  for (const k of fixture.layouts) {
    const fs = freshEngineFs(k.imageBytes, 'srcmap').fs;
    const at = size(k.imageBytes);
    differences.compare(
      null,
      `${at}.chunks`,
      describePlacement(k.chunks),
      describePlacement(engineChunks(fs)),
    );
    differences.compare(
      null,
      `${at}.deviceBytesUsed`,
      String(k.deviceBytesUsed),
      String(fs.space.chunks.allocated()),
    );
    const e = engineSpace(fs);
    for (const kind of ['data', 'metadata', 'system'] as const)
      differences.compare(
        null,
        `${at}.${kind}.total`,
        String(k.space[kind].total),
        String(e[kind].total),
      );
    differences.compare(
      null,
      `${at}.globalReserve`,
      String(k.space.globalReserve.size),
      String(e.globalReserve.size),
    );
  }
  return differences.all;
}

export function compareFill(
  fixture: FillFixture,
  variant: VariantId,
): Difference[] {
  const differences = new DifferenceList(fixture.id);
  const e = engineFill(
    fixture.imageBytes,
    fixture.writeBytes,
    fixture.stride,
    variant,
  );
  const k = fixture.bytesWritten;
  const off = Math.abs(e.bytesWritten - k) / k;
  if (off > FILL_TOLERANCE)
    differences.compare(
      null,
      'bytesWritten',
      String(k),
      `${String(e.bytesWritten)} (${(off * 100).toFixed(1)}% off, more than ${String(FILL_TOLERANCE * 100)}%)`,
    );
  differences.compare(
    null,
    'error',
    outOfSpace(fixture.error),
    outOfSpace(e.error),
  );
  differences.compare(
    null,
    'chunks',
    describeChunkSizes(fixture.after.chunks),
    describeChunkSizes(e.chunks),
  );
  for (const kind of ['data', 'metadata', 'system'] as const)
    differences.compare(
      null,
      `${kind}.total`,
      String(fixture.after.space[kind].total),
      String(e.space[kind].total),
    );
  // The reserve is sized from the trees' bytes at the last new block group, which vary a little from run to
  // run on Linux itself (two 1 GiB scattered fills on 6.18: 18,464,768 and 18,481,152 bytes).
  const kr = fixture.after.space.globalReserve.size;
  const er = e.space.globalReserve.size;
  const rsvOff = Math.abs(er - kr) / kr;
  if (rsvOff > FILL_TOLERANCE)
    differences.compare(
      null,
      'globalReserve',
      String(kr),
      `${String(er)} (${(rsvOff * 100).toFixed(1)}% off, more than ${String(FILL_TOLERANCE * 100)}%)`,
    );
  return differences.all;
}
