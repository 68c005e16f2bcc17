// Runs a scenario for the page: validate, simulate one operation at a time with tracing on, and push the
// new events in batches after each operation. Pure engine plus a `post` callback; no pacing of its own.

import { describeOp, createSimulation } from '../sim/simulation.ts';
import { findBuiltin } from '../scenario/library/index.ts';
import {
  parseScenarioJson,
  validateScenario,
  type ValidationResult,
} from '../scenario/validate.ts';
import type { VariantId } from '../scenario/types.ts';
import {
  PROTOCOL_VERSION,
  type EventsPush,
  type RunOutcome,
  type RunReply,
  type ScenarioSource,
} from '../protocol.ts';

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

export function runScenario(
  args: {
    readonly runId: number;
    readonly source: ScenarioSource;
    readonly variant: VariantId;
  },
  post: (push: EventsPush) => void,
): RunReply {
  const checked = resolve(args.source);
  if (!checked.ok)
    return { ok: false, runId: args.runId, errors: checked.errors };
  const sim = createSimulation({
    scenario: checked.scenario,
    variant: args.variant,
    trace: true,
  });
  let sent = 0;
  const flush = (): void => {
    const events = sim.events;
    while (sent < events.length) {
      const batch = events.slice(sent, sent + EVENT_BATCH);
      post({
        v: PROTOCOL_VERSION,
        kind: 'events',
        runId: args.runId,
        from: sent,
        batch,
      });
      sent += batch.length;
    }
  };
  const outcomes: RunOutcome[] = [];
  flush();
  for (;;) {
    const outcome = sim.step();
    if (outcome === null) break;
    flush();
    outcomes.push({
      op: outcome.op,
      spec: outcome.spec,
      description: describeOp(outcome.spec),
      result: outcome.result,
      errno: outcome.error?.errno ?? null,
      message: outcome.error?.message ?? null,
      counters: outcome.counters,
      oracleOk: outcome.oracle.ok,
      mismatches: outcome.oracle.mismatches,
    });
  }
  return {
    ok: true,
    runId: args.runId,
    scenario: checked.scenario,
    variant: args.variant,
    eventCount: sim.events.length,
    outcomes,
  };
}
