// maxDataChunkSize says what planChunk makes for a data chunk on a device with room to spare, so the setup's
// "does not fit" message and the chunk allocator never disagree.

import { describe, expect, it } from 'vitest';
import { Recorder } from '../../trace/recorder.ts';
import { ChunkMap } from './chunkMap.ts';
import { maxDataChunkSize, planChunk } from './chunkSize.ts';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

describe('maxDataChunkSize', () => {
  it.each([
    [64 * MiB, 16 * MiB],
    [704 * MiB, 80 * MiB],
    [GiB, 112 * MiB],
    [8 * GiB, 832 * MiB],
    [20 * GiB, GiB],
    [100 * GiB, GiB],
  ])(
    'a %d-byte device makes data chunks of at most %d bytes',
    (device, want) => {
      expect(maxDataChunkSize(device)).toBe(want);
      const plan = planChunk(
        'data',
        'single',
        new ChunkMap(device, new Recorder(false)),
      );
      expect(plan?.stripeSize).toBe(want);
    },
  );
});
