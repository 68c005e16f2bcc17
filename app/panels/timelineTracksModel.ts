// The timeline's layout math, pure: the zoom window over the steps (zoom at a point, pan, follow the cursor),
// where each track's lane sits, each lane's spans as one SVG path per style (spans closer than a pixel merged,
// so a run of any length draws a bounded number of rectangles), hit tests and next/previous span lookups.

import type { TrackKind, TrackSpan, SpanStyle } from '../model/trackSpans.ts';
import { spanEnd, TRACKS } from '../model/trackSpans.ts';

/** The steps on screen: [from, to), continuous (a step s covers [s, s + 1)). */
export interface StepWindow {
  readonly from: number;
  readonly to: number;
}

/** Zoomed in as far as this, a step is a twelfth of the plot. */
export const MIN_SPAN = 12;
/** The plot starts right of the track labels. */
export const LABEL_W = 74;
export const PAD_R = 6;

export function wholeWindow(length: number): StepWindow {
  return { from: 0, to: Math.max(1, length) };
}

/** `w` kept inside [0, length), no narrower than MIN_SPAN steps (or the whole run when shorter). */
export function clampWindow(w: StepWindow, length: number): StepWindow {
  const total = Math.max(1, length);
  const span = Math.min(total, Math.max(MIN_SPAN, w.to - w.from));
  const from = Math.max(0, Math.min(w.from, total - span));
  return { from, to: from + span };
}

export function isWhole(w: StepWindow, length: number): boolean {
  return w.from <= 0 && w.to >= Math.max(1, length);
}

/** Zooms by `factor` (< 1 in, > 1 out) keeping step `anchor` where it is on screen. */
export function zoomAt(
  w: StepWindow,
  factor: number,
  anchor: number,
  length: number,
): StepWindow {
  const a = Math.max(w.from, Math.min(anchor, w.to));
  return clampWindow(
    { from: a - (a - w.from) * factor, to: a + (w.to - a) * factor },
    length,
  );
}

/** Moves the window by `steps` (negative: left), its width unchanged. */
export function panBy(
  w: StepWindow,
  steps: number,
  length: number,
): StepWindow {
  return clampWindow({ from: w.from + steps, to: w.to + steps }, length);
}

/** The window moved just enough that step `cursor` is on screen (a tenth of the width in from the edge). */
export function follow(
  w: StepWindow,
  cursor: number,
  length: number,
): StepWindow {
  const span = w.to - w.from;
  if (cursor >= w.from && cursor + 1 <= w.to) return w;
  const margin = span / 10;
  const from = cursor < w.from ? cursor - margin : cursor + 1 + margin - span;
  return clampWindow({ from, to: from + span }, length);
}

/** The plot's horizontal scale for a window and an SVG width: step → x and x → step. */
export function plotScale(w: StepWindow, width: number) {
  const x0 = LABEL_W;
  const px = Math.max(1, width - LABEL_W - PAD_R) / (w.to - w.from);
  return {
    x0,
    x1: x0 + (w.to - w.from) * px,
    /** Pixels per step. */
    px,
    x: (step: number) => x0 + (step - w.from) * px,
    step: (x: number) => w.from + (x - x0) / px,
  };
}

export type LaneSide = 'primary' | 'secondary';

export interface Lane {
  readonly track: TrackKind;
  readonly side: LaneSide;
  readonly y: number;
  readonly height: number;
}

export interface TrackRow {
  readonly track: TrackKind;
  readonly name: string;
  readonly about: string;
  /** The row's middle, where its label sits. */
  readonly mid: number;
}

export interface TrackLayout {
  readonly lanes: readonly Lane[];
  readonly rows: readonly TrackRow[];
  readonly height: number;
}

/** One lane per track (compare: two, the first design above the second) from the top down. */
export function trackLayout(compare: boolean): TrackLayout {
  const lanes: Lane[] = [];
  const rows: TrackRow[] = [];
  let y = 2;
  for (const t of TRACKS) {
    const bar = t.kind === 'op' ? (compare ? 11 : 14) : compare ? 5 : 9;
    const gap = 3;
    const sides: LaneSide[] = compare ? ['primary', 'secondary'] : ['primary'];
    const top = y;
    for (const side of sides) {
      lanes.push({ track: t.kind, side, y, height: bar });
      y += bar + (compare ? 1 : 0);
    }
    rows.push({
      track: t.kind,
      name: t.name,
      about: t.about,
      mid: (top + y - (compare ? 1 : 0)) / 2,
    });
    y += gap;
  }
  return { lanes, rows, height: Math.ceil(y) };
}

export interface StylePath {
  readonly style: SpanStyle;
  readonly d: string;
}

/** Points (one-step spans) stay visible however far out the window is zoomed. */
const MIN_W = 2;

/**
 * A lane's spans inside the window, one path per style: each span a rectangle [x(start), x(end + 1)), at
 * least MIN_W wide; rectangles of one style that touch or overlap within half a pixel become one, so the
 * path holds at most about one rectangle per pixel column whatever the run's length.
 */
export function lanePaths(
  spans: readonly TrackSpan[],
  length: number,
  w: StepWindow,
  width: number,
  lane: Pick<Lane, 'y' | 'height'>,
): StylePath[] {
  const s = plotScale(w, width);
  const open = new Map<SpanStyle, { parts: string[]; a: number; b: number }>();
  const flush = (p: { parts: string[]; a: number; b: number }) => {
    if (p.b > p.a)
      p.parts.push(
        `M${r(p.a)},${r(lane.y)}h${r(p.b - p.a)}v${r(lane.height)}h${r(p.a - p.b)}z`,
      );
  };
  for (const span of spans) {
    if (span.start >= w.to) break;
    const end = spanEnd(span, length);
    if (end + 1 <= w.from) continue;
    let a = Math.max(s.x0, s.x(span.start));
    let b = Math.min(s.x1, s.x(end + 1));
    if (b - a < MIN_W) {
      const mid = (a + b) / 2;
      a = Math.max(s.x0, mid - MIN_W / 2);
      b = Math.min(s.x1, a + MIN_W);
    }
    const p = open.get(span.style);
    if (p === undefined) open.set(span.style, { parts: [], a, b });
    else if (a <= p.b + 0.5) p.b = Math.max(p.b, b);
    else {
      flush(p);
      p.a = a;
      p.b = b;
    }
  }
  const out: StylePath[] = [];
  for (const [style, p] of open) {
    flush(p);
    out.push({ style, d: p.parts.join('') });
  }
  return out;
}

function r(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/**
 * The span under step `at` (fractional), or within `tolerance` steps of it: the innermost (shortest) of
 * those that cover it, else the nearest. -1 when none is that close.
 */
export function spanAt(
  spans: readonly TrackSpan[],
  length: number,
  at: number,
  tolerance: number,
): number {
  let best = -1;
  let bestScore = Infinity;
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i] as TrackSpan;
    if (span.start > at + tolerance) break;
    const end = spanEnd(span, length) + 1;
    const gap = at < span.start ? span.start - at : at > end ? at - end : 0;
    if (gap > tolerance) continue;
    // Covering spans rank by width, near misses after all of them by distance.
    const score = gap > 0 ? 1e12 + gap : end - span.start;
    if (score < bestScore) {
      bestScore = score;
      best = i;
    }
  }
  return best;
}

/**
 * The span to focus from `current` (a span index, or -1 for none yet) moving `dir`: with none yet, the
 * first span after the cursor (or the last before it, going back). Stays put at either end.
 */
export function stepSpan(
  spans: readonly TrackSpan[],
  current: number,
  dir: 1 | -1,
  cursor: number,
): number {
  if (spans.length === 0) return -1;
  if (current < 0) {
    if (dir === 1) {
      const i = spans.findIndex((s) => s.start >= cursor);
      return i < 0 ? spans.length - 1 : i;
    }
    let found = 0;
    spans.forEach((s, i) => {
      if (s.start <= cursor) found = i;
    });
    return found;
  }
  return Math.max(0, Math.min(spans.length - 1, current + dir));
}

const STYLE_WORDS: Readonly<Record<SpanStyle, string>> = {
  op: 'operation',
  iter: 'write iteration',
  writeback: 'writeback',
  completion: 'I/O completion',
  read: 'read I/O',
  write: 'write I/O',
  wait: 'wait',
  commit: 'transaction commit',
  power: 'power cut or mount',
  ok: 'the oracle agrees',
  loss: 'data loss (the oracle disagrees)',
  error: 'error',
};

/** A span in words, for its tooltip and the keyboard's details: what, which steps, and its narration. */
export function spanDetails(
  span: TrackSpan,
  note: string,
  length: number,
): string {
  const end = spanEnd(span, length);
  const steps =
    end === span.start
      ? `step ${String(span.start)}`
      : `steps ${String(span.start)}–${String(end)}${span.end < 0 ? ' (still running)' : ''}`;
  return `${STYLE_WORDS[span.style]}, ${steps}: ${note}`;
}
