// The first visit's live stage: beside the start screen, S3 under the series as posted (v1-posted) plays from
// its first step and stops on the step where the data oracle first reports the loss (under reduced motion it
// is shown on that step at once). Pausing, stepping or another scenario ends it; leaving the start screen for
// the visualizer stops it where it is, so the visualizer opens on the demo's run at the step on screen.

import type { SessionActions } from '../client/sessionActions.ts';
import { runs } from '../client/runRegistry.ts';
import { useAppStore } from '../store/appStore.ts';

export const DEMO_SCENARIO = 'S3';
export const DEMO_VARIANT = 'v1-posted';
/** 16 steps a second: the write and its loss in about three seconds. */
const DEMO_SPEED_INDEX = 4;

export interface FirstVisit {
  /** Shows the demo and plays it to the loss; resolves when it stops (run it under the idle signal). */
  play(): Promise<void>;
  /** The start screen's "Open the visualizer": the demo, if still playing, stops on the step on screen. */
  leave(): void;
}

export function createFirstVisit(session: SessionActions): FirstVisit {
  let demoRun: number | null = null;
  const onStage = () => {
    const slot = useAppStore.getState().primary;
    return slot.kind === 'ready' && slot.runId === demoRun;
  };
  return {
    async play() {
      const shown = await session.show({
        source: { kind: 'builtin', id: DEMO_SCENARIO },
        variant: DEMO_VARIANT,
        compareVariant: null,
        cut: null,
        cursor: 0,
      });
      const slot = useAppStore.getState().primary;
      if (shown !== 'shown' || slot.kind !== 'ready') return;
      const run = runs.get(slot.runId);
      const loss = run?.index.markers.find((m) => m.kind === 'oracle')?.seq;
      if (loss === undefined) return;
      demoRun = slot.runId;
      const store = useAppStore.getState();
      if (matchMedia('(prefers-reduced-motion: reduce)').matches) {
        store.setCursor(loss);
        return;
      }
      store.setSpeedIndex(DEMO_SPEED_INDEX);
      store.setPlaying(true);
      await new Promise<void>((resolve) => {
        const stop = useAppStore.subscribe((s) => {
          if (s.playing && s.cursor >= loss && onStage()) {
            s.setPlaying(false);
            if (s.cursor > loss) s.setCursor(loss);
          }
          if (!useAppStore.getState().playing || !onStage()) {
            stop();
            resolve();
          }
        });
      });
    },
    leave() {
      if (!onStage()) return;
      demoRun = null;
      useAppStore.getState().setPlaying(false);
    },
  };
}
