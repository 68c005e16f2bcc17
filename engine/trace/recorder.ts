// Records step events as the engine runs: the call stack, the simulated clock, and the record changes
// waiting to be attached to the next event. With tracing off it records nothing and costs little: a note
// may be given as a function, built only when the event is really recorded.

import type {
  EventBase,
  EventPayload,
  StepEvent,
  StepEventKind,
} from './events.ts';
import type { RecordChange, TableName, TableTypes } from './records.ts';

/** A narration, or a function that builds it (called only when tracing is on). */
export type Note = string | (() => string);

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

  /**
   * Called before every recorded event: a subclass that reports a filesystem's state by comparing it with
   * what it last reported queues its record changes here (engine/sim/xfsRecords.ts).
   */
  protected beforeEvent(): void {
    // The btrfs model queues its changes where it makes them; nothing to compare.
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
    // One by one: spreading a whole filesystem's records into push() overflows the call stack.
    for (const c of changes) this.pending.push(c);
  }

  emit<K extends StepEventKind>(
    kind: K,
    payload: EventPayload<K>,
    note: Note,
  ): void {
    this.record(kind, payload, note, false);
  }

  /** Emits an event; with `holdChanges` the queued record changes wait for the next event. */
  private record<K extends StepEventKind>(
    kind: K,
    payload: EventPayload<K>,
    note: Note,
    holdChanges: boolean,
  ): void {
    if (!this.enabled) return;
    this.beforeEvent();
    if (this.seq === this.cutBefore)
      throw new PowerCutSignal(this.seq, [...this.stack]);
    const seq = this.seq++;
    const depth = this.stack.length;
    const kfn = this.stack[depth - 1] ?? '';
    const text = typeof note === 'string' ? note : note();
    // One object per event, its keys in the order of EventBase then kind then payload (the golden logs'
    // byte order): changes only when there are some.
    let event: EventBase;
    if (this.pending.length > 0 && !holdChanges) {
      event = {
        seq,
        t: this.time,
        depth,
        kfn,
        op: this.op,
        note: text,
        changes: this.pending,
        kind,
        ...payload,
      };
      this.pending = [];
    } else
      event = {
        seq,
        t: this.time,
        depth,
        kfn,
        op: this.op,
        note: text,
        kind,
        ...payload,
      };
    this.events.push(event as StepEvent);
    this.time += 1;
  }

  /** After a power cut: close the frames that were open (they never return), innermost first. */
  abandon(frames: readonly string[], note: string): void {
    for (const fn of frames) this.stack.push(fn);
    for (let fn = this.stack.pop(); fn !== undefined; fn = this.stack.pop())
      this.emit('call.exit', { fn }, note);
  }

  /**
   * Runs `body` inside a kernel-function frame: call.enter ... call.exit. A call that emits nothing of its
   * own (a fast path) leaves its record changes to the caller's next event, the one that narrates them.
   */
  call<R>(fn: string, note: Note, body: () => R): R {
    if (!this.enabled) return body();
    this.emit('call.enter', { fn }, note);
    const inside = this.seq;
    this.stack.push(fn);
    try {
      return body();
    } finally {
      this.stack.pop();
      this.record(
        'call.exit',
        { fn },
        `return from ${fn}`,
        this.seq === inside,
      );
    }
  }
}
