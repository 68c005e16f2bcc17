import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import type { BlockDevice } from './blockDevice.ts';
import {
  blockDeviceContract,
  type DeviceFixture,
} from './blockDevice.contract.ts';
import {
  createMemoryMedium,
  MemoryDisk,
  type MemoryMedium,
} from './memoryDisk.ts';
import { NodeFileDisk } from './nodeFileDisk.ts';
import { WriteCache } from './writeCache.ts';

const media = new WeakMap<BlockDevice, MemoryMedium>();
const memory: DeviceFixture = {
  create: (size) => {
    const medium = createMemoryMedium(size);
    const disk = new MemoryDisk(medium);
    media.set(disk, medium);
    return Promise.resolve(disk);
  },
  reopen: (device) => {
    device.close();
    const medium = media.get(device);
    if (medium === undefined) throw new Error('unknown device');
    const disk = new MemoryDisk(medium);
    media.set(disk, medium);
    return Promise.resolve(disk);
  },
};

const dir = mkdtempSync(join(tmpdir(), 'iomapx-disk-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});
let fileCount = 0;
const paths = new WeakMap<BlockDevice, string>();
const file: DeviceFixture = {
  create: (size) => {
    const path = join(dir, `d${String(fileCount++)}.img`);
    const disk = NodeFileDisk.open(path, { createWithSize: size });
    paths.set(disk, path);
    return Promise.resolve(disk);
  },
  reopen: (device) => {
    device.close();
    const path = paths.get(device);
    if (path === undefined) throw new Error('unknown device');
    const disk = NodeFileDisk.open(path);
    paths.set(disk, path);
    return Promise.resolve(disk);
  },
};

const cached: DeviceFixture = {
  create: async (size) => {
    const inner = await memory.create(size);
    const cache = new WriteCache(inner, {
      blockSize: 4096,
      maxRunBytes: 64 * 1024,
    });
    media.set(cache, media.get(inner) as MemoryMedium);
    return cache;
  },
  reopen: async (device) => {
    device.flush();
    const inner = await memory.reopen(device);
    return new WriteCache(inner);
  },
};

for (const [name, fixture] of [
  ['MemoryDisk', memory],
  ['NodeFileDisk', file],
  ['WriteCache over MemoryDisk', cached],
] as const) {
  describe(`BlockDevice contract: ${name}`, () => {
    for (const c of blockDeviceContract) it(c.name, () => c.run(fixture));
  });
}
