// Events: how fast the engine generates step events (sequential 4 KiB writes, tracing on) and how fast the
// reducer applies and undoes them, on one trace of a given length; then random seeks on a Timeline.

import type { StepEvent } from '../../engine/trace/events.ts';
import {
  applyEvent,
  emptyState,
  undoEvent,
} from '../../engine/trace/reducer.ts';
import { Timeline } from '../../engine/trace/timeline.ts';
import { createRng } from '../../engine/core/rng.ts';
import { MemoryDisk } from '../../engine/disk/memoryDisk.ts';
import { UserBuffer } from '../../engine/iomap/userBuffer.ts';
import { VARIANTS } from '../../engine/variants/registry.ts';
import { benchFs, deviceBytesFor } from '../benchFs.ts';
import { spread, timed, type Spread } from '../stats.ts';

const BLOCK = 4096;

export interface EventResult {
  readonly events: number;
  readonly writes: number;
  readonly generateSeconds: number;
  readonly forwardSeconds: number;
  readonly backwardSeconds: number;
  /** Building the Timeline (reducing every event and taking its checkpoints). */
  readonly timelineSeconds: number;
  /** Milliseconds per seek to a random step. */
  readonly seekMs: Spread;
  /** CPU milliseconds per seek (the wall clock also counts other work on a shared machine). */
  readonly seekCpuMs: Spread;
}

/** Writes 4 KiB pieces sequentially with tracing on until at least `target` events are recorded. */
function generate(target: number): { events: StepEvent[]; writes: number } {
  // A write records about 41 events; size the file with room to spare.
  const bytes = Math.ceil(target / 30) * BLOCK;
  const device = MemoryDisk.create(deviceBytesFor(bytes));
  const b = benchFs({ existing: 0, trace: true, device });
  const log = b.sim.fs.rec.events;
  let writes = 0;
  while (log.length < target) {
    const pos = writes * BLOCK;
    const buf = new UserBuffer(BLOCK, 'op-index', writes);
    const r = VARIANTS.srcmap.bufferedWrite(
      { fs: b.sim.fs, entry: b.file, buf, base: pos },
      pos,
      BLOCK,
    );
    if (!r.ok) throw new Error(`event trace write failed: ${r.error.message}`);
    writes++;
  }
  return { events: log, writes };
}

export function eventTrace(target: number, seeks: number): EventResult {
  const gen = timed(() => generate(target));
  const { events, writes } = gen.value;
  const state = emptyState();
  const forward = timed(() => {
    for (const e of events) applyEvent(state, e);
  });
  const backward = timed(() => {
    for (let i = events.length - 1; i >= 0; i--)
      undoEvent(state, events[i] as StepEvent);
  });
  const built = timed(() => new Timeline(events));
  const timeline = built.value;
  const rng = createRng(11);
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let i = 0; i < seeks; i++) {
    const seq = rng.int(events.length);
    const t = timed(() => timeline.seek(seq));
    if (t.value.seq !== seq) throw new Error(`seek to ${String(seq)} failed`);
    times.push(t.seconds * 1000);
    cpuTimes.push(t.cpuSeconds * 1000);
  }
  return {
    events: events.length,
    writes,
    generateSeconds: gen.seconds,
    forwardSeconds: forward.seconds,
    backwardSeconds: backward.seconds,
    timelineSeconds: built.seconds,
    seekMs: spread(times),
    seekCpuMs: spread(cpuTimes),
  };
}
