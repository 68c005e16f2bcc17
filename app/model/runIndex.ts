// What the UI needs to know about a whole run, computed once when it arrives: where each operation starts
// and ends, which call.enter matches which call.exit, the timeline's markers and tracks, and the space
// counters over time.

import type { SpaceRec, StepEvent } from '@engine';
import { TrackSpanBuilder, type TrackSpans } from './trackSpans.ts';

export type MarkerKind = 'op' | 'io' | 'wait' | 'error' | 'oracle';

export interface Marker {
  readonly seq: number;
  readonly kind: MarkerKind;
  readonly label: string;
}

export interface SpacePoint {
  readonly seq: number;
  readonly rec: SpaceRec;
}

export interface RunIndex {
  /** seq of each operation's op.start, by operation index. */
  readonly opStarts: readonly number[];
  /** seq of each operation's op.end (or the last event when it has none). */
  readonly opEnds: readonly number[];
  /** For a call.enter its call.exit's seq and the other way round; -1 for other events. */
  readonly match: Int32Array;
  readonly markers: readonly Marker[];
  /** The data and metadata space_info after every change, in seq order. */
  readonly space: {
    readonly data: readonly SpacePoint[];
    readonly metadata: readonly SpacePoint[];
  };
  /** The largest i_size any file reaches in the run (the file axis's natural end). */
  readonly maxFileEnd: number;
  /** The timeline's tracks: spans per kind of event. */
  readonly tracks: TrackSpans;
}

// Not an exhaustive switch on purpose: most kinds (and any the engine adds later) carry no marker.
function markerFor(e: StepEvent): Marker | null {
  if (e.kind === 'op.start') return { seq: e.seq, kind: 'op', label: e.note };
  if (e.kind === 'io.submit')
    return { seq: e.seq, kind: 'io', label: `${e.dir} submitted: ${e.note}` };
  if (e.kind === 'btrfs.ordered' && e.action === 'wait')
    return { seq: e.seq, kind: 'wait', label: e.note };
  if (e.kind === 'error') return { seq: e.seq, kind: 'error', label: e.note };
  if (e.kind === 'oracle.check' && !e.ok)
    return { seq: e.seq, kind: 'oracle', label: e.note };
  return null;
}

/**
 * Builds a run's index as its events arrive: append() each batch, snapshot() after it. Snapshots share the
 * append-only arrays (their prefixes never change), so each costs O(operations), not O(events).
 */
export class RunIndexBuilder {
  private readonly opStarts: number[] = [];
  private readonly opEnds: number[] = [];
  private match = new Int32Array(1024).fill(-1);
  private readonly open: number[] = [];
  private readonly markers: Marker[] = [];
  private readonly data: SpacePoint[] = [];
  private readonly metadata: SpacePoint[] = [];
  private maxFileEnd = 0;
  private length = 0;
  private readonly tracks = new TrackSpanBuilder();

  append(events: readonly StepEvent[]): void {
    if (this.length + events.length > this.match.length) {
      let size = this.match.length;
      while (size < this.length + events.length) size *= 2;
      const grown = new Int32Array(size).fill(-1);
      grown.set(this.match);
      this.match = grown;
    }
    this.tracks.append(events);
    for (const e of events) {
      this.length++;
      if (e.kind === 'op.start') this.opStarts[e.op] = e.seq;
      else if (e.kind === 'op.end') this.opEnds[e.op] = e.seq;
      else if (e.kind === 'call.enter') this.open.push(e.seq);
      else if (e.kind === 'call.exit') {
        const enter = this.open.pop();
        if (enter !== undefined) {
          this.match[enter] = e.seq;
          this.match[e.seq] = enter;
        }
      }
      const m = markerFor(e);
      if (m !== null) this.markers.push(m);
      for (const c of e.changes ?? []) {
        if (c.table === 'space' && c.after !== null) {
          if (c.after.kind !== 'system')
            (c.after.kind === 'data' ? this.data : this.metadata).push({
              seq: e.seq,
              rec: c.after,
            });
        } else if (c.table === 'inode' && c.after !== null)
          this.maxFileEnd = Math.max(this.maxFileEnd, c.after.isize);
      }
    }
  }

  snapshot(): RunIndex {
    // An operation still running (or cut short without an op.end) ends where the next begins or at the last event.
    const opEnds = this.opStarts.map(
      (start, i) =>
        this.opEnds[i] ??
        Math.max(start, (this.opStarts[i + 1] ?? this.length) - 1),
    );
    return {
      opStarts: this.opStarts,
      opEnds,
      match: this.match,
      markers: this.markers,
      space: { data: this.data, metadata: this.metadata },
      maxFileEnd: this.maxFileEnd,
      tracks: this.tracks.snapshot(),
    };
  }
}

export function indexRun(events: readonly StepEvent[]): RunIndex {
  const builder = new RunIndexBuilder();
  builder.append(events);
  return builder.snapshot();
}

/** The operation in progress after event `seq` (-1 during setup). */
export function opAt(events: readonly StepEvent[], seq: number): number {
  return events[seq]?.op ?? -1;
}
