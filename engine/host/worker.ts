// The engine's Web Worker entry: serves the protocol's method table over postMessage. Impure shell only:
// it owns the OPFS handle and paces nothing itself.

import { DiskError } from '../disk/blockDevice.ts';
import {
  isCurrentProtocol,
  PROTOCOL_VERSION,
  type EngineMethods,
  type ErrnoError,
  type MethodName,
  type Request,
  type Response,
} from '../protocol.ts';
import { ImageSession } from './imageSession.ts';
import { runScenario } from './runSession.ts';

declare const self: DedicatedWorkerGlobalScope;

type Handlers = {
  [M in MethodName]: (
    args: Parameters<EngineMethods[M]>[0],
  ) => Promise<ReturnType<EngineMethods[M]>>;
};

const session = new ImageSession();

const handlers: Handlers = {
  openImage: (args) => session.open(args.sizeIfNew, args.seed),
  resetImage: (args) => session.reset(args.sizeBytes, args.seed),
  releaseImage: () => Promise.resolve({ released: session.release() }),
  runScenario: (args) =>
    Promise.resolve(
      runScenario(args, session, (push) => {
        self.postMessage(push);
      }),
    ),
};

function toErrnoError(error: unknown): ErrnoError {
  if (error instanceof DiskError)
    return { errno: error.errno, message: error.message };
  console.error(error);
  const message = error instanceof Error ? error.message : String(error);
  return { errno: 'EIO', message: `internal engine error: ${message}` };
}

async function serve(request: Request): Promise<Response> {
  if (!isCurrentProtocol(request)) {
    return {
      v: PROTOCOL_VERSION,
      kind: 'res',
      id: request.id,
      ok: false,
      error: {
        errno: 'EINVAL',
        message: `protocol version ${String(request.v)} is not ${String(PROTOCOL_VERSION)}`,
      },
    };
  }
  try {
    const handler = handlers[request.method] as (
      args: unknown,
    ) => Promise<unknown>;
    const value = await handler(request.args);
    return {
      v: PROTOCOL_VERSION,
      kind: 'res',
      id: request.id,
      ok: true,
      value,
    } as Response;
  } catch (error) {
    return {
      v: PROTOCOL_VERSION,
      kind: 'res',
      id: request.id,
      ok: false,
      error: toErrnoError(error),
    };
  }
}

// Requests are served one at a time, in arrival order: the engine is single-threaded and deterministic.
let queue: Promise<void> = Promise.resolve();
self.onmessage = (event: MessageEvent<Request>) => {
  const request = event.data;
  queue = queue.then(async () => {
    self.postMessage(await serve(request));
  });
};
