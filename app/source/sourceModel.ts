// The Source pane's model: at a step, the frames open (the scenario runner outermost, the event's own
// function innermost), each with its listing and the line it is on. Pure; the pane only draws it.

import type { StepEvent, DesignId } from '@engine';
import { listingFor } from './catalog.ts';
import { callSite, lineIn } from './lineOf.ts';
import type { Listing } from './types.ts';

export interface SourceFrame {
  /** '' for the scenario runner. */
  readonly fn: string;
  readonly listing: Listing | undefined;
  /** The id of the line this frame is on (the call site for an outer frame), if known. */
  readonly line: string | undefined;
}

/**
 * The frames at `event`, outermost first. `stack` is the reduced call stack after the event (as the
 * store's view holds it); the frames the event ran in are its first `event.depth` entries.
 */
export function framesAt(
  event: StepEvent | undefined,
  stack: readonly string[],
  design: DesignId,
): readonly SourceFrame[] {
  const names = ['', ...stack.slice(0, event?.depth ?? 0)];
  return names.map((fn, i) => {
    const listing = listingFor(fn, design);
    const inner = names[i + 1];
    let line: string | undefined;
    if (listing !== undefined && event !== undefined)
      line =
        inner === undefined
          ? lineIn(listing, event)?.id
          : callSite(listing, inner)?.id;
    return { fn, listing, line };
  });
}

/** The display name of a frame. */
export function frameLabel(fn: string): string {
  return fn === '' ? 'scenario runner' : fn;
}
