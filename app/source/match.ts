// Helpers that build a line's event matches (LineMatch): calls, kinds, and tests on payload fields and on
// the narration. Pure; used only by the listing data modules.

import type { StepEvent, StepEventKind } from '@engine';
import type { LineMatch, SourceLine } from './types.ts';

/** The call.enter and call.exit of `fn` (the call site in the caller's listing). */
export function calls(fn: string): LineMatch {
  return { kind: 'call', fn };
}

export function on(
  kind: StepEventKind,
  when?: (event: StepEvent) => boolean,
): LineMatch {
  return when === undefined ? { kind } : { kind, when };
}

/** The narration starts with `prefix` (the engine's notes name the kernel step first). */
export function noted(prefix: string): (event: StepEvent) => boolean {
  return (e) => e.note.startsWith(prefix);
}

/** The narration mentions `text`. */
export function mentions(text: string): (event: StepEvent) => boolean {
  return (e) => e.note.includes(text);
}

/** An io-tree event that sets `bit`. */
export function sets(bit: string): (event: StepEvent) => boolean {
  return (e) => e.kind === 'btrfs.bits' && e.set.includes(bit);
}

/** An io-tree event that clears `bit`. */
export function clears(bit: string): (event: StepEvent) => boolean {
  return (e) => e.kind === 'btrfs.bits' && e.clear.includes(bit);
}

/** A reservation or release event on `space`. */
export function inSpace(
  space: 'data' | 'metadata',
): (event: StepEvent) => boolean {
  return (e) =>
    (e.kind === 'btrfs.reserve' || e.kind === 'btrfs.release') &&
    e.space === space;
}

/** A btrfs.extent event with `action`. */
export function extentAction(
  action: 'alloc' | 'insert' | 'drop' | 'split' | 'free' | 'ref',
): (event: StepEvent) => boolean {
  return (e) => e.kind === 'btrfs.extent' && e.action === action;
}

/** One listing line; `extra` adds `with`, `notRun`, `onQuietCall` or a patch mark. */
export function ln(
  id: string,
  depth: number,
  text: string,
  runs: readonly LineMatch[] = [],
  extra: Pick<SourceLine, 'with' | 'notRun' | 'onQuietCall' | 'diff'> = {},
): SourceLine {
  return runs.length > 0
    ? { id, depth, text, runs, ...extra }
    : { id, depth, text, ...extra };
}
