// The shape of a Source listing: a kernel function as short pseudo-C in our own words, one line per
// statement, each with a stable id and the events that execute it. Data only; lineOf.ts does the matching.

import type { StepEvent, StepEventKind, DesignId } from '@engine';

/** Which events a line executes: a kind (or 'call' for the enter/exit pair of `fn`) and an optional test. */
export interface LineMatch {
  readonly kind: StepEventKind | 'call';
  /** For 'call': the callee. */
  readonly fn?: string;
  readonly when?: (event: StepEvent) => boolean;
}

/** A line the 2019 v1 series adds or changes, linked to its patch on lore. */
export interface PatchMark {
  readonly patch: 1 | 2 | 3 | 4 | 5 | 6;
  readonly change: 'added' | 'changed';
}

export interface SourceLine {
  /** Stable within its function across designs: the same id means the same statement. */
  readonly id: string;
  /** Indentation level (0 = the function body). */
  readonly depth: number;
  /** The pseudo-C text, in our own words. */
  readonly text: string;
  /** The events that execute this line (none: a control line, `with`, or `notRun`). */
  readonly runs?: readonly LineMatch[];
  /** Straight-line code with no event of its own: it runs whenever line `with` runs. */
  readonly with?: string;
  /** Why no built-in scenario runs this line under any design that shows it. */
  readonly notRun?: string;
  /**
   * The fast path: this line runs when a call of the function returns with no event of its own (the
   * engine narrates the outcome in the caller). At most one line of a listing says so.
   */
  readonly onQuietCall?: true;
  readonly diff?: PatchMark;
}

/** Where a listing comes from: a kernel file at a tag, a patch of the series, or the review thread. */
export type ListingOrigin =
  | {
      readonly kind: 'kernel';
      readonly tag: string;
      readonly file: string;
      readonly name?: string;
    }
  | {
      readonly kind: 'patch';
      readonly patch: 1 | 2 | 3 | 4 | 5 | 6;
      readonly file: string;
    }
  | {
      readonly kind: 'review';
      readonly patch: 1 | 2 | 3 | 4 | 5 | 6;
      readonly what: string;
    }
  | { readonly kind: 'engine'; readonly what: string };

export interface Listing {
  /** The kernel function (the frame name the engine's events carry). */
  readonly fn: string;
  readonly origin: ListingOrigin;
  /** One sentence on where this listing departs from the real function, if it does. */
  readonly note?: string;
  readonly lines: readonly SourceLine[];
}

/** A function's listing: one for every design, or one per group of designs. */
export type ListingSet =
  | Listing
  | readonly {
      readonly designs: readonly DesignId[];
      readonly listing: Listing;
    }[];
