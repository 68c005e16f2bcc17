// Runs a scenario for the page: validate, announce it, simulate one operation at a time with tracing on,
// and push each operation's events and outcome as it finishes. Pure engine plus a `post` callback and an
// image lease; no pacing of its own.

import { describeOp } from '../sim/describeOp.ts';
import { createSimulation } from '../sim/simulation.ts';
import { ScenarioDoesNotFit } from '../sim/setup.ts';
import { createXfsSimulation } from '../sim/xfsSimulation.ts';
import { designFilesystem, type Scenario } from '../scenario/types.ts';
import type { StepEvent } from '../trace/events.ts';
import type { OpOutcome, Simulation } from '../sim/simulation.ts';
import { MemoryDisk } from '../disk/memoryDisk.ts';
import { WriteCache } from '../disk/writeCache.ts';
import { findBuiltin } from '../scenario/library/index.ts';
import {
  parseScenarioJson,
  validateScenario,
  type ValidationResult,
} from '../scenario/validate.ts';
import {
  PROTOCOL_VERSION,
  type CutReport,
  type ImageInfo,
  type RunArgs,
  type RunDevice,
  type RunOutcome,
  type RunReply,
  type RunStreamPush,
  type ScenarioSource,
} from '../protocol.ts';
import { CutTwin } from './cutReport.ts';
import type { ImageSession } from './imageSession.ts';

/** Events per message: large enough to keep postMessage overhead small, small enough to stream. */
export const EVENT_BATCH = 4096;

function resolve(source: ScenarioSource): ValidationResult {
  if (source.kind === 'inline') return parseScenarioJson(source.json);
  const builtin = findBuiltin(source.id);
  if (builtin === undefined)
    return {
      ok: false,
      errors: [
        {
          path: 'id',
          message: `no built-in scenario is called ${JSON.stringify(source.id)}`,
        },
      ],
    };
  return validateScenario(builtin);
}

function toOutcome(outcome: OpOutcome): RunOutcome {
  return {
    op: outcome.op,
    spec: outcome.spec,
    description: describeOp(outcome.spec),
    result: outcome.result,
    errno: outcome.error?.errno ?? null,
    message: outcome.error?.message ?? null,
    counters: outcome.counters,
    oracleOk: outcome.oracle.ok,
    mismatches: outcome.oracle.mismatches,
  };
}

/**
 * Posts the events a run has recorded since the last call, in batches, the last batch with `outcomes`, and
 * takes them from the run: the page holds the trace, the worker keeps none of it.
 */
function streamer(
  runId: number,
  take: () => StepEvent[],
  post: (push: RunStreamPush) => void,
): { flush(outcomes: readonly RunOutcome[]): void; readonly sent: number } {
  let sent = 0;
  return {
    flush(outcomes) {
      const fresh = take();
      let at = 0;
      do {
        const batch = fresh.slice(at, at + EVENT_BATCH);
        at += batch.length;
        post({
          v: PROTOCOL_VERSION,
          kind: 'events',
          runId,
          from: sent,
          batch,
          outcomes: at >= fresh.length ? outcomes : [],
        });
        sent += batch.length;
      } while (at < fresh.length);
    },
    get sent() {
      return sent;
    },
  };
}

/** seq of the last power.cut event not yet streamed (the one `cutAt` caused ends the run), or -1. */
function lastCut(sim: Simulation): number {
  for (let s = sim.events.length - 1; s >= 0; s--) {
    const event = sim.events[s];
    if (event?.kind === 'power.cut') return event.seq;
  }
  return -1;
}

export function runScenario(
  args: RunArgs,
  image: ImageSession | null,
  post: (push: RunStreamPush) => void,
): RunReply {
  const checked = resolve(args.source);
  if (!checked.ok)
    return { ok: false, runId: args.runId, errors: checked.errors };
  const { scenario } = checked;
  if (designFilesystem(args.variant) !== (scenario.filesystem ?? 'btrfs'))
    return {
      ok: false,
      runId: args.runId,
      errors: [
        {
          path: 'filesystem',
          message:
            scenario.filesystem === 'xfs'
              ? `${scenario.id} is an XFS scenario ("filesystem": "xfs"): it runs under the xfs design only, not ${args.variant}; pick xfs, or compare it beside a btrfs design, which runs its btrfs twin`
              : `${scenario.id} is a btrfs scenario: the xfs design runs XFS scenarios only (X2, X4, X5); pick a btrfs design`,
        },
      ],
    };
  if (args.variant === 'xfs' && args.cutAt !== undefined)
    return {
      ok: false,
      runId: args.runId,
      errors: [
        {
          path: 'cut',
          message:
            'XFS runs take no power cut: the model keeps XFS metadata in memory and writes no log, so what survives a cut is not modelled (docs/xfs.md)',
        },
      ],
    };
  if (args.variant === 'xfs') return runXfs(args, scenario, post);
  const variant = args.variant;
  const need = scenario.geometry.deviceSize;
  const lease =
    args.device === 'image' && image !== null
      ? image.lease(need)
      : { ok: false as const, reason: null };
  const device: RunDevice = lease.ok
    ? { kind: 'image', sizeBytes: lease.device.size() }
    : { kind: 'memory', sizeBytes: need, reason: lease.reason };
  let sim: Simulation;
  try {
    sim = createSimulation({
      scenario,
      variant,
      trace: true,
      device: lease.ok ? lease.device : new WriteCache(MemoryDisk.create(need)),
      ...(args.cutAt === undefined ? {} : { cutAt: args.cutAt }),
    });
  } catch (error) {
    // A valid scenario whose extents do not fit its device is refused as validation refuses one.
    if (!(error instanceof ScenarioDoesNotFit)) throw error;
    if (lease.ok)
      settleFailed(image, `${scenario.id} under ${args.variant} (did not fit)`);
    return {
      ok: false,
      runId: args.runId,
      errors: [{ path: 'files', message: error.message }],
    };
  }
  post({
    v: PROTOCOL_VERSION,
    kind: 'run',
    runId: args.runId,
    scenario,
    variant: args.variant,
    device,
  });
  // SIMPLIFICATION: a cut run also runs untraced without the cut, to say what the cut lost (see cutReport.ts).
  const twin =
    args.cutAt === undefined
      ? null
      : new CutTwin(createSimulation({ scenario, variant, trace: false }));
  const stream = streamer(args.runId, () => sim.takeEvents(), post);
  const outcomes: RunOutcome[] = [];
  let cut: CutReport | null = null;
  try {
    stream.flush([]);
    for (;;) {
      const outcome = sim.step();
      if (outcome === null) break;
      const out = toOutcome(outcome);
      outcomes.push(out);
      if (sim.cut !== null && twin !== null && cut === null)
        cut = twin.report(sim, lastCut(sim), args.cutAt?.seed ?? null);
      else twin?.follow();
      stream.flush([out]);
    }
  } catch (error) {
    if (lease.ok)
      settleFailed(image, `${scenario.id} under ${args.variant} (failed)`);
    throw error;
  }
  const settled: ImageInfo | null =
    lease.ok && image !== null
      ? image.settle(`${scenario.id} under ${args.variant}`)
      : null;
  return {
    ok: true,
    runId: args.runId,
    scenario,
    variant: args.variant,
    eventCount: stream.sent,
    outcomes,
    device,
    image: settled,
    cut,
  };
}

/**
 * An XFS scenario under the xfs design: always in memory (the model keeps XFS metadata in memory and
 * writes no log, so it neither formats nor mounts the image; docs/xfs.md), with no power cut.
 */
function runXfs(
  args: RunArgs,
  scenario: Scenario,
  post: (push: RunStreamPush) => void,
): RunReply {
  const device: RunDevice = {
    kind: 'memory',
    sizeBytes: scenario.geometry.deviceSize,
    reason:
      args.device === 'image'
        ? 'XFS runs in memory: the model keeps its metadata in memory and writes no log, so it does not use the disk image'
        : null,
  };
  post({
    v: PROTOCOL_VERSION,
    kind: 'run',
    runId: args.runId,
    scenario,
    variant: 'xfs',
    device,
  });
  const sim = createXfsSimulation({ scenario, trace: true });
  const stream = streamer(args.runId, () => sim.takeEvents(), post);
  const outcomes: RunOutcome[] = [];
  stream.flush([]);
  for (let o = sim.step(); o !== null; o = sim.step()) {
    const out = toOutcome(o);
    outcomes.push(out);
    stream.flush([out]);
  }
  return {
    ok: true,
    runId: args.runId,
    scenario,
    variant: 'xfs',
    eventCount: stream.sent,
    outcomes,
    device,
    image: null,
    cut: null,
  };
}

/** A run that failed half-way still leaves its writes on the image: flush them, but report the failure. */
function settleFailed(image: ImageSession | null, writtenBy: string): void {
  try {
    image?.settle(writtenBy);
  } catch {
    // The half-written filesystem does not mount; the next run formats the image again.
  }
}
