// The cursor (seq of the last applied event of the primary run) and playback.

import type { StateCreator } from 'zustand';

/** Steps per second, slowest first. */
export const SPEEDS = [1, 2, 4, 8, 16, 32, 64, 128] as const;
export const DEFAULT_SPEED_INDEX = 3;

export interface PlaybackSlice {
  readonly cursor: number;
  readonly playing: boolean;
  readonly speedIndex: number;
  readonly setCursor: (cursor: number) => void;
  readonly setPlaying: (playing: boolean) => void;
  readonly setSpeedIndex: (speedIndex: number) => void;
}

export const createPlaybackSlice: StateCreator<
  PlaybackSlice,
  [],
  [],
  PlaybackSlice
> = (set) => ({
  cursor: 0,
  playing: false,
  speedIndex: DEFAULT_SPEED_INDEX,
  setCursor: (cursor) => {
    set({ cursor });
  },
  setPlaying: (playing) => {
    set({ playing });
  },
  setSpeedIndex: (speedIndex) => {
    set({
      speedIndex: Math.max(0, Math.min(SPEEDS.length - 1, speedIndex)),
    });
  },
});
