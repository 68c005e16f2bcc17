// Publishes the length of the stage's motion (app/viz/motion.ts) as the CSS custom property --motion, kept
// current with the playback speed; styles.css turns every motion off under prefers-reduced-motion.

import { useEffect } from 'react';
import { SPEEDS } from '../store/playbackSlice.ts';
import { useAppStore } from '../store/appStore.ts';
import { motionMs } from '../viz/motion.ts';

export function useMotion(): void {
  const speedIndex = useAppStore((s) => s.speedIndex);
  const playing = useAppStore((s) => s.playing);
  useEffect(() => {
    const ms = motionMs(SPEEDS[speedIndex] ?? 8, playing);
    document.documentElement.style.setProperty('--motion', `${String(ms)}ms`);
  }, [speedIndex, playing]);
}
