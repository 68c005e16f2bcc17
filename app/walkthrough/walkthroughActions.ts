// What the page does for the walkthrough: open a chapter at a stop (put it in the store and the URL, close
// the start screen, end any tutorial, and run the stop's two designs), move between stops and chapters,
// show the stop again, close. The stop is shown by the action that opens it, never by a render effect, so
// nothing else can start a run between choosing a stop and showing it.

import type { SessionActions } from '../client/sessionActions.ts';
import { parseView } from '../client/shareLink.ts';
import { useAppStore } from '../store/appStore.ts';
import { showStop } from './showStop.ts';
import { CHAPTERS, chapterById } from './walkthroughContent.ts';
import { closeWalkthrough, useWalkthroughStore } from './walkthroughStore.ts';
import {
  readWalkthroughLocation,
  writeWalkthroughLocation,
  type WalkthroughLocation,
} from './walkthroughUrl.ts';

export type WalkthroughMove =
  'prevStop' | 'nextStop' | 'prevChapter' | 'nextChapter';

export interface WalkthroughActions {
  /** Opens `chapterId` at `stop` (0-based, clamped); the cursor goes to the stop's step, or to `step`. */
  open(chapterId: string, stop?: number, step?: number): Promise<void>;
  /** Opens what `search` names, at the step of the view it holds when that view shows the stop's runs. */
  openFromUrl(search: string): Promise<boolean>;
  /** Moves to the previous or next stop or chapter; does nothing at either end or with no chapter open. */
  move(move: WalkthroughMove): void;
  /** Runs the open stop again (after the view was changed by hand). */
  reshow(): Promise<void>;
  close(): void;
}

/** A location with a known chapter and a stop clamped into it, or null. */
function validLocation(
  location: WalkthroughLocation | null,
): WalkthroughLocation | null {
  if (location === null) return null;
  const chapter = chapterById(location.chapterId);
  if (chapter === undefined) return null;
  const stop = Math.max(0, Math.min(location.stop, chapter.stops.length - 1));
  return { chapterId: chapter.id, stop };
}

/** Where `move` leads from `chapterId` / `stop`, or null when there is nowhere to go. */
export function moveTarget(
  chapterId: string,
  stop: number,
  move: WalkthroughMove,
): { readonly chapterId: string; readonly stop: number } | null {
  const index = CHAPTERS.findIndex((c) => c.id === chapterId);
  const chapter = CHAPTERS[index];
  if (chapter === undefined) return null;
  const chapterAt = (i: number) => {
    const c = CHAPTERS[i];
    return c === undefined ? null : { chapterId: c.id, stop: 0 };
  };
  switch (move) {
    case 'prevStop':
      return stop > 0 ? { chapterId, stop: stop - 1 } : null;
    case 'nextStop':
      return stop + 1 < chapter.stops.length
        ? { chapterId, stop: stop + 1 }
        : null;
    case 'prevChapter':
      return chapterAt(index - 1);
    case 'nextChapter':
      return chapterAt(index + 1);
  }
}

export function createWalkthroughActions(
  session: SessionActions,
): WalkthroughActions {
  function show(step?: number): Promise<void> {
    const location = useWalkthroughStore.getState().location;
    const stop =
      location === null
        ? undefined
        : chapterById(location.chapterId)?.stops[location.stop];
    if (stop === undefined) return Promise.resolve();
    return session.track(async () => {
      await showStop(session, stop, step);
    });
  }

  function place(chapterId: string, stop: number): boolean {
    const location = validLocation({ chapterId, stop });
    useWalkthroughStore.setState({ location });
    writeWalkthroughLocation(location);
    if (location === null) return false;
    useAppStore.getState().setGuide({
      startOpen: false,
      startNotice: null,
      tutorial: null,
    });
    return true;
  }

  const actions: WalkthroughActions = {
    open(chapterId, stop = 0, step) {
      return place(chapterId, stop) ? show(step) : Promise.resolve();
    },
    async openFromUrl(search) {
      const location = validLocation(readWalkthroughLocation(search));
      if (location === null) return false;
      const stop = chapterById(location.chapterId)?.stops[location.stop];
      const view = await parseView(search);
      // A reload keeps its place in the stop's runs; a view of other runs is the stop's to replace.
      const same =
        stop !== undefined &&
        view?.source?.kind === 'builtin' &&
        view.source.id === stop.scenario &&
        view.variant === stop.primary &&
        view.compareVariant === stop.compare &&
        (view.cut ?? null) === null;
      await actions.open(
        location.chapterId,
        location.stop,
        same ? view.step : undefined,
      );
      return true;
    },
    move(move) {
      const location = useWalkthroughStore.getState().location;
      if (location === null) return;
      const to = moveTarget(location.chapterId, location.stop, move);
      if (to !== null) void actions.open(to.chapterId, to.stop);
    },
    reshow: () => show(),
    close: closeWalkthrough,
  };

  // Back and forward are app/guide/guides.ts's to follow: it listens from the first screen on.
  return actions;
}
