// Random access into an event log: checkpoints as it grows, then apply or undo from the nearest one.
// Seeking never re-runs the simulation and never replays from the start; a streamed run is appended to.
// A checkpoint copies the whole state, so they are spaced at least `interval` events apart and at least
// half as many events as the state has records: all of them together hold at most about twice as many
// records as the log has events (a fixed spacing made a long trace of a growing state quadratic), and a
// seek clones one checkpoint and reduces at most that many events.

import type { StepEvent } from './events.ts';
import { TABLE_NAMES } from './records.ts';
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
  /** Events appended since the last checkpoint. */
  private sinceCheckpoint = 0;

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
      if (
        ++this.sinceCheckpoint >= this.interval &&
        2 * this.sinceCheckpoint >= recordCount(this.head)
      ) {
        this.checkpoints.push(cloneState(this.head));
        this.sinceCheckpoint = 0;
      }
    }
  }

  /** The last checkpoint at or before `seq` (checkpoints are in seq order; the first is the empty state). */
  private checkpointBefore(seq: number): ReducedState {
    let lo = 0;
    let hi = this.checkpoints.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.checkpoints[mid] as ReducedState).seq <= seq) lo = mid;
      else hi = mid - 1;
    }
    return this.checkpoints[lo] as ReducedState;
  }

  /**
   * The state after event `seq` (-1: before any event), clamped to the events that have arrived. The
   * returned state is owned by the timeline.
   */
  seek(seq: number): ReducedState {
    const target = Math.max(-1, Math.min(seq, this.events.length - 1));
    const distance = Math.abs(target - this.cursor.seq);
    const nearest = this.checkpointBefore(target);
    if (target - nearest.seq < distance) this.cursor = cloneState(nearest);
    while (this.cursor.seq < target)
      applyEvent(this.cursor, this.events[this.cursor.seq + 1] as StepEvent);
    while (this.cursor.seq > target)
      undoEvent(this.cursor, this.events[this.cursor.seq] as StepEvent);
    return this.cursor;
  }
}

function recordCount(state: ReducedState): number {
  let n = 0;
  for (const t of TABLE_NAMES) n += state.tables[t].size;
  return n;
}
