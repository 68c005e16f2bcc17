// How long the stage's motion between two steps lasts: the full length when stepping by hand, most of one
// step's time while playing, none when a step lasts under about two frames. Pure; app/hooks/useMotion.ts
// publishes it as the CSS custom property --motion.

/** The longest motion, in milliseconds. */
export const MOTION_MS = 320;

/** Milliseconds of motion per step at `stepsPerSecond` (0: none). */
export function motionMs(stepsPerSecond: number, playing: boolean): number {
  if (!playing) return MOTION_MS;
  const step = 1000 / stepsPerSecond;
  return step < 40 ? 0 : Math.round(Math.min(MOTION_MS, step * 0.7));
}
