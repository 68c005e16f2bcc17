// The image a worker holds: one OPFS file behind a volatile write cache, mounted or freshly formatted.
// Worker-only; the one place where the engine meets browser storage.

import { DiskError } from '../disk/blockDevice.ts';
import { formatImage, readImage } from '../disk/format/image.ts';
import { OpfsDisk } from '../disk/opfsDisk.ts';
import { WriteCache } from '../disk/writeCache.ts';
import type { ImageInfo } from '../protocol.ts';

export const IMAGE_FILE_NAME = 'iomap-explorer.img';

export class ImageSession {
  private device: WriteCache | null = null;
  private info: ImageInfo | null = null;

  async open(sizeIfNew: number, seed: number): Promise<ImageInfo> {
    if (this.info !== null) return this.info;
    const { disk, created } = await OpfsDisk.open(IMAGE_FILE_NAME, {
      sizeIfNew,
    });
    const device = new WriteCache(disk);
    try {
      if (created) {
        const made = formatImage(device, { seed });
        if (!made.ok) throw new DiskError(made.error.errno, made.error.message);
      }
      const mounted = readImage(device);
      if (!mounted.ok)
        throw new DiskError(mounted.error.errno, mounted.error.message);
      const sb = mounted.value.superblock;
      this.device = device;
      this.info = {
        name: IMAGE_FILE_NAME,
        sizeBytes: sb.totalBytes,
        generation: sb.generation,
        fsid: sb.fsid,
        sectorsize: sb.sectorsize,
        nodesize: sb.nodesize,
        created,
        superblockCopy: mounted.value.copy,
        damagedCopies: mounted.value.damagedCopies,
      };
      return this.info;
    } catch (error) {
      device.close();
      throw error;
    }
  }

  async reset(sizeBytes: number, seed: number): Promise<ImageInfo> {
    this.release();
    await OpfsDisk.remove(IMAGE_FILE_NAME);
    return this.open(sizeBytes, seed);
  }

  /** Flushes and closes the image; returns false when nothing was open. */
  release(): boolean {
    const device = this.device;
    this.device = null;
    this.info = null;
    if (device === null) return false;
    try {
      device.flush();
    } finally {
      device.close();
    }
    return true;
  }
}
