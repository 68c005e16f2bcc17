// The timeline's zoom and pan commands, shared by its buttons, the keys (W S A D 0), the wheel and dragging.
// The window lives in the store for the run it was made on; the math is timelineTracksModel.ts's.

import { useAppStore } from '../store/appStore.ts';
import {
  clampWindow,
  follow,
  panBy,
  wholeWindow,
  zoomAt,
  type StepWindow,
} from '../panels/timelineTracksModel.ts';
import { runs } from './runRegistry.ts';

/** The steps the timeline spans: the longer run when two are compared. */
export function timelineLength(): { runId: number; length: number } | null {
  const s = useAppStore.getState();
  const a = s.primary.kind === 'ready' ? runs.get(s.primary.runId) : undefined;
  if (a === undefined) return null;
  const b =
    s.compareVariant !== null && s.secondary.kind === 'ready'
      ? runs.get(s.secondary.runId)
      : undefined;
  return {
    runId: a.runId,
    length: Math.max(a.events.length, b?.events.length ?? 0),
  };
}

/** The window on screen for a run of `length` steps with id `runId`. */
export function windowOf(runId: number, length: number): StepWindow {
  const z = useAppStore.getState().timelineZoom;
  return z === null || z.runId !== runId
    ? wholeWindow(length)
    : clampWindow(z, length);
}

function change(to: (w: StepWindow, length: number) => StepWindow): void {
  const t = timelineLength();
  if (t === null) return;
  const w = clampWindow(to(windowOf(t.runId, t.length), t.length), t.length);
  useAppStore.getState().setUi({ timelineZoom: { runId: t.runId, ...w } });
}

const STEP = 0.6;

export const zoom = {
  /** Zooms by `factor` around `anchor` (default: the cursor). */
  by: (factor: number, anchor?: number) => {
    change((w, n) =>
      zoomAt(w, factor, anchor ?? useAppStore.getState().cursor + 0.5, n),
    );
  },
  in: () => {
    zoom.by(STEP);
  },
  out: () => {
    zoom.by(1 / STEP);
  },
  /** Pans by `steps` (negative: left). */
  panSteps: (steps: number) => {
    change((w, n) => panBy(w, steps, n));
  },
  /** Pans by a fraction of the window (the keys move a fifth). */
  pan: (fraction: number) => {
    change((w, n) => panBy(w, (w.to - w.from) * fraction, n));
  },
  set: (w: StepWindow) => {
    change(() => w);
  },
  /** Brings step `seq` on screen, moving the window no more than needed. */
  show: (seq: number) => {
    change((w, n) => follow(w, seq, n));
  },
  all: () => {
    useAppStore.getState().setUi({ timelineZoom: null });
  },
};
