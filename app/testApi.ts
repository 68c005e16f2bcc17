// window.__sim: the hooks end-to-end tests use instead of timed waits.

import type { EngineClient } from './client/engineClient.ts';
import type { ImageActions } from './client/imageActions.ts';

export interface SimTestApi {
  /** Resolves when no engine request and no app action is in flight. */
  waitForIdle(): Promise<void>;
}

declare global {
  interface Window {
    __sim?: SimTestApi;
  }
}

export function installTestApi(
  client: EngineClient,
  actions: ImageActions,
): void {
  window.__sim = {
    async waitForIdle() {
      for (;;) {
        await client.whenIdle();
        // One macrotask lets pending continuations (store updates, React commits) run.
        await new Promise<void>((resolve) => {
          setTimeout(resolve, 0);
        });
        if (client.idle() && !actions.busy()) return;
      }
    },
  };
}
