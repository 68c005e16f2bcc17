// What the page does for tutorials: open one at a checkpoint (run its scenario, find the checkpoints in the
// run, put the cursor there), move between checkpoints, answer a question (judged against the engine's state
// at the next checkpoint), restart, leave. A tutorial ends by itself when the view leaves its scenario.

import { cloneState, type ReducedState } from '@engine';
import { nav } from '../client/navActions.ts';
import { runs, type Run } from '../client/runRegistry.ts';
import type { SessionActions } from '../client/sessionActions.ts';
import { useAppStore } from '../store/appStore.ts';
import type { SavedAnswer, TutorialProgress } from '../store/tutorialSlice.ts';
import { closeWalkthrough } from '../walkthrough/walkthroughStore.ts';
import { findTutorial } from './library/index.ts';
import { NO_PROGRESS, saveProgress } from './progress.ts';
import { correctOptions, resolveCheckpoints } from './resolve.ts';

export interface TutorialActions {
  /** Opens tutorial `id` at checkpoint `index` (0-based); false (with the start screen and a notice) if it cannot. */
  open(id: string, index: number): Promise<boolean>;
  /** Opens what a link asks for: `checkpoint` is the 1-based number from the URL (null: the first). */
  openFromLink(id: string, checkpoint: string | null): Promise<boolean>;
  goTo(index: number): void;
  /** Judges `choice` for the current checkpoint's question, saves the try and returns whether it was right. */
  answer(choice: string): boolean;
  /** Shows the current question's right option (after a wrong try); the first try stays counted as wrong. */
  reveal(): void;
  restart(): void;
  leave(): void;
}

/** The reduced state after `seq` in `run`: a private copy. */
export function stateAt(run: Run, seq: number): ReducedState {
  return cloneState(run.timeline.seek(seq));
}

export function primaryRun(): Run | undefined {
  const slot = useAppStore.getState().primary;
  return slot.kind === 'ready' ? runs.get(slot.runId) : undefined;
}

function refuse(notice: string): false {
  useAppStore.getState().setGuide({
    startOpen: true,
    startNotice: notice,
    tutorial: null,
  });
  return false;
}

function updateProgress(
  id: string,
  change: (p: TutorialProgress) => TutorialProgress,
): void {
  const { tutorialProgress: all, setGuide } = useAppStore.getState();
  const next = { ...all, [id]: change(all[id] ?? NO_PROGRESS) };
  setGuide({ tutorialProgress: next });
  saveProgress(next);
}

/** The question at the current checkpoint, with its right option computed from the next checkpoint's state. */
function currentQuestion(): {
  readonly tutorialId: string;
  readonly key: string;
  readonly right: string | undefined;
} | null {
  const { tutorial } = useAppStore.getState();
  const run = primaryRun();
  if (tutorial === null || run === undefined) return null;
  const t = findTutorial(tutorial.id);
  const question = t?.checkpoints[tutorial.checkpoint]?.question;
  const nextSeq = tutorial.seqs[tutorial.checkpoint + 1];
  if (t === undefined || question === undefined || nextSeq === undefined)
    return null;
  const [right] = correctOptions(question, {
    state: stateAt(run, nextSeq),
    start: stateAt(run, 0),
  });
  return { tutorialId: t.id, key: String(tutorial.checkpoint), right };
}

function show(index: number): void {
  const { tutorial, setGuide } = useAppStore.getState();
  if (tutorial === null) return;
  const t = findTutorial(tutorial.id);
  const seq = tutorial.seqs[index];
  const cp = t?.checkpoints[index];
  if (t === undefined || seq === undefined || cp === undefined) return;
  setGuide({ tutorial: { ...tutorial, checkpoint: index } });
  nav.seek(seq);
  updateProgress(t.id, (p) => ({
    ...p,
    reached: Math.max(p.reached, index + 1),
  }));
}

export function createTutorialActions(
  session: SessionActions,
): TutorialActions {
  // Leaving the tutorial's scenario or design (or cutting the power, or comparing) ends the tutorial.
  useAppStore.subscribe((s) => {
    if (s.tutorial === null) return;
    const t = findTutorial(s.tutorial.id);
    const onIt =
      t !== undefined &&
      s.source.kind === 'builtin' &&
      s.source.id === t.scenario &&
      s.variant === t.variant &&
      s.cut === null &&
      s.compareVariant === null;
    if (!onIt) s.setGuide({ tutorial: null });
  });

  async function open(id: string, index: number): Promise<boolean> {
    const t = findTutorial(id);
    if (t === undefined)
      return refuse(
        `There is no tutorial “${id}”. Choose one of the tutorials below.`,
      );
    if (
      !Number.isSafeInteger(index) ||
      index < 0 ||
      index >= t.checkpoints.length
    )
      return refuse(
        `“${t.title}” has checkpoints 1 to ${String(t.checkpoints.length)}; there is no checkpoint ${String(index + 1)}.`,
      );
    const shown = await session.show({
      source: { kind: 'builtin', id: t.scenario },
      variant: t.variant,
      compareVariant: null,
      cut: null,
      cursor: 0,
      origin: `the tutorial “${t.title}”`,
    });
    if (shown === 'superseded') return false;
    const run = primaryRun();
    if (shown !== 'shown' || run === undefined)
      return refuse(`The scenario of “${t.title}” could not be run.`);
    const resolution = resolveCheckpoints(t, run.events);
    if (!resolution.ok)
      return refuse(
        `“${t.title}” no longer matches the engine: checkpoint ${String(resolution.checkpoint + 1)} found ${resolution.why}.`,
      );
    closeWalkthrough();
    useAppStore.getState().setGuide({
      startOpen: false,
      startNotice: null,
      tutorial: {
        id: t.id,
        checkpoint: index,
        seqs: resolution.seqs,
        looks: t.checkpoints.map((c) => c.look),
      },
    });
    show(index);
    return true;
  }

  return {
    async open(id, index) {
      let opened = false;
      await session.track(async () => {
        opened = await open(id, index);
      });
      return opened;
    },
    openFromLink: (id, checkpoint) => {
      const n = checkpoint === null ? 1 : Number(checkpoint);
      if (!Number.isSafeInteger(n))
        return Promise.resolve(
          refuse(`“${checkpoint ?? ''}” is not a checkpoint number.`),
        );
      return open(id, n - 1);
    },
    goTo: show,
    answer(choice) {
      const q = currentQuestion();
      if (q === null) return false;
      const correct = q.right === choice;
      updateProgress(q.tutorialId, (p) => {
        const before = p.answers[q.key];
        if (before !== undefined && before.right !== null) return p;
        const tried = [...(before?.tried ?? []), choice];
        const answer: SavedAnswer = {
          tried,
          firstTry: tried.length === 1 && correct,
          right: correct ? choice : null,
        };
        return { ...p, answers: { ...p.answers, [q.key]: answer } };
      });
      return correct;
    },
    reveal() {
      const q = currentQuestion();
      if (q === null) return;
      updateProgress(q.tutorialId, (p) => {
        const before = p.answers[q.key];
        const answer: SavedAnswer = {
          tried: before?.tried ?? [],
          firstTry: before?.firstTry ?? false,
          right: q.right ?? null,
        };
        return { ...p, answers: { ...p.answers, [q.key]: answer } };
      });
    },
    restart() {
      const { tutorial } = useAppStore.getState();
      if (tutorial === null) return;
      updateProgress(tutorial.id, () => NO_PROGRESS);
      show(0);
    },
    leave() {
      useAppStore.getState().setGuide({ tutorial: null });
    },
  };
}
