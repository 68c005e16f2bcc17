// The app's one Zustand store, composed of slices holding serializable UI data only (never engine objects).

import { create } from 'zustand';
import { createImageSlice, type ImageSlice } from './imageSlice.ts';

export type AppState = ImageSlice;

export const useAppStore = create<AppState>()((...a) => ({
  ...createImageSlice(...a),
}));
