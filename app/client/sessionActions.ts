// What the page asks the engine about scenarios: run a scenario under one or two designs (the first on the
// OPFS image, the second in memory), load a file or an edited scenario, and land the results in the store
// while they stream in. Every action is tracked for the idle signal.

import { formatSize, MAX_SCENARIO_TEXT_BYTES, type DesignId } from '@engine';
import type {
  CutRequest,
  RunArgs,
  RunReply,
  ScenarioSource,
} from '@engine/protocol';
import { compareSource } from '../model/designChoice.ts';
import { linkByOp, linkCut } from '../model/navigation.ts';
import { useAppStore } from '../store/appStore.ts';
import type { RunSlot } from '../store/sessionSlice.ts';
import { EngineCallError, type EngineClient } from './engineClient.ts';
import { compareModule } from './lazyViews.ts';
import { runs, type Run } from './runRegistry.ts';

export interface ShowRequest {
  readonly source?: ScenarioSource;
  readonly variant?: DesignId;
  readonly compareVariant?: DesignId | null;
  /** The power cut to run with (default: kept while scenario and design stay, dropped otherwise). */
  readonly cut?: CutRequest | null;
  /** Where to put the cursor (default: keep the position, linked by operation). */
  readonly cursor?: number;
  /** Where the scenario came from, for the error list when it is rejected. */
  readonly origin?: string;
}

/**
 * How a show() ended: on screen; superseded by a later show() (not a failure: the later one decides what is
 * on screen); rejected (the scenario's errors are listed); or failed in the engine.
 */
export type ShowResult = 'shown' | 'superseded' | 'rejected' | 'failed';

export interface SessionActions {
  /** Runs what `request` changes; a rejected scenario leaves the current one in place. */
  show(request: ShowRequest): Promise<ShowResult>;
  /** Reads a scenario JSON file and shows it (its errors are listed when it is rejected). */
  loadFile(file: File): Promise<ShowResult>;
  /** Runs a startup task under the idle signal (restoring the view from the URL). */
  start(task: () => Promise<unknown>): Promise<void>;
  /** Runs any other page task (an export) under the idle signal. */
  track(task: () => Promise<void>): Promise<void>;
  busy(): boolean;
}

function slotRunId(slot: RunSlot): number | null {
  return slot.kind === 'ready' ? slot.runId : null;
}

function slotOf(run: Run): RunSlot {
  return {
    kind: 'ready',
    runId: run.runId,
    eventCount: run.events.length,
    complete: run.complete,
  };
}

/** Where the cursor goes in a new run, or null until enough of it has arrived to tell. */
type CursorTarget = (run: Run) => number | null;

function clampTo(run: Run, seq: number): number {
  return Math.max(0, Math.min(seq, run.events.length - 1));
}

function targetFor(
  request: ShowRequest,
  oldRun: Run | undefined,
  oldCursor: number,
): CursorTarget {
  const wanted = request.cursor;
  if (wanted !== undefined)
    return (run) =>
      run.complete || run.events.length > wanted ? clampTo(run, wanted) : null;
  if (oldRun === undefined) return () => 0;
  const op = oldRun.events[oldCursor]?.op ?? -1;
  return (run) => {
    if (oldRun.scenario.id !== run.scenario.id) return 0;
    // The same operation, the same distance into it: known once that operation has finished arriving.
    if (!run.complete && run.outcomes.length <= op) return null;
    if (op < 0 && !run.complete && run.events.length <= oldCursor) return null;
    return clampTo(run, linkByOp(oldRun, run, oldCursor));
  };
}

export function createSessionActions(client: EngineClient): SessionActions {
  let running = 0;
  let generation = 0;

  async function runOne(
    args: Omit<RunArgs, 'runId'>,
    side: 'primary' | 'secondary',
    isCurrent: () => boolean,
    onRun: (run: Run) => void,
  ): Promise<RunReply> {
    const { setSession, setImage } = useAppStore.getState();
    const label =
      args.source.kind === 'builtin' ? args.source.id : 'the scenario';
    const runId = runs.begin((run) => {
      if (!isCurrent()) return;
      setSession({
        progress: run.complete
          ? null
          : {
              side,
              label: `${run.scenario.id} under ${run.variant}`,
              received: run.events.length,
              opsDone: run.outcomes.length,
              ops: run.opCount,
            },
      });
      onRun(run);
    });
    if (isCurrent())
      setSession({
        progress: {
          side,
          label: `${label} under ${args.variant}`,
          received: 0,
          opsDone: 0,
          ops: 0,
        },
      });
    try {
      const reply = await client.call('runScenario', { runId, ...args });
      if (!reply.ok) runs.abandon(runId);
      else {
        runs.complete(reply);
        if (reply.image !== null)
          setImage({ kind: 'ready', info: reply.image });
      }
      return reply;
    } catch (error) {
      runs.abandon(runId);
      throw error;
    }
  }

  async function show(request: ShowRequest): Promise<ShowResult> {
    const mine = ++generation;
    const isCurrent = () => mine === generation;
    const before = useAppStore.getState();
    const source = request.source ?? before.source;
    const variant = request.variant ?? before.variant;
    const compareVariant =
      request.compareVariant === undefined
        ? before.compareVariant
        : request.compareVariant;
    const cut =
      request.cut !== undefined
        ? request.cut
        : source === before.source && variant === before.variant
          ? before.cut
          : null;
    const target = targetFor(
      request,
      runs.get(slotRunId(before.primary)),
      before.cursor,
    );
    const { setSession, setCursor, setPlaying } = before;
    setPlaying(false);
    let shown = false;
    const showPrimary = (run: Run) => {
      if (shown) {
        setSession({ primary: slotOf(run) });
        return;
      }
      const cursor = target(run);
      if (cursor === null) return;
      shown = true;
      setSession({
        source,
        variant,
        compareVariant,
        cut,
        rejection: null,
        primary: slotOf(run),
        secondary:
          compareVariant === null ? { kind: 'empty' } : { kind: 'running' },
      });
      setCursor(cursor);
    };
    try {
      const primary = await runOne(
        {
          source,
          variant,
          device: 'image',
          ...(cut === null ? {} : { cutAt: cut }),
        },
        'primary',
        isCurrent,
        showPrimary,
      );
      if (!isCurrent()) return 'superseded';
      if (!primary.ok) {
        setSession({
          rejection: {
            origin: request.origin ?? 'the scenario',
            errors: primary.errors,
          },
        });
        return 'rejected';
      }
      let secondaryId: number | null = null;
      // The compare design runs the scenario, or its twin on the design's filesystem (X2 beside S2).
      const secondarySource =
        compareVariant === null
          ? null
          : compareSource(
              source,
              primary.scenario.filesystem ?? 'btrfs',
              compareVariant,
            );
      if (compareVariant !== null && secondarySource === null)
        setSession({
          secondary: {
            kind: 'failed',
            message: `${primary.scenario.id} has no version that the ${compareVariant} design runs`,
          },
        });
      if (compareVariant !== null && secondarySource !== null) {
        // Compare's view is drawn when the second run shows: its code is here by then.
        await compareModule.load();
        if (!isCurrent()) return 'superseded';
        // A cut in compare cuts both runs in the same operation (linkCut), found on the second design's
        // uncut run: the one on screen when it is that, else one run in memory first, never shown.
        let secondaryCut: CutRequest | null = null;
        const cutRun = runs.get(primary.runId);
        if (cut !== null && cutRun !== undefined) {
          const shownUncut =
            source === before.source &&
            compareVariant === before.compareVariant &&
            before.cut === null
              ? runs.get(slotRunId(before.secondary))
              : undefined;
          let uncut = shownUncut?.complete === true ? shownUncut : undefined;
          if (uncut === undefined) {
            const reply = await runOne(
              {
                source: secondarySource,
                variant: compareVariant,
                device: 'memory',
              },
              'secondary',
              isCurrent,
              () => undefined,
            );
            if (!isCurrent()) return 'superseded';
            uncut = reply.ok ? runs.get(reply.runId) : undefined;
          }
          if (uncut !== undefined)
            secondaryCut = {
              ...cut,
              event: linkCut(cutRun, uncut, cut.event),
            };
        }
        const secondary = await runOne(
          {
            source: secondarySource,
            variant: compareVariant,
            device: 'memory',
            ...(secondaryCut === null ? {} : { cutAt: secondaryCut }),
          },
          'secondary',
          isCurrent,
          (run) => {
            setSession({ secondary: slotOf(run) });
          },
        );
        if (!isCurrent()) return 'superseded';
        if (secondary.ok) secondaryId = secondary.runId;
        else
          setSession({
            secondary: { kind: 'failed', message: 'the scenario was rejected' },
          });
      }
      runs.retain([primary.runId, secondaryId]);
      return 'shown';
    } catch (error) {
      if (!(error instanceof EngineCallError)) throw error;
      if (!isCurrent()) return 'superseded';
      setSession({ primary: { kind: 'failed', message: error.message } });
      return 'failed';
    } finally {
      if (isCurrent()) setSession({ progress: null });
    }
  }

  async function tracked<T>(body: () => Promise<T>): Promise<T> {
    running++;
    try {
      return await body();
    } finally {
      running--;
    }
  }

  return {
    show: (request) => tracked(() => show(request)),
    start: async (task) => {
      await tracked(task);
    },
    track: (task) => tracked(task),
    loadFile: (file) =>
      tracked(async () => {
        // A file over the cap is not read (as the CLI refuses one): the page says why instead.
        const json =
          file.size > MAX_SCENARIO_TEXT_BYTES
            ? `(${file.name} is ${formatSize(file.size)}; a scenario file holds at most ${formatSize(MAX_SCENARIO_TEXT_BYTES)})`
            : await file.text();
        return show({
          source: { kind: 'inline', json },
          cursor: 0,
          origin: file.name,
        });
      }),
    busy: () => running > 0,
  };
}
