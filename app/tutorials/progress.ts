// The learner's progress across visits: which checkpoint each tutorial reached and the last answer to each
// question, kept in localStorage. A corrupt or foreign entry is ignored, never trusted.

import type { SavedAnswer, TutorialProgress } from '../store/tutorialSlice.ts';

const STORAGE_KEY = 'iomap-explorer.tutorials';

function isAnswer(v: unknown): v is SavedAnswer {
  if (typeof v !== 'object' || v === null) return false;
  const a = v as Record<string, unknown>;
  return typeof a.choice === 'string' && typeof a.correct === 'boolean';
}

function isProgress(v: unknown): v is TutorialProgress {
  if (typeof v !== 'object' || v === null) return false;
  const p = v as Record<string, unknown>;
  if (typeof p.reached !== 'number' || !Number.isSafeInteger(p.reached))
    return false;
  const answers = p.answers;
  return (
    typeof answers === 'object' &&
    answers !== null &&
    Object.values(answers).every(isAnswer)
  );
}

export function loadProgress(): Record<string, TutorialProgress> {
  const text = localStorage.getItem(STORAGE_KEY);
  if (text === null) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null) return {};
    const out: Record<string, TutorialProgress> = {};
    for (const [id, p] of Object.entries(parsed))
      if (isProgress(p)) out[id] = p;
    return out;
  } catch {
    return {};
  }
}

export function saveProgress(
  progress: Readonly<Record<string, TutorialProgress>>,
): void {
  localStorage.setItem(STORAGE_KEY, JSON.stringify(progress));
}

export const NO_PROGRESS: TutorialProgress = { reached: 0, answers: {} };
