// Puts a walkthrough stop on screen through the app's own actions: run the stop's scenario under its two
// designs in the compare view (SessionActions.show), then move the cursor to the step the engine says the
// stop is about (or to `step`, a reload's own position in the same runs). Tracked, so the app's idle signal
// covers the whole move. The caller orders it: nothing else may start a run after it (see page.tsx).

import { nav } from '../client/navActions.ts';
import { runs } from '../client/runRegistry.ts';
import type { SessionActions, ShowResult } from '../client/sessionActions.ts';
import { useAppStore } from '../store/appStore.ts';
import type { RunSlot } from '../store/sessionSlice.ts';
import { resolveStop } from './resolveStop.ts';
import type { WalkthroughStop } from './walkthroughModel.ts';

function slotRun(slot: RunSlot) {
  return slot.kind === 'ready' ? runs.get(slot.runId) : undefined;
}

export async function showStop(
  session: SessionActions,
  stop: WalkthroughStop,
  step?: number,
): Promise<ShowResult> {
  const shown = await session.show({
    source: { kind: 'builtin', id: stop.scenario },
    variant: stop.primary,
    compareVariant: stop.compare,
    cut: null,
    cursor: 0,
    origin: 'the walkthrough',
  });
  if (shown !== 'shown') return shown;
  const { primary, secondary } = useAppStore.getState();
  const a = slotRun(primary);
  const b = slotRun(secondary);
  if (a === undefined || b === undefined) return 'failed';
  nav.seek(step ?? resolveStop(stop.anchor, a.events, b.events).step);
  return 'shown';
}
