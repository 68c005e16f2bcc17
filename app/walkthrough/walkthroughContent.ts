// The walkthrough's chapters in order, with their full content. The order and titles come from chapters.ts
// (which the start screen imports); a chapter id without content here is a bug the unit test reports.

import { p1Srcmap } from './content/p1Srcmap.ts';
import { p2ReadSrcmap } from './content/p2ReadSrcmap.ts';
import { p3PagePrivate } from './content/p3PagePrivate.ts';
import { p4BtrfsIomapWrite } from './content/p4BtrfsIomapWrite.ts';
import { p5BtrfsCow } from './content/p5BtrfsCow.ts';
import { p6RemoveLegacy } from './content/p6RemoveLegacy.ts';
import { whatHappenedNext } from './content/whatHappenedNext.ts';
import type { WalkthroughChapter } from './walkthroughModel.ts';

export const CHAPTERS: readonly WalkthroughChapter[] = [
  p1Srcmap,
  p2ReadSrcmap,
  p3PagePrivate,
  p4BtrfsIomapWrite,
  p5BtrfsCow,
  p6RemoveLegacy,
  whatHappenedNext,
];

export function chapterById(id: string): WalkthroughChapter | undefined {
  return CHAPTERS.find((c) => c.id === id);
}
