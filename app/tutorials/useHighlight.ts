// Whether the current tutorial checkpoint points at the element with this data-testid: panels put the answer
// in a data-highlight attribute, which styles.css outlines.

import { useAppStore } from '../store/appStore.ts';

export function useHighlight(testId: string | undefined): 'true' | undefined {
  const on = useAppStore(
    (s) => testId !== undefined && s.highlights.includes(testId),
  );
  return on ? 'true' : undefined;
}
