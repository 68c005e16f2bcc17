// The guided parts of the UI: the start screen (open or not, and why it was opened), the tutorial in
// progress (its checkpoints' steps in the run on screen; the elements to highlight follow from it), and
// the learner's progress (mirrored to localStorage by app/tutorials/progress.ts).

import type { StateCreator } from 'zustand';

export interface ActiveTutorial {
  readonly id: string;
  /** 0-based index of the checkpoint shown. */
  readonly checkpoint: number;
  /** Each checkpoint's step in the primary run. */
  readonly seqs: readonly number[];
  /** Each checkpoint's data-testids to highlight (the tutorial's `look`), so panels need not load it. */
  readonly looks: readonly (readonly string[])[];
}

/** The learner's tries at one question. */
export interface SavedAnswer {
  /** The options tried, in order; the last one's verdict is on screen. */
  readonly tried: readonly string[];
  /** Whether the first try was right: what progress counts. */
  readonly firstTry: boolean;
  /** The right option once it was found or shown; null while the learner is still trying. */
  readonly right: string | null;
}

export interface TutorialProgress {
  /** How many checkpoints have been reached (the furthest one, 1-based). */
  readonly reached: number;
  /** By checkpoint index (as a string key): the learner's tries. */
  readonly answers: Readonly<Record<string, SavedAnswer>>;
}

export interface TutorialSlice {
  readonly startOpen: boolean;
  /** Why the start screen opened instead of what a link asked for (a bad tutorial id or checkpoint). */
  readonly startNotice: string | null;
  readonly tutorial: ActiveTutorial | null;
  readonly tutorialProgress: Readonly<Record<string, TutorialProgress>>;
  readonly setGuide: (
    patch: Partial<
      Pick<
        TutorialSlice,
        'startOpen' | 'startNotice' | 'tutorial' | 'tutorialProgress'
      >
    >,
  ) => void;
}

export const createTutorialSlice: StateCreator<
  TutorialSlice,
  [],
  [],
  TutorialSlice
> = (set) => ({
  startOpen: false,
  startNotice: null,
  tutorial: null,
  tutorialProgress: {},
  setGuide: (patch) => {
    set(patch);
  },
});
