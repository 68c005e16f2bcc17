// The learner's progress across visits: which checkpoint each tutorial reached and the last answer to each
// question, kept in localStorage. A corrupt or foreign entry is ignored, never trusted.

import type { SavedAnswer, TutorialProgress } from '../store/tutorialSlice.ts';

const STORAGE_KEY = 'iomap-explorer.tutorials';

/** A saved answer, or (from before tries were kept) one last choice and its verdict; null if neither. */
function readAnswer(v: unknown): SavedAnswer | null {
  if (typeof v !== 'object' || v === null) return null;
  const a = v as Record<string, unknown>;
  if (
    Array.isArray(a.tried) &&
    a.tried.every((t) => typeof t === 'string') &&
    typeof a.firstTry === 'boolean' &&
    (a.right === null || typeof a.right === 'string')
  )
    return { tried: a.tried, firstTry: a.firstTry, right: a.right };
  if (typeof a.choice === 'string' && typeof a.correct === 'boolean')
    return {
      tried: [a.choice],
      firstTry: a.correct,
      right: a.correct ? a.choice : null,
    };
  return null;
}

function readProgress(v: unknown): TutorialProgress | null {
  if (typeof v !== 'object' || v === null) return null;
  const p = v as Record<string, unknown>;
  if (typeof p.reached !== 'number' || !Number.isSafeInteger(p.reached))
    return null;
  if (typeof p.answers !== 'object' || p.answers === null) return null;
  const answers: Record<string, SavedAnswer> = {};
  for (const [k, a] of Object.entries(p.answers)) {
    const answer = readAnswer(a);
    if (answer === null) return null;
    answers[k] = answer;
  }
  return { reached: p.reached, answers };
}

export function loadProgress(): Record<string, TutorialProgress> {
  const text = localStorage.getItem(STORAGE_KEY);
  if (text === null) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null) return {};
    const out: Record<string, TutorialProgress> = {};
    for (const [id, p] of Object.entries(parsed)) {
      const progress = readProgress(p);
      if (progress !== null) out[id] = progress;
    }
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
