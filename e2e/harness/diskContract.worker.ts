// Runs the BlockDevice contract against OpfsDisk inside a worker (sync access handles exist only there)
// and posts one result per case.

import type { BlockDevice } from '../../engine/disk/blockDevice.ts';
import {
  blockDeviceContract,
  type DeviceFixture,
} from '../../engine/disk/blockDevice.contract.ts';
import { OpfsDisk } from '../../engine/disk/opfsDisk.ts';

declare const self: DedicatedWorkerGlobalScope;

export interface CaseResult {
  readonly name: string;
  readonly ok: boolean;
  readonly error?: string;
}

const names = new WeakMap<BlockDevice, string>();
let count = 0;

const opfs: DeviceFixture = {
  async create(size) {
    const name = `contract-${String(count++)}.img`;
    await OpfsDisk.remove(name);
    const { disk } = await OpfsDisk.open(name, { sizeIfNew: size });
    names.set(disk, name);
    return disk;
  },
  async reopen(device) {
    const name = names.get(device);
    if (name === undefined) throw new Error('unknown device');
    device.close();
    const { disk, created } = await OpfsDisk.open(name, { sizeIfNew: 1 });
    if (created) throw new Error('the reopened OPFS file was empty');
    names.set(disk, name);
    return disk;
  },
};

self.onmessage = async () => {
  const results: CaseResult[] = [];
  for (const c of blockDeviceContract) {
    try {
      await c.run(opfs);
      results.push({ name: c.name, ok: true });
    } catch (error) {
      results.push({
        name: c.name,
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  self.postMessage(results);
};
