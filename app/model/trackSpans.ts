// The timeline's tracks: one per kind of event, each a list of spans [start, end] (inclusive steps) in the
// order they begin. Built incrementally as a run's batches arrive, like the run index; pure, no DOM.
// A span still open when a snapshot is taken (an I/O not yet completed) ends at the last event so far.

import type { StepEvent } from '@engine';

export type TrackKind =
  'op' | 'write' | 'writeback' | 'io' | 'wait' | 'commit' | 'verdict';

/** Every track, top to bottom, with its name and what its styles mean (track labels, tooltips). */
export const TRACKS: readonly {
  readonly kind: TrackKind;
  readonly name: string;
  readonly about: string;
}[] = [
  { kind: 'op', name: 'operations', about: 'one band per scenario operation' },
  {
    kind: 'write',
    name: 'write iter.',
    about:
      'write iterations: one per iomap_apply call (one mapping), or per pass of the legacy btrfs_buffered_write loop',
  },
  {
    kind: 'writeback',
    name: 'writeback',
    about: 'writeback of dirty pages, and I/O completion run later',
  },
  {
    kind: 'io',
    name: 'I/O',
    about: 'from submission to completion; reads and writes',
  },
  {
    kind: 'wait',
    name: 'waits',
    about:
      'waits on ordered extents, space tickets waiting for a flush, and -EAGAIN retries',
  },
  {
    kind: 'commit',
    name: 'commits',
    about: 'transaction commits, power cuts and mounts',
  },
  {
    kind: 'verdict',
    name: 'verdicts',
    about: 'the data oracle after each operation (ok or data loss), and errors',
  },
];

/** How a span is drawn and named inside its track. */
export type SpanStyle =
  | 'op'
  | 'iter'
  | 'writeback'
  | 'completion'
  | 'read'
  | 'write'
  | 'wait'
  | 'commit'
  | 'power'
  | 'ok'
  | 'loss'
  | 'error';

export interface TrackSpan {
  readonly start: number;
  /** Inclusive; -1 while the span is still open (see `spanEnd`). */
  end: number;
  readonly style: SpanStyle;
  /** The event whose narration names the span. */
  readonly at: number;
}

export type TrackSpans = Readonly<Record<TrackKind, readonly TrackSpan[]>>;

/** A span's last step: its own end, or (still open) the last event that has arrived. */
export function spanEnd(span: TrackSpan, length: number): number {
  return span.end >= 0 ? span.end : Math.max(span.start, length - 1);
}

// A frame that makes a span: the call.enter that opens it and the call.exit that closes it. The legacy
// loop has no frame per pass: a pass runs from its data reservation to btrfs_delalloc_release_extents.
const FRAME_SPANS: Readonly<Record<string, readonly [TrackKind, SpanStyle]>> = {
  iomap_apply: ['write', 'iter'],
  extent_writepages: ['writeback', 'writeback'],
  complete_io: ['writeback', 'completion'],
  btrfs_commit_transaction: ['commit', 'commit'],
};

export class TrackSpanBuilder {
  private readonly spans: Record<TrackKind, TrackSpan[]> = {
    op: [],
    write: [],
    writeback: [],
    io: [],
    wait: [],
    commit: [],
    verdict: [],
  };
  /** Open frames, innermost last: the track and span each opened (null for frames that open none). */
  private readonly frames: (readonly [TrackKind, TrackSpan] | null)[] = [];
  private legacyPass: TrackSpan | null = null;
  /** I/O in flight by direction and disk address, oldest first (a key is never scanned: runs are long). */
  private readonly io = new Map<string, TrackSpan[]>();
  private readonly tickets = new Map<number, TrackSpan>();
  private commitGeneration = -1;

  append(events: readonly StepEvent[]): void {
    for (const e of events) this.take(e);
  }

  snapshot(): TrackSpans {
    return this.spans;
  }

  private open(kind: TrackKind, style: SpanStyle, e: StepEvent): TrackSpan {
    const span: TrackSpan = { start: e.seq, end: -1, style, at: e.seq };
    this.spans[kind].push(span);
    return span;
  }

  private point(kind: TrackKind, style: SpanStyle, e: StepEvent): void {
    this.spans[kind].push({ start: e.seq, end: e.seq, style, at: e.seq });
  }

  private inside(kind: TrackKind): boolean {
    return this.frames.some((f) => f !== null && f[0] === kind);
  }

  private take(e: StepEvent): void {
    switch (e.kind) {
      case 'op.start':
        this.open('op', 'op', e);
        return;
      case 'op.end': {
        const op = this.spans.op[this.spans.op.length - 1];
        if (op !== undefined && op.end < 0) op.end = e.seq;
        return;
      }
      case 'call.enter': {
        const made = FRAME_SPANS[e.fn];
        // A frame inside an open one of the same track (writeback run by I/O completion) is part of it.
        this.frames.push(
          made === undefined || this.inside(made[0])
            ? null
            : [made[0], this.open(made[0], made[1], e)],
        );
        if (
          e.fn === 'btrfs_check_data_free_space' &&
          e.kfn === 'btrfs_buffered_write'
        )
          this.legacyPass = this.open('write', 'iter', e);
        return;
      }
      case 'call.exit': {
        const frame = this.frames.pop();
        if (frame !== undefined && frame !== null) frame[1].end = e.seq;
        if (
          e.fn === 'btrfs_delalloc_release_extents' &&
          this.legacyPass !== null
        ) {
          this.legacyPass.end = e.seq;
          this.legacyPass = null;
        }
        return;
      }
      case 'io.submit': {
        const key = `${e.dir}@${String(e.bytenr)}`;
        const span = this.open('io', e.dir, e);
        const queue = this.io.get(key);
        if (queue === undefined) this.io.set(key, [span]);
        else queue.push(span);
        return;
      }
      case 'io.complete': {
        const span = this.io.get(`${e.dir}@${String(e.bytenr)}`)?.shift();
        if (span !== undefined) span.end = e.seq;
        return;
      }
      case 'page.read': {
        // A synchronous read has no completion event: the bytes arriving in the page complete it.
        const span = this.io.get(`read@${String(e.bytenr)}`)?.pop();
        if (span !== undefined) span.end = e.seq;
        return;
      }
      case 'btrfs.ordered':
        if (e.action === 'wait') this.point('wait', 'wait', e);
        return;
      case 'btrfs.eagain':
        this.point('wait', 'wait', e);
        return;
      case 'btrfs.ticket': {
        if (e.action === 'queue') {
          this.tickets.set(e.id, this.open('wait', 'wait', e));
          return;
        }
        const span = this.tickets.get(e.id);
        if (span !== undefined) span.end = e.seq;
        this.tickets.delete(e.id);
        return;
      }
      case 'btrfs.commit': {
        // Commits outside a btrfs_commit_transaction frame: one span per generation's phases.
        if (this.inside('commit')) return;
        const last = this.spans.commit[this.spans.commit.length - 1];
        if (
          last?.style === 'commit' &&
          this.commitGeneration === e.generation &&
          last.end >= 0
        )
          last.end = e.seq;
        else this.point('commit', 'commit', e);
        this.commitGeneration = e.generation;
        return;
      }
      case 'power.cut':
      case 'fs.mount':
        this.point('commit', 'power', e);
        return;
      case 'oracle.check':
        this.point('verdict', e.ok ? 'ok' : 'loss', e);
        return;
      case 'error':
        this.point('verdict', 'error', e);
        return;
      // Steps inside a span, or none of the tracks' business.
      case 'sim.setup':
      case 'pagecache.lookup':
      case 'page.flags':
      case 'page.copy':
      case 'page.zero':
      case 'iomap.begin':
      case 'iomap.end':
      case 'iomap.map':
      case 'btrfs.reserve':
      case 'btrfs.release':
      case 'btrfs.flush':
      case 'btrfs.chunk_alloc':
      case 'btrfs.global_rsv':
      case 'btrfs.lock':
      case 'btrfs.unlock':
      case 'btrfs.bits':
      case 'btrfs.extent':
      case 'btrfs.nocow':
      case 'btrfs.inode':
        return;
    }
  }
}

export function trackSpans(events: readonly StepEvent[]): TrackSpans {
  const builder = new TrackSpanBuilder();
  builder.append(events);
  return builder.snapshot();
}
