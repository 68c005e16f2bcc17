// Which walkthrough chapter and stop are open (null: none). Its own small store of plain data; opening,
// moving and closing go through walkthroughActions.ts, which also puts the stop on screen.

import { create } from 'zustand';
import {
  writeWalkthroughLocation,
  type WalkthroughLocation,
} from './walkthroughUrl.ts';
import { chapterById } from './walkthroughContent.ts';

interface WalkthroughState {
  readonly location: WalkthroughLocation | null;
}

/** A location with a known chapter and a stop clamped into it, or null. */
export function validLocation(
  location: WalkthroughLocation | null,
): WalkthroughLocation | null {
  if (location === null) return null;
  const chapter = chapterById(location.chapterId);
  if (chapter === undefined) return null;
  const stop = Math.max(0, Math.min(location.stop, chapter.stops.length - 1));
  return { chapterId: chapter.id, stop };
}

export const useWalkthroughStore = create<WalkthroughState>()(() => ({
  location: null,
}));

/** Closes the walkthrough: no chapter open, and none in the URL. */
export function closeWalkthrough(): void {
  useWalkthroughStore.setState({ location: null });
  writeWalkthroughLocation(null);
}
