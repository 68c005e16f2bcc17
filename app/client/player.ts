// Playback pacing lives here, outside React and outside the engine: while `playing`, advance the cursor at
// the chosen speed on animation frames.

import { SPEEDS } from '../store/playbackSlice.ts';
import { useAppStore } from '../store/appStore.ts';
import { nav } from './navActions.ts';

export function startPlayer(): void {
  let frame = 0;
  let last = 0;
  let owed = 0;
  const loop = (now: number) => {
    const { playing, speedIndex } = useAppStore.getState();
    if (!playing) {
      frame = 0;
      return;
    }
    const speed = SPEEDS[speedIndex] ?? 8;
    owed += ((now - last) / 1000) * speed;
    last = now;
    const steps = Math.min(Math.floor(owed), 32);
    owed -= Math.floor(owed);
    for (let i = 0; i < steps && useAppStore.getState().playing; i++)
      nav.tick();
    frame = requestAnimationFrame(loop);
  };
  useAppStore.subscribe((state, prev) => {
    if (state.playing && !prev.playing && frame === 0) {
      last = performance.now();
      owed = 1;
      frame = requestAnimationFrame(loop);
    }
  });
}
