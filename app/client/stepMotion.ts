// The motion of the step on screen, played with the Web Animations API: as long as motion.ts says for the
// playback speed, mirrored when the cursor moved back, none under prefers-reduced-motion. The direction is
// read from the store's cursor as it changes (before React draws the step), so every view agrees on it.

import { SPEEDS } from '../store/playbackSlice.ts';
import { useAppStore } from '../store/appStore.ts';
import { motionMs } from '../viz/motion.ts';

let back = false;
useAppStore.subscribe((s, prev) => {
  if (s.cursor !== prev.cursor) back = s.cursor < prev.cursor;
});

export interface StepMotion {
  /** Milliseconds (0: no motion). */
  readonly ms: number;
  /** Whether this step was taken backwards. */
  readonly back: boolean;
}

function reduced(): boolean {
  return (
    typeof matchMedia === 'function' &&
    matchMedia('(prefers-reduced-motion: reduce)').matches
  );
}

export function stepMotion(): StepMotion {
  const s = useAppStore.getState();
  return {
    ms: reduced() ? 0 : motionMs(SPEEDS[s.speedIndex] ?? 8, s.playing),
    back,
  };
}

/** Plays `forward` on `el` after a step forward, `backward` (default: `forward` reversed) after a step back. */
export function playStep(
  el: Element | null,
  forward: Keyframe[],
  backward?: Keyframe[],
): void {
  const m = stepMotion();
  if (el === null || m.ms === 0 || typeof el.animate !== 'function') return;
  el.animate(m.back ? (backward ?? [...forward].reverse()) : forward, {
    duration: m.ms,
    easing: 'ease-out',
  });
}
