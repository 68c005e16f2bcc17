// Random access into an event log: checkpoints every K events, then apply or undo from the nearest one.
// Seeking never re-runs the simulation and never replays from the start.

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
  private cursor: ReducedState = emptyState();

  constructor(
    private readonly events: readonly StepEvent[],
    private readonly interval = 256,
  ) {
    const state = emptyState();
    this.checkpoints.push(cloneState(state));
    for (const event of events) {
      applyEvent(state, event);
      if ((event.seq + 1) % interval === 0)
        this.checkpoints.push(cloneState(state));
    }
  }

  /** The state after event `seq` (-1: before any event). The returned state is owned by the timeline. */
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
