// The guided parts of the app, tutorials and the patch-review walkthrough, loaded on first use: the first
// screen carries only their catalogs (the start screen's lists). One rule: nothing here imports their
// content, actions or views except through app/client/lazyViews.ts, and every load runs under the idle
// signal (an action that needs a guide waits for it, so a test's wait covers the download).

import { tutorialModule, walkthroughModule } from '../client/lazyViews.ts';
import type { SessionActions } from '../client/sessionActions.ts';
import type { FirstVisit } from '../start/firstVisit.ts';
import { useAppStore } from '../store/appStore.ts';
import { loadProgress } from '../tutorials/progress.ts';
import type { TutorialActions } from '../tutorials/tutorialActions.ts';
import type { TutorialPanel } from '../tutorials/TutorialPanel.tsx';
import type {
  WalkthroughActions,
  WalkthroughMove,
} from '../walkthrough/walkthroughActions.ts';
import type { WalkthroughView } from '../walkthrough/WalkthroughView.tsx';
import {
  closeWalkthrough,
  useWalkthroughStore,
} from '../walkthrough/walkthroughStore.ts';
import { readWalkthroughLocation } from '../walkthrough/walkthroughUrl.ts';

/** The guides loaded so far: each one's actions and its view in the drawer. */
export interface GuideViews {
  readonly tutorial?: {
    readonly actions: TutorialActions;
    readonly View: typeof TutorialPanel;
  };
  readonly walkthrough?: {
    readonly actions: WalkthroughActions;
    readonly View: typeof WalkthroughView;
  };
}

export interface Guides {
  /** The tutorials' actions, loading their code the first time. */
  tutorials(): Promise<TutorialActions>;
  /** The walkthrough's actions, loading its code the first time. */
  walkthrough(): Promise<WalkthroughActions>;
  /** Closes the start screen for the visualizer (the first visit's demo stops on the step on screen). */
  explore(): void;
  /** Moves the open walkthrough; with none open, does nothing (and loads nothing). */
  moveWalkthrough(move: WalkthroughMove): void;
  /** What has been loaded (a new object after each load), for useSyncExternalStore. */
  readonly views: () => GuideViews;
  readonly subscribe: (listener: () => void) => () => void;
}

export function createGuides(
  session: SessionActions,
  firstVisit: FirstVisit,
): Guides {
  // The start screen shows the learner's progress before any tutorial is loaded.
  useAppStore.getState().setGuide({ tutorialProgress: loadProgress() });
  let views: GuideViews = {};
  const listeners = new Set<() => void>();
  const publish = (next: GuideViews) => {
    views = next;
    for (const listener of listeners) listener();
  };
  let tutorials: Promise<TutorialActions> | undefined;
  let walkthrough: Promise<WalkthroughActions> | undefined;
  /** Runs `load` under the idle signal and resolves with what it made. */
  function tracked<T>(load: () => Promise<T>): Promise<T> {
    let out: T | undefined;
    return session
      .track(async () => {
        out = await load();
      })
      .then(() => out as T);
  }
  const guides: Guides = {
    tutorials: () =>
      (tutorials ??= tracked(async () => {
        const m = await tutorialModule.load();
        const actions = m.createTutorialActions(session);
        publish({ ...views, tutorial: { actions, View: m.TutorialPanel } });
        return actions;
      })),
    walkthrough: () =>
      (walkthrough ??= tracked(async () => {
        const m = await walkthroughModule.load();
        const actions = m.createWalkthroughActions(session);
        publish({
          ...views,
          walkthrough: { actions, View: m.WalkthroughView },
        });
        return actions;
      })),
    explore: () => {
      useAppStore
        .getState()
        .setGuide({ startOpen: false, startNotice: null, tutorial: null });
      firstVisit.leave();
    },
    moveWalkthrough(move) {
      if (useWalkthroughStore.getState().location === null) return;
      void guides.walkthrough().then((w) => {
        w.move(move);
      });
    },
    views: () => views,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
  // Back and forward restore whatever walkthrough the URL names.
  window.addEventListener('popstate', () => {
    if (readWalkthroughLocation(window.location.search) !== null)
      void guides
        .walkthrough()
        .then((w) => w.openFromUrl(window.location.search));
    else if (useWalkthroughStore.getState().location !== null)
      closeWalkthrough();
  });
  return guides;
}
