// The OPFS benchmark page's script: starts the worker and exposes window.runOpfsBench for the spec.

import type { OpfsBenchReply, OpfsBenchRequest } from './opfsProtocol.ts';

declare global {
  interface Window {
    runOpfsBench?: (request: OpfsBenchRequest) => Promise<OpfsBenchReply>;
  }
}

window.runOpfsBench = (request) =>
  new Promise((resolve, reject) => {
    const worker = new Worker(
      new URL('./opfsBench.worker.ts', import.meta.url),
      {
        type: 'module',
      },
    );
    worker.onmessage = (event: MessageEvent<OpfsBenchReply>) => {
      worker.terminate();
      resolve(event.data);
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(event.message));
    };
    worker.postMessage(request);
  });
