// The runs the page holds, outside React: each run's checkpointed Timeline (appended batch by batch as the
// worker pushes them), its outcomes and its index. A run is shown while it streams in: every batch makes a
// new immutable Run snapshot over the same append-only arrays. The store refers to runs by id only; React
// reads runs through `subscribe` + `get` (useSyncExternalStore), so a new snapshot re-renders its readers.

import {
  cloneState,
  Timeline,
  type ReducedState,
  type Scenario,
  type StepEvent,
  type DesignId,
} from '@engine';
import type {
  CutReport,
  RunDevice,
  RunOutcome,
  RunReply,
  RunStreamPush,
} from '@engine/protocol';
import { RunIndexBuilder, type RunIndex } from '../model/runIndex.ts';

export interface Run {
  readonly runId: number;
  readonly scenario: Scenario;
  readonly variant: DesignId;
  readonly device: RunDevice;
  /** The events that have arrived, in seq order. */
  readonly events: readonly StepEvent[];
  /** The operations that have finished. */
  readonly outcomes: readonly RunOutcome[];
  readonly index: RunIndex;
  readonly timeline: Timeline;
  /** True once the worker's reply has come: every event is here. */
  readonly complete: boolean;
  /** Operations this run has (all of the scenario's until it completes; a power cut ends it early). */
  readonly opCount: number;
  readonly cut: CutReport | null;
}

/** The reduced state at one step, as panels see it: a private copy, safe to keep across renders. */
export interface StepView {
  readonly seq: number;
  readonly state: ReducedState;
  /** The event that produced this state (undefined before the first). */
  readonly event: StepEvent | undefined;
}

interface Live {
  run: Run | null;
  readonly index: RunIndexBuilder;
  readonly outcomes: RunOutcome[];
}

export class RunRegistry {
  private readonly live = new Map<number, Live>();
  private readonly views = new Map<number, StepView>();
  private nextRunId = 1;
  private readonly listeners = new Map<number, (run: Run) => void>();
  private readonly subscribers = new Set<() => void>();

  /** Calls `onChange` after every new snapshot or dropped run; returns the unsubscribe. Stable (bound). */
  readonly subscribe = (onChange: () => void): (() => void) => {
    this.subscribers.add(onChange);
    return () => {
      this.subscribers.delete(onChange);
    };
  };

  /** A fresh id for a run about to be requested; `onUpdate` sees every new snapshot of it. */
  begin(onUpdate: (run: Run) => void): number {
    const runId = this.nextRunId++;
    this.live.set(runId, {
      run: null,
      index: new RunIndexBuilder(),
      outcomes: [],
    });
    this.listeners.set(runId, onUpdate);
    return runId;
  }

  /** Takes one push of a run in progress; event batches must arrive contiguous and in order. */
  receive(push: RunStreamPush): void {
    const entry = this.live.get(push.runId);
    if (entry === undefined) return; // a run the page has already given up on
    if (push.kind === 'run') {
      const timeline = new Timeline([]);
      this.publish(entry, {
        runId: push.runId,
        scenario: push.scenario,
        variant: push.variant,
        device: push.device,
        events: timeline.log,
        outcomes: entry.outcomes,
        index: entry.index.snapshot(),
        timeline,
        complete: false,
        opCount: push.scenario.ops.length,
        cut: null,
      });
      return;
    }
    const run = entry.run;
    if (run === null)
      throw new Error(
        `run ${String(push.runId)}: events arrived before the run was announced`,
      );
    if (push.from !== run.events.length)
      throw new Error(
        `run ${String(push.runId)}: batch starts at ${String(push.from)}, expected ${String(run.events.length)}`,
      );
    run.timeline.append(push.batch);
    entry.index.append(push.batch);
    for (const o of push.outcomes) entry.outcomes.push(o);
    this.publish(entry, { ...run, index: entry.index.snapshot() });
  }

  /** Completes a run from the worker's reply; the events must all have arrived. */
  complete(reply: Extract<RunReply, { ok: true }>): Run {
    const entry = this.live.get(reply.runId);
    const run = entry?.run ?? null;
    if (entry === undefined || run === null)
      throw new Error(
        `run ${String(reply.runId)} completed but was never announced`,
      );
    if (run.events.length !== reply.eventCount)
      throw new Error(
        `run ${String(reply.runId)}: ${String(run.events.length)} events arrived, the worker sent ${String(reply.eventCount)}`,
      );
    const done: Run = {
      ...run,
      complete: true,
      opCount: reply.outcomes.length,
      cut: reply.cut,
    };
    this.publish(entry, done);
    this.listeners.delete(reply.runId);
    return done;
  }

  abandon(runId: number): void {
    const had = this.live.delete(runId);
    this.listeners.delete(runId);
    this.views.delete(runId);
    if (had) this.notify();
  }

  get(runId: number | null): Run | undefined {
    return runId === null
      ? undefined
      : (this.live.get(runId)?.run ?? undefined);
  }

  /** Drops every run not in `keep`. */
  retain(keep: readonly (number | null)[]): void {
    for (const id of [...this.live.keys()])
      if (!keep.includes(id)) this.abandon(id);
  }

  /** The reduced state after event `seq` (seeks the checkpointed timeline; never re-runs). */
  viewAt(run: Run, seq: number): StepView {
    const cached = this.views.get(run.runId);
    if (cached?.seq === seq) return cached;
    const state = cloneState(run.timeline.seek(seq));
    const view: StepView = {
      seq: state.seq,
      state,
      event: run.events[state.seq],
    };
    this.views.set(run.runId, view);
    return view;
  }

  private publish(entry: Live, run: Run): void {
    entry.run = run;
    this.listeners.get(run.runId)?.(run);
    this.notify();
  }

  private notify(): void {
    for (const onChange of [...this.subscribers]) onChange();
  }
}

export const runs = new RunRegistry();

/** What operation `op` does, in words (its op.start narration; known as soon as it has arrived). */
export function opLabel(run: Run, op: number): string {
  return (
    run.outcomes[op]?.description ??
    run.events[run.index.opStarts[op] ?? -1]?.note ??
    ''
  );
}
