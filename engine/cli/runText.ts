// How `run` prints a run, whatever the filesystem: one line per step event, the non-zero counters, and the
// events as JSON Lines. Rule: text only; the commands decide what to run.

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
