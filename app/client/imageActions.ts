// What the page asks of the engine about the disk image, and how the answers land in the store.
// Every action is tracked, so the idle signal covers the store update as well as the worker reply.
// Take-over: a tab that finds the image in use asks the holder over a BroadcastChannel to release it.

import { DEFAULT_IMAGE_BYTES } from '@engine';
import type { ImageInfo } from '@engine/protocol';
import { useAppStore } from '../store/appStore.ts';
import { EngineCallError, type EngineClient } from './engineClient.ts';
import { randomSeed, requestImage } from './imageRequest.ts';

export interface ImageActions {
  open(): Promise<void>;
  /** Lands an open request already sent (by the entry, main.tsx, before the page had loaded). */
  adopt(request: Promise<ImageInfo>): Promise<void>;
  reset(): Promise<void>;
  /** Asks the tab holding the image to release it, then opens it here. */
  takeOver(): Promise<void>;
  /** True while an action is running. */
  busy(): boolean;
}

type ChannelMessage =
  | { readonly type: 'release-request'; readonly from: string }
  | { readonly type: 'released'; readonly to: string };

const CHANNEL = 'iomap-explorer.image';
/** How long to wait for the holder's answer before trying anyway (the holder may be gone). */
const TAKEOVER_WAIT_MS = 3000;

export function createImageActions(client: EngineClient): ImageActions {
  let running = 0;
  const setImage = useAppStore.getState().setImage;
  const me = crypto.randomUUID();
  const channel = new BroadcastChannel(CHANNEL);
  const waiters: (() => void)[] = [];

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

  const adopt = (request: Promise<ImageInfo>) =>
    track(async () => {
      setImage({ kind: 'opening' });
      setImage({ kind: 'ready', info: await request });
    });
  const open = () => adopt(requestImage(client));

  channel.onmessage = (event: MessageEvent<ChannelMessage>) => {
    const message = event.data;
    if (message.type === 'release-request') {
      if (useAppStore.getState().image.kind !== 'ready') return;
      void track(async () => {
        await client.call('releaseImage', {});
        setImage({ kind: 'released' });
        channel.postMessage({
          type: 'released',
          to: message.from,
        } satisfies ChannelMessage);
      });
    } else if (message.to === me) {
      for (const w of waiters.splice(0)) w();
    }
  };

  return {
    open,
    adopt,
    reset: () =>
      track(async () => {
        setImage({ kind: 'opening' });
        const info = await client.call('resetImage', {
          sizeBytes: DEFAULT_IMAGE_BYTES,
          seed: randomSeed(),
        });
        setImage({ kind: 'ready', info });
      }),
    takeOver: () =>
      track(async () => {
        setImage({ kind: 'opening' });
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, TAKEOVER_WAIT_MS);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
          channel.postMessage({
            type: 'release-request',
            from: me,
          } satisfies ChannelMessage);
        });
        await open();
      }),
    busy: () => running > 0,
  };
}
