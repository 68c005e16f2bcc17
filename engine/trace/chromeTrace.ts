// Runs as Chrome trace-event JSON (Perfetto UI and chrome://tracing open it): kernel calls as B/E slices,
// other steps as instants, space_info as counters, one process per run. Pure data in, data out: the app's
// "Export trace" and the CLI's `run --trace` both call it, so the two files are the same.

import type { StepEvent } from './events.ts';

/** One run to draw: its events and the names its process track is labelled with. */
export interface TraceRun {
  readonly scenario: string;
  readonly design: string;
  readonly events: readonly StepEvent[];
  /** The process track's name; by default "scenario (design)". */
  readonly label?: string;
}

/** One entry of the Trace Event Format's `traceEvents` array (the subset this exporter writes). */
export interface ChromeTraceEvent {
  readonly name: string;
  readonly cat: string;
  readonly ph: 'B' | 'E' | 'i' | 'C' | 'M';
  /** Microseconds: the engine's simulated clock. */
  readonly ts: number;
  readonly pid: number;
  readonly tid: number;
  readonly s?: 't';
  readonly args?: Readonly<Record<string, unknown>>;
}

export interface ChromeTrace {
  readonly traceEvents: readonly ChromeTraceEvent[];
  readonly displayTimeUnit: 'ns';
  readonly otherData: {
    readonly scenario: string;
    readonly designs: readonly string[];
  };
}

const TID = 1;

/**
 * The runs as one trace, run i as process i + 1. Every B has its E: a call that never returned (the power
 * failed inside it) ends where the event stream shows the stack already shallower, or at the run's last step.
 */
export function chromeTrace(runs: readonly TraceRun[]): ChromeTrace {
  const traceEvents: ChromeTraceEvent[] = [];
  runs.forEach((run, i) => {
    appendRun(traceEvents, run, i + 1);
  });
  return {
    traceEvents,
    displayTimeUnit: 'ns',
    otherData: {
      scenario: runs[0]?.scenario ?? '',
      designs: runs.map((r) => r.design),
    },
  };
}

function appendRun(out: ChromeTraceEvent[], run: TraceRun, pid: number): void {
  const meta = (name: string, value: string): ChromeTraceEvent => ({
    name,
    cat: '__metadata',
    ph: 'M',
    ts: 0,
    pid,
    tid: TID,
    args: { name: value },
  });
  out.push(
    meta('process_name', run.label ?? `${run.scenario} (${run.design})`),
    meta('thread_name', 'buffered write'),
  );
  const open: string[] = [];
  /** Ends the slices deeper than `depth` at `ts`: calls the event stream shows were abandoned. */
  const closeTo = (depth: number, ts: number) => {
    for (const fn of open.splice(depth).reverse())
      out.push({ name: fn, cat: 'call', ph: 'E', ts, pid, tid: TID });
  };
  let lastTs = 0;
  for (const e of run.events) {
    lastTs = e.t;
    // An event's depth is the stack depth it happens at; a call.exit's is the depth after it returns.
    closeTo(e.kind === 'call.exit' ? e.depth + 1 : e.depth, e.t);
    if (e.kind === 'call.enter') {
      open.push(e.fn);
      out.push({
        name: e.fn,
        cat: 'call',
        ph: 'B',
        ts: e.t,
        pid,
        tid: TID,
        args: { seq: e.seq, why: e.note },
      });
    } else if (e.kind === 'call.exit') {
      open.pop();
      out.push({ name: e.fn, cat: 'call', ph: 'E', ts: e.t, pid, tid: TID });
    } else
      out.push({
        name: e.kind,
        cat: e.kind.split('.')[0] ?? 'step',
        ph: 'i',
        s: 't',
        ts: e.t,
        pid,
        tid: TID,
        args: { seq: e.seq, note: e.note, op: e.op },
      });
    for (const c of e.changes ?? [])
      if (c.table === 'space' && c.after !== null)
        out.push({
          name: `${c.after.kind} space_info`,
          cat: 'space',
          ph: 'C',
          ts: e.t,
          pid,
          tid: TID,
          args: {
            used: c.after.used,
            reserved: c.after.reserved,
            pinned: c.after.pinned,
            may_use: c.after.mayUse,
          },
        });
  }
  closeTo(0, lastTs);
}
