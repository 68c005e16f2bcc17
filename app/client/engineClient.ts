// The page's side of the worker protocol. Lives outside React: it owns the Worker, matches replies to
// requests by id, and reports whether anything is in flight (the idle signal tests wait on).

import EngineWorker from '@engine/host/worker?worker';
import {
  isCurrentProtocol,
  PROTOCOL_VERSION,
  type ErrnoError,
  type MethodArgs,
  type MethodName,
  type MethodResult,
  type Request,
  type Response,
  type RunStreamPush,
  type WorkerMessage,
} from '@engine/protocol';

/** A failed engine call, carrying the errno and the engine's sentence. */
export class EngineCallError extends Error {
  override readonly name = 'EngineCallError';
  constructor(readonly error: ErrnoError) {
    super(error.message);
  }
}

interface Pending {
  readonly resolve: (value: never) => void;
  readonly reject: (error: EngineCallError) => void;
}

export class EngineClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private idleWaiters: (() => void)[] = [];
  /** Receives every push of a run in progress (the run registry appends the batches). */
  onEvents: (push: RunStreamPush) => void = () => undefined;

  constructor() {
    this.worker = new EngineWorker();
    this.worker.onmessage = (event: MessageEvent<WorkerMessage>) => {
      this.receive(event.data);
    };
    this.worker.onerror = (event) => {
      this.failAll({
        errno: 'EIO',
        message: `the engine worker failed: ${event.message}`,
      });
    };
  }

  call<M extends MethodName>(
    method: M,
    args: MethodArgs<M>,
  ): Promise<MethodResult<M>> {
    const id = this.nextId++;
    const request: Request<M> = {
      v: PROTOCOL_VERSION,
      kind: 'req',
      id,
      method,
      args,
    };
    return new Promise<MethodResult<M>>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage(request);
    });
  }

  idle(): boolean {
    return this.pending.size === 0;
  }

  /** Resolves once no request is in flight. */
  whenIdle(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private receive(message: WorkerMessage): void {
    if (!isCurrentProtocol(message))
      throw new Error(
        `engine protocol mismatch: message v${String(message.v)} is not v${String(PROTOCOL_VERSION)}`,
      );
    if (message.kind !== 'res') {
      this.onEvents(message);
      return;
    }
    this.reply(message);
  }

  private reply(message: Response): void {
    const entry = this.pending.get(message.id);
    if (entry === undefined) {
      throw new Error(
        `engine protocol mismatch: reply ${String(message.id)} matches no request`,
      );
    }
    this.pending.delete(message.id);
    if (message.ok) (entry.resolve as (value: unknown) => void)(message.value);
    else entry.reject(new EngineCallError(message.error));
    // Let the caller's continuation update the store before idle waiters run.
    queueMicrotask(() => {
      this.notifyIdle();
    });
  }

  private failAll(error: ErrnoError): void {
    for (const entry of this.pending.values())
      entry.reject(new EngineCallError(error));
    this.pending.clear();
    this.notifyIdle();
  }

  private notifyIdle(): void {
    if (this.pending.size > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
