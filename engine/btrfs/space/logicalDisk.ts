// btrfs_map_block as a BlockDevice: logical addresses (what extents, tree nodes and block groups name) are
// mapped through the chunk map to the device, piece by piece across chunk boundaries. A write goes to every
// stripe (both copies of DUP), a read comes from the first; an address no chunk maps is an engine bug.

import { InvariantError } from '../../core/assert.ts';
import type { BlockDevice } from '../../disk/blockDevice.ts';
import type { ChunkMap } from './chunkMap.ts';

export class LogicalDisk implements BlockDevice {
  /** Told the logical range of every write (the incremental data oracle watches where data lands). */
  onWrite: ((offset: number, length: number) => void) | null = null;

  constructor(
    private readonly chunks: ChunkMap,
    /** The physical device (or the write cache in front of it). */
    readonly device: BlockDevice,
  ) {}

  /** Calls `fn` for each piece of [at, at + length) inside one chunk, with the piece's stripe offsets. */
  private each(
    at: number,
    length: number,
    fn: (done: number, n: number, stripes: readonly number[]) => void,
  ): void {
    for (let done = 0; done < length;) {
      const here = at + done;
      const chunk = this.chunks.find(here);
      if (chunk === undefined)
        throw new InvariantError(
          `logical address ${String(here)} is in no chunk (range [${String(at)}, +${String(length)}))`,
        );
      const n = Math.min(length - done, chunk.start + chunk.length - here);
      fn(
        done,
        n,
        chunk.stripes.map((s) => s + (here - chunk.start)),
      );
      done += n;
    }
  }

  read(offset: number, buf: Uint8Array): void {
    this.each(offset, buf.length, (done, n, stripes) => {
      this.device.read(stripes[0] as number, buf.subarray(done, done + n));
    });
  }

  write(offset: number, data: Uint8Array): void {
    this.onWrite?.(offset, data.length);
    this.each(offset, data.length, (done, n, stripes) => {
      for (const s of stripes)
        this.device.write(s, data.subarray(done, done + n));
    });
  }

  flush(): void {
    this.device.flush();
  }

  /** The logical address space ends where the highest chunk ends. */
  size(): number {
    return this.chunks.nextLogical();
  }

  close(): void {
    this.device.close();
  }
}
