// A tutorial's progress in words, for the start screen: not started, how far, or finished, and the
// questions answered right on the first try.

import type { TutorialProgress } from '../store/tutorialSlice.ts';
import type { TutorialEntry } from '../tutorials/catalog.ts';

export function progressText(
  t: TutorialEntry,
  p: TutorialProgress | undefined,
): string {
  const count = t.checkpoints;
  const questions = t.questions;
  if (p === undefined || p.reached === 0)
    return `Not started · ${String(count)} checkpoints, ${String(questions)} question${questions === 1 ? '' : 's'}`;
  const right = Object.values(p.answers).filter((a) => a.firstTry).length;
  const where =
    p.reached >= count
      ? 'Completed'
      : `Checkpoint ${String(p.reached)} of ${String(count)}`;
  return `${where} · ${String(right)} of ${String(questions)} question${questions === 1 ? '' : 's'} right on the first try`;
}
