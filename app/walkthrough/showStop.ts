// Puts a walkthrough stop on screen through the app's own actions: run the stop's scenario under its two
// designs in the compare view (SessionActions.show), then move the cursor to the step the engine says the
// stop is about. Tracked, so the app's idle signal covers the whole move.

import { nav } from '../client/navActions.ts';
import { runs } from '../client/runRegistry.ts';
import type { SessionActions } from '../client/sessionActions.ts';
import { useAppStore } from '../store/appStore.ts';
import type { RunSlot } from '../store/sessionSlice.ts';
import { resolveStop } from './resolveStop.ts';
import type { WalkthroughStop } from './walkthroughModel.ts';

function slotRun(slot: RunSlot) {
  return slot.kind === 'ready' ? runs.get(slot.runId) : undefined;
}

/** Resolves once the app's own startup run has begun, so a later show() supersedes it rather than racing it. */
function startupBegun(): Promise<void> {
  const started = () => useAppStore.getState().primary.kind !== 'empty';
  if (started()) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = useAppStore.subscribe(() => {
      if (!started()) return;
      stop();
      resolve();
    });
  });
}

let generation = 0;

export function showStop(
  session: SessionActions,
  stop: WalkthroughStop,
): Promise<void> {
  const mine = ++generation;
  return session.track(async () => {
    await startupBegun();
    if (mine !== generation) return;
    const shown = await session.show({
      source: { kind: 'builtin', id: stop.scenario },
      variant: stop.primary,
      compareVariant: stop.compare,
      cut: null,
      cursor: 0,
      origin: 'the walkthrough',
    });
    if (!shown || mine !== generation) return;
    const { primary, secondary } = useAppStore.getState();
    const a = slotRun(primary);
    const b = slotRun(secondary);
    if (a === undefined || b === undefined) return;
    nav.seek(resolveStop(stop.anchor, a.events, b.events).step);
  });
}
