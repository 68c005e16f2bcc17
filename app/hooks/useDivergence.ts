// The first step at which the two runs on screen differ (null: not comparing, or no difference): the
// timeline marks it and the compare table names it.

import { firstDivergentStep } from '../model/divergence.ts';
import { useRun } from './useRun.ts';

export function useDivergence(): number | null {
  const a = useRun('primary');
  const b = useRun('secondary');
  if (a === undefined || b === undefined) return null;
  return firstDivergentStep(a.events, b.events, a.complete && b.complete);
}
