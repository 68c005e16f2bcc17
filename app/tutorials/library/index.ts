// Every tutorial, in the order the start screen lists them (the suggested arc of issue 6).

import type { Tutorial } from '../types.ts';
import { enospcFlush } from './enospcFlush.ts';
import { fsyncPowerCut } from './fsyncPowerCut.ts';
import { holeWrite } from './holeWrite.ts';
import { nocowEnospc } from './nocowEnospc.ts';
import { orderedWait } from './orderedWait.ts';
import { pinnedCommit } from './pinnedCommit.ts';
import { preallocWrite } from './preallocWrite.ts';
import { srcmapRead } from './srcmapRead.ts';
import { subpageBlocks } from './subpageBlocks.ts';
import { v1Bug } from './v1Bug.ts';
import { v1BugCached } from './v1BugCached.ts';
import { writebackCow } from './writebackCow.ts';
import { xfsCowSrcmap } from './xfsCowSrcmap.ts';

export const TUTORIALS: readonly Tutorial[] = [
  holeWrite,
  writebackCow,
  srcmapRead,
  v1Bug,
  v1BugCached,
  orderedWait,
  nocowEnospc,
  preallocWrite,
  subpageBlocks,
  pinnedCommit,
  enospcFlush,
  fsyncPowerCut,
  xfsCowSrcmap,
];

export function findTutorial(id: string): Tutorial | undefined {
  return TUTORIALS.find((t) => t.id === id);
}
