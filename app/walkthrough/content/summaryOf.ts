// The start-screen summary of a chapter, by id: the chapter content files take their id, title and summary
// from chapters.ts so the two can never disagree.

import {
  WALKTHROUGH_CHAPTERS,
  type WalkthroughChapterSummary,
} from '../chapters.ts';

export function summaryOf(id: string): WalkthroughChapterSummary {
  const found = WALKTHROUGH_CHAPTERS.find((c) => c.id === id);
  if (found === undefined) throw new Error(`no walkthrough chapter ${id}`);
  return found;
}
