// The benchmark filesystems hold the data the benchmarks write: a file written sequentially to the size a
// device was sized for never meets ENOSPC (at 48 to 64 MiB it did when a fixed share of the device was
// counted for data chunks).

import { describe, expect, it } from 'vitest';
import { writepages } from '../engine/btrfs/writeback.ts';
import { MemoryDisk } from '../engine/disk/memoryDisk.ts';
import { UserBuffer } from '../engine/iomap/userBuffer.ts';
import { VARIANTS } from '../engine/variants/registry.ts';
import { benchFs, deviceBytesFor } from './benchFs.ts';

const MiB = 1024 * 1024;
const PIECE = MiB;

describe('deviceBytesFor', () => {
  it.each([48, 64])(
    'a %i MiB file written in 1 MiB pieces and written back fits',
    (mib) => {
      const bytes = mib * MiB;
      const device = MemoryDisk.create(deviceBytesFor(bytes));
      const b = benchFs({ existing: 0, trace: false, device });
      for (let pos = 0; pos < bytes; pos += PIECE) {
        const buf = new UserBuffer(PIECE, 'op-index', pos / PIECE);
        const r = VARIANTS.srcmap.bufferedWrite(
          { fs: b.sim.fs, entry: b.file, buf, base: pos },
          pos,
          PIECE,
        );
        expect(r).toEqual({ ok: true, value: PIECE });
      }
      writepages(b.sim.fs, b.file, true);
      expect(b.file.inode.isize).toBe(bytes);
      expect(b.sim.fs.data.used).toBe(bytes);
    },
  );
});
