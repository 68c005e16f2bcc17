// What the page asks of the engine about the disk image, and how the answers land in the store.
// Every action is tracked, so the idle signal covers the store update as well as the worker reply.

import { DEFAULT_IMAGE_BYTES } from '@engine';
import { useAppStore } from '../store/appStore.ts';
import { EngineCallError, type EngineClient } from './engineClient.ts';

export interface ImageActions {
  open(): Promise<void>;
  reset(): Promise<void>;
  /** True while an action is running. */
  busy(): boolean;
}

function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0] ?? 1;
}

export function createImageActions(client: EngineClient): ImageActions {
  let running = 0;
  const setImage = useAppStore.getState().setImage;

  async function track(body: () => Promise<void>): Promise<void> {
    running++;
    try {
      await body();
    } catch (error) {
      if (!(error instanceof EngineCallError)) throw error;
      setImage({ kind: 'error', error: error.error });
    } finally {
      running--;
    }
  }

  return {
    open: () =>
      track(async () => {
        setImage({ kind: 'opening' });
        const info = await client.call('openImage', {
          sizeIfNew: DEFAULT_IMAGE_BYTES,
          seed: randomSeed(),
        });
        setImage({ kind: 'ready', info });
      }),
    reset: () =>
      track(async () => {
        setImage({ kind: 'opening' });
        const info = await client.call('resetImage', {
          sizeBytes: DEFAULT_IMAGE_BYTES,
          seed: randomSeed(),
        });
        setImage({ kind: 'ready', info });
      }),
    busy: () => running > 0,
  };
}
