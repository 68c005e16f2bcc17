// The request that opens the disk image, on its own so the entry (main.tsx) can send it before the page's code
// has loaded: the worker then opens (or makes and formats) the image while the page is still starting.

import { DEFAULT_IMAGE_BYTES } from '@engine';
import type { ImageInfo } from '@engine/protocol';
import type { EngineClient } from './engineClient.ts';

/** A seed for an image made now (the image's fsid; nothing else depends on it). */
export function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0] ?? 1;
}

/** Asks the worker to open the image, making it (DEFAULT_IMAGE_BYTES, a fresh seed) if there is none. */
export function requestImage(client: EngineClient): Promise<ImageInfo> {
  return client.call('openImage', {
    sizeIfNew: DEFAULT_IMAGE_BYTES,
    seed: randomSeed(),
  });
}
