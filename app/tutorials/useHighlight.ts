// Whether the current tutorial checkpoint points at the element with this data-testid: panels put the answer
// in a data-highlight attribute, which styles.css outlines. Read from the store, never from the tutorial
// library, so the panels do not load the tutorials.

import type { AppState } from '../store/appStore.ts';
import { useAppStore } from '../store/appStore.ts';

const NONE: readonly string[] = [];

/** The data-testids the checkpoint on screen points at (none outside a tutorial). */
export function selectHighlights(s: AppState): readonly string[] {
  const t = s.tutorial;
  if (t === null) return NONE;
  return t.looks[t.checkpoint] ?? NONE;
}

export function useHighlight(testId: string | undefined): 'true' | undefined {
  const on = useAppStore(
    (s) => testId !== undefined && selectHighlights(s).includes(testId),
  );
  return on ? 'true' : undefined;
}
