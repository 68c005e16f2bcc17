// The built-in scenario library: one scenario per kernel-facts case (S1-S12, S14, S15), the variants the
// facts mention, and what btrfs does before ENOSPC (docs/space.md). Every entry must pass validateScenario (library.test.ts checks).

import type { ScenarioSpec } from '../types.ts';
import { s01AlignedOverwrite } from './s01AlignedOverwrite.ts';
import { s02UnalignedOverwrite } from './s02UnalignedOverwrite.ts';
import { s03V1TypeBug } from './s03V1TypeBug.ts';
import { s03V1TypeBugCached } from './s03V1TypeBugCached.ts';
import { s04HoleWrite } from './s04HoleWrite.ts';
import { s05AppendPastEof } from './s05AppendPastEof.ts';
import { s06OverwriteDirtyDelalloc } from './s06OverwriteDirtyDelalloc.ts';
import { s07WriteDuringWriteback } from './s07WriteDuringWriteback.ts';
import { s08NocowEnospc } from './s08NocowEnospc.ts';
import { s08NocowSharedEnospc } from './s08NocowSharedEnospc.ts';
import { s09PreallocWrite } from './s09PreallocWrite.ts';
import { s10SubpageWrite } from './s10SubpageWrite.ts';
import { s10SubpageAligned } from './s10SubpageAligned.ts';
import { s11ShortCopy } from './s11ShortCopy.ts';
import { s12StraddleExtents } from './s12StraddleExtents.ts';
import { s14FullOverwrite } from './s14FullOverwrite.ts';
import { s15FsyncPowerCut } from './s15FsyncPowerCut.ts';
import { enospcFlush } from './enospcFlush.ts';
import { XFS_SCENARIOS } from './xfsScenarios.ts';

/** Every built-in scenario, in kernel-facts order, then the space scenario. */
export const BUILTIN_SCENARIOS: readonly ScenarioSpec[] = [
  s01AlignedOverwrite,
  s02UnalignedOverwrite,
  s03V1TypeBug,
  s03V1TypeBugCached,
  s04HoleWrite,
  s05AppendPastEof,
  s06OverwriteDirtyDelalloc,
  s07WriteDuringWriteback,
  s08NocowEnospc,
  s08NocowSharedEnospc,
  s09PreallocWrite,
  s10SubpageWrite,
  s10SubpageAligned,
  s11ShortCopy,
  s12StraddleExtents,
  s14FullOverwrite,
  s15FsyncPowerCut,
  enospcFlush,
];

/** The built-in with this id (btrfs or XFS); ids are matched without regard to case ("s3-cached" finds "S3-cached"). */
export function findBuiltin(id: string): ScenarioSpec | undefined {
  const wanted = id.toLowerCase();
  return [...BUILTIN_SCENARIOS, ...XFS_SCENARIOS].find(
    (s) => s.id.toLowerCase() === wanted,
  );
}
