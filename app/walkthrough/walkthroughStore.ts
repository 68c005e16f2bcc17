// Which walkthrough chapter and stop are open (null: none). Its own small store, so the start screen can open
// a chapter with openWalkthrough() without reaching into the app's slices; the view does the rest.

import { create } from 'zustand';
import {
  readWalkthroughLocation,
  writeWalkthroughLocation,
  type WalkthroughLocation,
} from './walkthroughUrl.ts';
import { chapterById } from './walkthroughContent.ts';

interface WalkthroughState {
  readonly location: WalkthroughLocation | null;
}

/** A location with a known chapter and a stop clamped into it, or null. */
function valid(
  location: WalkthroughLocation | null,
): WalkthroughLocation | null {
  if (location === null) return null;
  const chapter = chapterById(location.chapterId);
  if (chapter === undefined) return null;
  const stop = Math.max(0, Math.min(location.stop, chapter.stops.length - 1));
  return { chapterId: chapter.id, stop };
}

export const useWalkthroughStore = create<WalkthroughState>()(() => ({
  location: valid(readWalkthroughLocation(window.location.search)),
}));

/** Opens `chapterId` at `stop` (0-based); an unknown chapter closes the walkthrough. */
export function openWalkthrough(chapterId: string, stop = 0): void {
  const location = valid({ chapterId, stop });
  useWalkthroughStore.setState({ location });
  writeWalkthroughLocation(location);
}

export function closeWalkthrough(): void {
  useWalkthroughStore.setState({ location: null });
  writeWalkthroughLocation(null);
}

// Back and forward restore whatever walkthrough the URL names.
window.addEventListener('popstate', () => {
  useWalkthroughStore.setState({
    location: valid(readWalkthroughLocation(window.location.search)),
  });
});
