// How `run` prints a run, whatever the filesystem: one line per step event, the summary per operation, the
// non-zero counters, the JSON report and the events as JSON Lines. Rule: text only; the commands decide what
// to run.

import { describeOp } from '../sim/describeOp.ts';
import type { OpOutcome } from '../sim/simulation.ts';
import type { StepEvent } from '../trace/events.ts';
import type { CountersRec } from '../trace/records.ts';

/** One event as text, or null for events left out to keep the trace readable (call exits). */
export function eventLine(event: StepEvent): string | null {
  if (event.kind === 'call.enter') return `→ ${event.fn}`;
  if (event.kind === 'call.exit') return null;
  return `[${event.kind}] ${event.note}`;
}

/** The non-zero counters as `name=value`, in the record's order. */
export function keyCounters(c: CountersRec): string {
  return Object.entries(c)
    .filter(([name, value]) => name !== 'op' && value !== 0)
    .map(([name, value]) => `${name}=${String(value)}`)
    .join(' ');
}

/** The events as JSON Lines, a few thousand lines per chunk. */
export function* jsonLines(events: readonly StepEvent[]): Generator<string> {
  const CHUNK = 4096;
  for (let i = 0; i < events.length; i += CHUNK)
    yield events
      .slice(i, i + CHUNK)
      .map((e) => `${JSON.stringify(e)}\n`)
      .join('');
}

/** A file's state at the end of a run, as `run --json` reports it. */
export interface FinalFile {
  readonly name: string;
  readonly size: number;
  /** null for a file too large to hash (cli/fileDigest.ts). */
  readonly sha256: string | null;
}

/** The part of `run --json` every filesystem shares: events, counters, the oracle, results, final files. */
export function runJson(
  scenario: string,
  design: string,
  events: number,
  outcomes: readonly OpOutcome[],
  files: readonly FinalFile[],
): Record<string, unknown> {
  const first = files[0];
  return {
    scenario,
    design,
    events,
    counters: outcomes.map((o) => o.counters),
    oracle: {
      ok: outcomes.every((o) => o.oracle.ok),
      mismatches: outcomes.flatMap((o) => o.oracle.mismatches),
    },
    results: outcomes.map((o) => ({
      op: o.op,
      result: o.result,
      errno: o.error?.errno ?? null,
    })),
    final: {
      ...(first === undefined
        ? {}
        : { size: first.size, sha256: first.sha256 }),
      files,
    },
  };
}

/** The text listing: a title line, one line per step event (indented by depth), then the summary per op. */
export function runListing(
  title: string,
  events: readonly StepEvent[],
  outcomes: readonly OpOutcome[],
): string[] {
  const width = String(Math.max(0, events.length - 1)).length;
  const lines = [title, ''];
  for (const event of events) {
    const line = eventLine(event);
    if (line !== null)
      lines.push(
        `${String(event.seq).padStart(width)}  ${'  '.repeat(event.depth)}${line}`,
      );
  }
  lines.push('', 'Summary:');
  for (const o of outcomes) {
    const result =
      o.error === null
        ? `returns ${String(o.result)}`
        : `fails with ${o.error.errno}: ${o.error.message}`;
    lines.push(
      `  op ${String(o.op + 1)}: ${describeOp(o.spec)} ${result}`,
      o.oracle.ok
        ? '    oracle: ok'
        : `    oracle: DATA LOSS: ${o.oracle.mismatches.join('; ')}`,
    );
    const counters = keyCounters(o.counters);
    lines.push(`    counters: ${counters.length > 0 ? counters : '(none)'}`);
  }
  return lines;
}
