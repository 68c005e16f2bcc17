// Browser entry, kept small so it runs as soon as the document is parsed. It starts the engine worker and asks
// it to open the disk image first, so the worker's script fetch, compile and start-up and the image's opening
// run beside the download and evaluation of the page's code and React's first render, not after them (a
// worker starts only once the main thread is free to start it, and React's first render is one long task).
// Then it loads the page (page.tsx), whose code and stylesheet index.html already preloads and links
// (scripts/preloadPagePlugin.ts): the app shell is painted before any script has run.

import { EngineClient } from './client/engineClient.ts';
import { requestImage } from './client/imageRequest.ts';

const client = new EngineClient();
const opening = requestImage(client);
// The page lands the answer (a refusal, such as the image being open in another tab, included) once loaded.
opening.catch(() => undefined);
import('./page.tsx').then(
  ({ startPage }) => {
    startPage(client, opening);
  },
  (error: unknown) => {
    const hint = document.querySelector('#root .hint');
    if (hint !== null)
      hint.textContent = `The page could not be loaded (${error instanceof Error ? error.message : String(error)}). Reload to try again.`;
    throw error;
  },
);
