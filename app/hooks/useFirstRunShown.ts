// Whether the page has shown (or failed to show) its first run: until then the stage keeps its panels'
// places but draws nothing in them, so the run's arrival shifts nothing (no layout shift on the first visit).
// Latched: later runs replace one another in place.

import { useState } from 'react';
import { useAppStore } from '../store/appStore.ts';

export function useFirstRunShown(): boolean {
  const settled = useAppStore(
    (s) => s.primary.kind === 'ready' || s.primary.kind === 'failed',
  );
  const [seen, setSeen] = useState(false);
  if (settled && !seen) setSeen(true);
  return seen || settled;
}
