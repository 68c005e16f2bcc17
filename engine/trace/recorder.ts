// Records step events as the engine runs: the call stack, the simulated clock, and the record changes
// waiting to be attached to the next event. With tracing off it records nothing and costs little.

import type {
  EventBase,
  EventPayload,
  StepEvent,
  StepEventKind,
} from './events.ts';
import type { RecordChange, TableName, TableTypes } from './records.ts';

/** Thrown by emit() at the event chosen for a simulated power cut; the simulation catches it. */
export class PowerCutSignal extends Error {
  constructor(
    readonly seq: number,
    /** The kernel-function frames open at the cut, outermost first. */
    readonly frames: readonly string[],
  ) {
    super(`power cut before event ${String(seq)}`);
  }
}

export class Recorder {
  readonly events: StepEvent[] = [];
  /** Index of the scenario operation in progress. */
  op = -1;
  private pending: RecordChange[] = [];
  private readonly stack: string[] = [];
  private seq = 0;
  private time = 0;
  private muted = 0;
  /** Throw PowerCutSignal instead of emitting the event with this seq (-1: never). */
  cutBefore = -1;

  constructor(private readonly tracing: boolean) {}

  /** True when events and record changes are being recorded (tracing on and not muted). */
  get enabled(): boolean {
    return this.tracing && this.muted === 0;
  }

  /** Runs `body` recording nothing (building or mounting a filesystem whose state is reported whole). */
  mute<R>(body: () => R): R {
    this.muted++;
    try {
      return body();
    } finally {
      this.muted--;
    }
  }

  /** Advances the simulated clock (device latency, waits). */
  advance(us: number): void {
    this.time += us;
  }

  /** Queues a record change; it is attached to the next emitted event. */
  change<T extends TableName>(
    table: T,
    key: string,
    before: TableTypes[T] | null,
    after: TableTypes[T] | null,
  ): void {
    if (!this.enabled) return;
    this.pending.push({ table, key, before, after } as RecordChange);
  }

  /** Queues ready-made record changes (a whole filesystem appearing or being replaced). */
  changeAll(changes: readonly RecordChange[]): void {
    if (!this.enabled) return;
    this.pending.push(...changes);
  }

  emit<K extends StepEventKind>(
    kind: K,
    payload: EventPayload<K>,
    note: string,
  ): void {
    if (!this.enabled) return;
    if (this.seq === this.cutBefore)
      throw new PowerCutSignal(this.seq, [...this.stack]);
    const base: EventBase = {
      seq: this.seq++,
      t: this.time,
      depth: this.stack.length,
      kfn: this.stack[this.stack.length - 1] ?? '',
      op: this.op,
      note,
      ...(this.pending.length > 0 ? { changes: this.pending } : {}),
    };
    if (this.pending.length > 0) this.pending = [];
    this.events.push({ ...base, kind, ...payload } as StepEvent);
    this.time += 1;
  }

  /** After a power cut: close the frames that were open (they never return), innermost first. */
  abandon(frames: readonly string[], note: string): void {
    this.stack.push(...frames);
    for (let fn = this.stack.pop(); fn !== undefined; fn = this.stack.pop())
      this.emit('call.exit', { fn }, note);
  }

  /** Runs `body` inside a kernel-function frame: call.enter ... call.exit. */
  call<R>(fn: string, note: string, body: () => R): R {
    if (!this.enabled) return body();
    this.emit('call.enter', { fn }, note);
    this.stack.push(fn);
    try {
      return body();
    } finally {
      this.stack.pop();
      this.emit('call.exit', { fn }, `return from ${fn}`);
    }
  }
}
