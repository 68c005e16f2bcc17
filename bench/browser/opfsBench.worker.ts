// The OPFS benchmark worker (sync access handles exist only in workers): raw OPFS writes, large and 4 KiB,
// then the engine writing the same volume and writing it back to an OpfsDisk image, in the same worker.

import { writepages } from '../../engine/btrfs/writeback.ts';
import { OpfsDisk } from '../../engine/disk/opfsDisk.ts';
import { WriteCache } from '../../engine/disk/writeCache.ts';
import { UserBuffer } from '../../engine/iomap/userBuffer.ts';
import { VARIANTS } from '../../engine/variants/registry.ts';
import { benchFs, deviceBytesFor } from '../benchFs.ts';
import {
  LARGE_WRITE,
  type OpfsBenchReply,
  type OpfsBenchRequest,
  type OpfsBenchResult,
} from './opfsProtocol.ts';

/** The dedicated worker's global scope, as far as this file uses it. */
declare const self: {
  onmessage: ((event: MessageEvent<OpfsBenchRequest>) => void) | null;
  postMessage(message: OpfsBenchReply): void;
};

const RAW_FILE = 'iomap-bench-raw.img';
const ENGINE_FILE = 'iomap-bench-engine.img';
const BLOCK = 4096;

function seconds(t0: number): number {
  return (performance.now() - t0) / 1000;
}

/** Writes `bytes` in `piece`-sized writes to a fresh OPFS file, flushes; returns the seconds it took. */
async function rawWrite(bytes: number, piece: number): Promise<number> {
  await OpfsDisk.remove(RAW_FILE);
  const root = await navigator.storage.getDirectory();
  const file = await root.getFileHandle(RAW_FILE, { create: true });
  const handle = await file.createSyncAccessHandle();
  try {
    const data = new Uint8Array(piece).fill(7);
    const t0 = performance.now();
    for (let at = 0; at < bytes; at += piece) handle.write(data, { at });
    handle.flush();
    return seconds(t0);
  } finally {
    handle.close();
    await OpfsDisk.remove(RAW_FILE);
  }
}

async function engineWrite(
  bytes: number,
): Promise<{ write: number; writeback: number }> {
  await OpfsDisk.remove(ENGINE_FILE);
  const { disk } = await OpfsDisk.open(ENGINE_FILE, {
    sizeIfNew: deviceBytesFor(bytes),
  });
  const device = new WriteCache(disk);
  try {
    const b = benchFs({ existing: 0, trace: false, device });
    const t0 = performance.now();
    for (let op = 0; op * BLOCK < bytes; op++) {
      const pos = op * BLOCK;
      const buf = new UserBuffer(BLOCK, 'op-index', op);
      const r = VARIANTS.srcmap.bufferedWrite(
        { fs: b.sim.fs, entry: b.file, buf, base: pos },
        pos,
        BLOCK,
      );
      if (!r.ok) throw new Error(`engine write failed: ${r.error.message}`);
    }
    const write = seconds(t0);
    const t1 = performance.now();
    writepages(b.sim.fs, b.file, true);
    device.flush();
    return { write, writeback: seconds(t1) };
  } finally {
    device.close();
    await OpfsDisk.remove(ENGINE_FILE);
  }
}

async function run(request: OpfsBenchRequest): Promise<OpfsBenchResult> {
  const rawLargeSeconds = await rawWrite(request.bytes, LARGE_WRITE);
  const rawSmallSeconds = await rawWrite(request.bytes, BLOCK);
  const engine = await engineWrite(request.bytes);
  return {
    bytes: request.bytes,
    rawLargeSeconds,
    rawSmallSeconds,
    engineWriteSeconds: engine.write,
    engineWritebackSeconds: engine.writeback,
  };
}

self.onmessage = (event) => {
  run(event.data).then(
    (result) => {
      self.postMessage({ ok: true, result });
    },
    (error: unknown) => {
      self.postMessage({
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      });
    },
  );
};
