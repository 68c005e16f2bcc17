// The image a worker holds: one OPFS file behind a volatile write cache, mounted or freshly formatted.
// Worker-only; the one place where the engine meets browser storage. Runs borrow its device.

import { DiskError } from '../disk/blockDevice.ts';
import { formatImage, readImage } from '../disk/format/image.ts';
import { formatSize } from '../core/units.ts';
import { OpfsDisk } from '../disk/opfsDisk.ts';
import { WriteCache } from '../disk/writeCache.ts';
import type { ImageInfo } from '../protocol.ts';

export const IMAGE_FILE_NAME = 'iomap-explorer.img';

/** The image's device for one run, or why the run cannot use it. */
export type Lease =
  | { readonly ok: true; readonly device: WriteCache }
  | { readonly ok: false; readonly reason: string };

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class ImageSession {
  private device: WriteCache | null = null;
  private info: ImageInfo | null = null;
  /** Why there is no device, in words for the page. */
  private unavailable = 'the disk image is not open';

  async open(sizeIfNew: number, seed: number): Promise<ImageInfo> {
    if (this.info !== null) return this.info;
    let opened;
    try {
      opened = await OpfsDisk.open(IMAGE_FILE_NAME, { sizeIfNew });
    } catch (error) {
      this.unavailable =
        error instanceof DiskError && error.errno === 'EBUSY'
          ? 'the disk image is open in another tab'
          : `the disk image could not be opened (${messageOf(error)})`;
      throw error;
    }
    const { disk, created } = opened;
    const device = new WriteCache(disk);
    try {
      if (created) {
        const made = formatImage(device, { seed });
        if (!made.ok) throw new DiskError(made.error.errno, made.error.message);
      }
      const info = describe(device, null, null);
      this.info = {
        ...info,
        opened: { created, generation: info.generation, fsid: info.fsid },
      };
      this.device = device;
      return this.info;
    } catch (error) {
      device.close();
      this.unavailable = `the disk image cannot be mounted (${messageOf(error)})`;
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
    this.unavailable = 'another tab took the disk image over';
    if (device === null) return false;
    try {
      device.flush();
    } finally {
      device.close();
    }
    return true;
  }

  /** The device for a run that needs `deviceSize` bytes, or the sentence saying why not. */
  lease(deviceSize: number): Lease {
    const device = this.device;
    if (device === null) return { ok: false, reason: this.unavailable };
    if (device.size() < deviceSize)
      return {
        ok: false,
        reason: `this scenario needs a ${formatSize(deviceSize)} disk; the ${formatSize(device.size())} image is not used for this run`,
      };
    return { ok: true, device };
  }

  /**
   * After a run on the image: write back what its disk cache still holds, so the image keeps exactly what the
   * run left (and the next run starts from a clean cache), then describe the filesystem it made.
   */
  settle(writtenBy: string): ImageInfo {
    const device = this.device;
    if (device === null) throw new Error('settle() without an open image');
    device.flush();
    this.info = describe(device, this.info?.opened ?? null, writtenBy);
    return this.info;
  }
}

function describe(
  device: WriteCache,
  opened: ImageInfo['opened'] | null,
  writtenBy: string | null,
): ImageInfo {
  const mounted = readImage(device);
  if (!mounted.ok)
    throw new DiskError(mounted.error.errno, mounted.error.message);
  const sb = mounted.value.superblock;
  return {
    name: IMAGE_FILE_NAME,
    sizeBytes: sb.totalBytes,
    generation: sb.generation,
    fsid: sb.fsid,
    sectorsize: sb.sectorsize,
    nodesize: sb.nodesize,
    opened: opened ?? {
      created: false,
      generation: sb.generation,
      fsid: sb.fsid,
    },
    superblockCopy: mounted.value.copy,
    damagedCopies: mounted.value.damagedCopies,
    writtenBy,
  };
}
