// window.__sim: the hooks end-to-end tests use instead of timed waits, and a read-only view of the state.

import { stateToJson } from '@engine';
import type { EngineClient } from './client/engineClient.ts';
import type { ImageActions } from './client/imageActions.ts';
import { nav } from './client/navActions.ts';
import { runs } from './client/runRegistry.ts';
import type { SessionActions } from './client/sessionActions.ts';
import { useAppStore } from './store/appStore.ts';
import { canvasRenderStats, type RenderStats } from './viz/renderStats.ts';

export interface SimTestApi {
  /** Resolves when no engine request and no app action is in flight. */
  waitForIdle(): Promise<void>;
  /** The cursor and the primary run's length. */
  position(): { readonly cursor: number; readonly events: number };
  /** The reduced state at the primary cursor, as sorted JSON. */
  stateJson(): string;
  /** Moves the cursor of the primary run to `seq` (as scrubbing the timeline does). */
  seekTo(seq: number): void;
  /** The seq of the first event at or after `from` whose kind is `kind` (and whose note contains `text`), or -1. */
  findEvent(kind: string, from?: number, text?: string): number;
  /** How long recent large-file canvas frames took. */
  canvasStats(): RenderStats;
  /** Every state the primary run was shown in, oldest first (a streamed run shows up incomplete first). */
  shownRuns(): readonly ShownRun[];
}

export interface ShownRun {
  readonly scenario: string;
  readonly events: number;
  readonly complete: boolean;
}

const SHOWN_LIMIT = 200;

declare global {
  interface Window {
    __sim?: SimTestApi;
  }
}

const extraIdle: (() => Promise<void>)[] = [];

/** Lets other modules (the URL writer) join the idle signal. */
export function addIdleHook(hook: () => Promise<void>): void {
  extraIdle.push(hook);
}

function primaryRun() {
  const slot = useAppStore.getState().primary;
  return slot.kind === 'ready' ? runs.get(slot.runId) : undefined;
}

export function installTestApi(
  client: EngineClient,
  image: ImageActions,
  session: SessionActions,
): void {
  const shown: ShownRun[] = [];
  useAppStore.subscribe((state, prev) => {
    if (state.primary === prev.primary || state.primary.kind !== 'ready')
      return;
    const run = runs.get(state.primary.runId);
    if (run === undefined) return;
    if (shown.length >= SHOWN_LIMIT) shown.shift();
    shown.push({
      scenario: run.scenario.id,
      events: state.primary.eventCount,
      complete: state.primary.complete,
    });
  });
  window.__sim = {
    async waitForIdle() {
      for (;;) {
        await client.whenIdle();
        // One macrotask lets pending continuations (store updates, React commits) run.
        await new Promise<void>((resolve) => {
          setTimeout(resolve, 0);
        });
        for (const hook of extraIdle) await hook();
        if (client.idle() && !image.busy() && !session.busy()) return;
      }
    },
    position() {
      return {
        cursor: useAppStore.getState().cursor,
        events: primaryRun()?.events.length ?? 0,
      };
    },
    stateJson() {
      const run = primaryRun();
      if (run === undefined) return 'null';
      return JSON.stringify(
        stateToJson(runs.viewAt(run, useAppStore.getState().cursor).state),
      );
    },
    seekTo(seq) {
      nav.seek(seq);
    },
    findEvent(kind, from = 0, text = '') {
      const run = primaryRun();
      if (run === undefined) return -1;
      for (let s = from; s < run.events.length; s++) {
        const e = run.events[s];
        if (e?.kind === kind && e.note.includes(text)) return s;
      }
      return -1;
    },
    canvasStats: canvasRenderStats,
    shownRuns: () => [...shown],
  };
}
