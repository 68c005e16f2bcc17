// Hooks that turn the store's run ids and cursor into the run and the reduced state panels draw.

import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { linkByOp } from '../model/navigation.ts';
import { runs, type Run, type StepView } from '../client/runRegistry.ts';
import { useAppStore } from '../store/appStore.ts';

export type Side = 'primary' | 'secondary';

/** What every stage panel is given: its side, and the suffix naming it in compare (" — srcmap"). */
export interface StagePanelProps {
  readonly side: Side;
  readonly suffix?: string;
}

/** The run shown on `side`: the registry is an external store, and each arriving batch (or the run's
 * completion) publishes a new immutable snapshot, so readers re-render exactly when the run changes. */
export function useRun(side: Side): Run | undefined {
  const runId = useAppStore((s) => {
    const slot = s[side];
    return slot.kind === 'ready' ? slot.runId : null;
  });
  const snapshot = useCallback(() => runs.get(runId), [runId]);
  return useSyncExternalStore(runs.subscribe, snapshot);
}

/** The cursor of `side`: the primary's own, or the secondary's linked to it by operation. */
export function useCursor(side: Side): number {
  const primary = useRun('primary');
  const secondary = useRun('secondary');
  const cursor = useAppStore((s) => s.cursor);
  if (side === 'primary' || primary === undefined || secondary === undefined)
    return cursor;
  return linkByOp(primary, secondary, cursor);
}

export interface RunAtCursor {
  readonly run: Run;
  readonly view: StepView;
}

export function useStepView(side: Side): RunAtCursor | undefined {
  const run = useRun(side);
  const cursor = useCursor(side);
  return useMemo(
    () =>
      run === undefined ? undefined : { run, view: runs.viewAt(run, cursor) },
    [run, cursor],
  );
}
