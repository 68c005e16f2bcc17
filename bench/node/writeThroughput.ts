// Engine write throughput in Node: 4 KiB buffered writes through the design's whole write path
// (iomap_file_buffered_write, ->iomap_begin reservations and extent locking, write_begin, the copy,
// write_end, ->iomap_end), sequential with tracing off and on, random overwrites, and writeback of the
// dirty pages to a file-backed disk.

import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writepages } from '../../engine/btrfs/writeback.ts';
import { createRng } from '../../engine/core/rng.ts';
import { MemoryDisk } from '../../engine/disk/memoryDisk.ts';
import { NodeFileDisk } from '../../engine/disk/nodeFileDisk.ts';
import { UserBuffer } from '../../engine/iomap/userBuffer.ts';
import { VARIANTS } from '../../engine/variants/registry.ts';
import { benchFs, deviceBytesFor, type BenchFs } from '../benchFs.ts';
import { timed } from '../stats.ts';

const BLOCK = 4096;
/** With tracing on, events are taken away in batches of this many writes, as the worker host streams them. */
const DRAIN_EVERY = 4096;

export interface WriteRun {
  readonly bytes: number;
  readonly ops: number;
  readonly seconds: number;
  /** CPU seconds of the run (on a shared machine, the wall clock also counts other work). */
  readonly cpuSeconds: number;
  /** Step events recorded (0 with tracing off). */
  readonly events: number;
}

/** One 4 KiB write at `pos` through the srcmap design's buffered write path. */
function write4k(b: BenchFs, pos: number, op: number): void {
  const buf = new UserBuffer(BLOCK, 'op-index', op);
  const r = VARIANTS.srcmap.bufferedWrite(
    { fs: b.sim.fs, entry: b.file, buf, base: pos },
    pos,
    BLOCK,
  );
  if (!r.ok || r.value !== BLOCK)
    throw new Error(
      `bench write at ${String(pos)} failed: ${r.ok ? `short (${String(r.value)})` : r.error.message}`,
    );
}

function sequential(b: BenchFs, bytes: number): WriteRun {
  const events = b.sim.fs.rec.events;
  let recorded = 0;
  const { seconds, cpuSeconds } = timed(() => {
    for (let op = 0; op * BLOCK < bytes; op++) {
      write4k(b, op * BLOCK, op);
      if (op % DRAIN_EVERY === DRAIN_EVERY - 1) {
        recorded += events.length;
        events.length = 0;
      }
    }
  });
  recorded += events.length;
  events.length = 0;
  return { bytes, ops: bytes / BLOCK, seconds, cpuSeconds, events: recorded };
}

export interface SequentialResult {
  readonly writes: WriteRun;
  /** writepages with wait, then the device flush (fsync of the image file). */
  readonly writeback: {
    readonly bytes: number;
    readonly seconds: number;
    readonly cpuSeconds: number;
  };
}

/** Sequential 4 KiB writes of `bytes` with tracing off, then writeback to an image file in the temp dir. */
export function sequentialUntraced(bytes: number): SequentialResult {
  const path = join(
    tmpdir(),
    `iomap-bench-${String(process.pid)}-writeback.img`,
  );
  const device = NodeFileDisk.open(path, {
    createWithSize: deviceBytesFor(bytes),
  });
  try {
    const b = benchFs({ existing: 0, trace: false, device });
    const writes = sequential(b, bytes);
    const wb = timed(() => {
      writepages(b.sim.fs, b.file, true);
      device.flush();
    });
    return {
      writes,
      writeback: { bytes, seconds: wb.seconds, cpuSeconds: wb.cpuSeconds },
    };
  } finally {
    device.close();
    rmSync(path, { force: true });
  }
}

/** Sequential 4 KiB writes of `bytes` with every step event recorded. */
export function sequentialTraced(bytes: number): WriteRun {
  const device = MemoryDisk.create(deviceBytesFor(bytes));
  return sequential(benchFs({ existing: 0, trace: true, device }), bytes);
}

/** One 4 KiB overwrite per 4 KiB of a `fileBytes` file already on disk, at seeded random aligned offsets. */
export function randomOverwrites(fileBytes: number): WriteRun {
  const blocks = fileBytes / BLOCK;
  const device = MemoryDisk.create(deviceBytesFor(fileBytes * 2));
  const b = benchFs({
    existing: fileBytes,
    trace: false,
    device,
  });
  const rng = createRng(7);
  const { seconds, cpuSeconds } = timed(() => {
    for (let op = 0; op < blocks; op++) write4k(b, rng.int(blocks) * BLOCK, op);
  });
  return { bytes: fileBytes, ops: blocks, seconds, cpuSeconds, events: 0 };
}
