// Random access into an event log: checkpoints every K events, then apply or undo from the nearest one.
// Seeking never re-runs the simulation and never replays from the start; a streamed run is appended to.

import type { StepEvent } from './events.ts';
import {
  applyEvent,
  cloneState,
  emptyState,
  undoEvent,
  type ReducedState,
} from './reducer.ts';

export class Timeline {
  private readonly checkpoints: ReducedState[] = [];
  private readonly events: StepEvent[] = [];
  /** The state after the last event appended (checkpoints are taken from it). */
  private readonly head: ReducedState = emptyState();
  private cursor: ReducedState = emptyState();

  constructor(
    events: readonly StepEvent[],
    private readonly interval = 256,
  ) {
    this.checkpoints.push(cloneState(this.head));
    this.append(events);
  }

  /** Events received so far. */
  get length(): number {
    return this.events.length;
  }

  /** The events received so far, in seq order (the same array grows as batches are appended). */
  get log(): readonly StepEvent[] {
    return this.events;
  }

  /** The state after the last event received. Owned by the timeline: read it, never change it. */
  get latest(): ReducedState {
    return this.head;
  }

  /** Adds the next events of a run as they arrive (a worker's batch); they must continue the log. */
  append(batch: readonly StepEvent[]): void {
    for (const event of batch) {
      if (event.seq !== this.events.length)
        throw new Error(
          `Timeline: event seq ${String(event.seq)} appended after ${String(this.events.length)} events`,
        );
      this.events.push(event);
      applyEvent(this.head, event);
      if ((event.seq + 1) % this.interval === 0)
        this.checkpoints.push(cloneState(this.head));
    }
  }

  /**
   * The state after event `seq` (-1: before any event), clamped to the events that have arrived. The
   * returned state is owned by the timeline.
   */
  seek(seq: number): ReducedState {
    const target = Math.max(-1, Math.min(seq, this.events.length - 1));
    const distance = Math.abs(target - this.cursor.seq);
    const nearest = this.checkpoints[Math.floor((target + 1) / this.interval)];
    if (nearest !== undefined && Math.abs(target - nearest.seq) < distance)
      this.cursor = cloneState(nearest);
    while (this.cursor.seq < target)
      applyEvent(this.cursor, this.events[this.cursor.seq + 1] as StepEvent);
    while (this.cursor.seq > target)
      undoEvent(this.cursor, this.events[this.cursor.seq] as StepEvent);
    return this.cursor;
  }
}
