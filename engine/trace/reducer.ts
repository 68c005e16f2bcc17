// The reducer: rebuilds the simulated state at any step from the events alone, forward (apply) and
// backward (undo), exactly. Records are immutable, so a state copy is a copy of its maps.

import { InvariantError } from '../core/assert.ts';
import type { StepEvent } from './events.ts';
import {
  TABLE_NAMES,
  type RecordChange,
  type TableName,
  type TableTypes,
} from './records.ts';

export type Tables = { [T in TableName]: Map<string, TableTypes[T]> };

export interface ReducedState {
  readonly tables: Tables;
  /** Kernel-function frames, outermost first. */
  readonly stack: string[];
  /** seq of the last applied event; -1 before the first. */
  seq: number;
}

export function emptyState(): ReducedState {
  const tables = Object.fromEntries(
    TABLE_NAMES.map((t) => [t, new Map()]),
  ) as unknown as Tables;
  return { tables, stack: [], seq: -1 };
}

export function cloneState(state: ReducedState): ReducedState {
  const tables = Object.fromEntries(
    TABLE_NAMES.map((t) => [
      t,
      new Map(state.tables[t] as Map<string, unknown>),
    ]),
  ) as unknown as Tables;
  return { tables, stack: [...state.stack], seq: state.seq };
}

function put(
  state: ReducedState,
  change: RecordChange,
  value: RecordChange['after'],
): void {
  const table = state.tables[change.table] as Map<string, unknown>;
  if (value === null) table.delete(change.key);
  else table.set(change.key, value);
}

/** Applies `event` to `state` in place. Events must be applied in seq order. */
export function applyEvent(state: ReducedState, event: StepEvent): void {
  if (event.seq !== state.seq + 1)
    throw new InvariantError(
      `apply: event ${String(event.seq)} after state ${String(state.seq)}`,
    );
  if (event.changes !== undefined)
    for (const c of event.changes) put(state, c, c.after);
  if (event.kind === 'call.enter') state.stack.push(event.fn);
  else if (event.kind === 'call.exit') {
    const top = state.stack.pop();
    if (top !== event.fn)
      throw new InvariantError(
        `apply: call.exit ${event.fn} does not match frame ${String(top)}`,
      );
  }
  state.seq = event.seq;
}

/** Reverts `event` (the last applied one) from `state` in place. */
export function undoEvent(state: ReducedState, event: StepEvent): void {
  if (event.seq !== state.seq)
    throw new InvariantError(
      `undo: event ${String(event.seq)} is not the last applied (${String(state.seq)})`,
    );
  if (event.kind === 'call.enter') state.stack.pop();
  else if (event.kind === 'call.exit') state.stack.push(event.fn);
  const changes = event.changes;
  if (changes !== undefined)
    for (let i = changes.length - 1; i >= 0; i--)
      put(
        state,
        changes[i] as RecordChange,
        (changes[i] as RecordChange).before,
      );
  state.seq = event.seq - 1;
}

/** A plain-object view of a state, for comparisons and JSON. Keys sorted. */
export function stateToJson(state: ReducedState): unknown {
  const tables: Record<string, unknown> = {};
  for (const t of TABLE_NAMES) {
    const entries = [...state.tables[t].entries()].sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    tables[t] = Object.fromEntries(entries);
  }
  return { seq: state.seq, stack: state.stack, tables };
}
