// The shapes of the patch-review walkthrough: a chapter per patch, each a list of stops; a stop is one
// built-in scenario run under two designs side by side, positioned at a step the engine computes (the first
// divergence, or the first event of a kind), with the review points that concern that step.

import type { CountersRec, StepEventKind, DesignId } from '@engine';
import type { WalkthroughChapterSummary } from './chapters.ts';
import type { LoreLink } from './lore.ts';

/** Where a stop puts the cursor; always computed from the two runs' event logs, never a fixed number. */
export type StopAnchor =
  /** The first step where the two logs differ; `primaryKind` is the kind of the primary's event there. */
  | { readonly kind: 'divergence'; readonly primaryKind: string }
  /** The two logs are identical step for step; the cursor goes to the end. */
  | { readonly kind: 'identical' }
  /** The first event of the primary run of this kind whose narration contains `text`. */
  | {
      readonly kind: 'event';
      readonly eventKind: StepEventKind;
      readonly text: string;
    };

export interface ReviewPoint {
  /** The question or topic, as a reviewer would name it. */
  readonly topic: string;
  readonly reviewer: string;
  /** When it was said (UTC date). */
  readonly date: string;
  /** The point in the walkthrough's own words. */
  readonly summary: string;
  readonly link: LoreLink;
}

/** What a stop says the data oracle concludes after the scenario's first operation, per design. */
export interface OracleClaim {
  readonly primary: boolean;
  readonly compare: boolean;
}

export interface WalkthroughStop {
  readonly title: string;
  /** A built-in scenario id (engine/scenario/library). */
  readonly scenario: string;
  /** The design whose run drives the cursor (left), and the one beside it (right). */
  readonly primary: DesignId;
  readonly compare: DesignId;
  readonly anchor: StopAnchor;
  /** What to look at here, in the walkthrough's words. */
  readonly text: string;
  readonly oracle?: OracleClaim;
  /** The counters whose per-operation values differ between the runs (over all operations), if claimed. */
  readonly countersDiffer?: readonly (keyof CountersRec)[];
  readonly review: readonly ReviewPoint[];
}

export interface WalkthroughChapter extends WalkthroughChapterSummary {
  /** The message on lore.kernel.org this chapter is about. */
  readonly patch: LoreLink;
  /** What the patch changes, in the walkthrough's words. */
  readonly changes: string;
  /** Which engine designs stand for "before" and "after", and why. */
  readonly designs: string;
  readonly stops: readonly WalkthroughStop[];
}
