// The app's one Zustand store, composed of slices holding serializable UI data only (never engine objects).

import { create } from 'zustand';
import { createImageSlice, type ImageSlice } from './imageSlice.ts';
import { createPlaybackSlice, type PlaybackSlice } from './playbackSlice.ts';
import { createSessionSlice, type SessionSlice } from './sessionSlice.ts';
import { createTutorialSlice, type TutorialSlice } from './tutorialSlice.ts';
import { createUiSlice, type UiSlice } from './uiSlice.ts';

export type AppState = ImageSlice &
  SessionSlice &
  PlaybackSlice &
  UiSlice &
  TutorialSlice;

export const useAppStore = create<AppState>()((...a) => ({
  ...createImageSlice(...a),
  ...createSessionSlice(...a),
  ...createPlaybackSlice(...a),
  ...createUiSlice(...a),
  ...createTutorialSlice(...a),
}));
