// Which walkthrough chapter and stop are open (null: none). Its own small store of plain data, light enough
// for the first screen (no chapter content); opening, moving and closing go through walkthroughActions.ts,
// which also checks the location and puts the stop on screen.

import { create } from 'zustand';
import {
  writeWalkthroughLocation,
  type WalkthroughLocation,
} from './walkthroughUrl.ts';

interface WalkthroughState {
  readonly location: WalkthroughLocation | null;
}

export const useWalkthroughStore = create<WalkthroughState>()(() => ({
  location: null,
}));

/** Closes the walkthrough: no chapter open, and none in the URL. */
export function closeWalkthrough(): void {
  useWalkthroughStore.setState({ location: null });
  writeWalkthroughLocation(null);
}
