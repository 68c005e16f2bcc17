// An invariant checker in the spirit of `btrfs check`: reads a live Fs between operations and lists every
// broken accounting rule with a stable code. Read-only; the families of checks live in check/fsck/.

import type { Fs } from '../btrfs/fs.ts';
import {
  checkBlockGroupRanges,
  checkDataCounters,
  checkSpaceBounds,
} from './fsck/blockGroup.ts';
import {
  checkCsumsMatchData,
  checkCsumsOrphan,
  checkCsumsPresent,
} from './fsck/csums.ts';
import {
  checkDataMayUse,
  checkDelallocBytes,
  checkDelallocNew,
  checkMetadataLifecycle,
} from './fsck/delalloc.ts';
import {
  checkDiskIsize,
  checkExtentRefs,
  checkFileExtentItems,
  checkInodeBytes,
} from './fsck/fileExtents.ts';
import {
  checkDirtyDelalloc,
  checkOrderedExtents,
  checkOrderedState,
  checkPageFlags,
} from './fsck/ordered.ts';
import type {
  FsckOptions,
  FsckProblem,
  FsckReport,
  Report,
} from './fsck/problems.ts';
import { checkNothingPending, checkNothingReserved } from './fsck/quiescent.ts';

export type {
  FsckCode,
  FsckOptions,
  FsckProblem,
  FsckReport,
} from './fsck/problems.ts';

/**
 * Checks `fs` between operations. With `quiescent` (the caller has written back and completed
 * everything) it also requires that nothing is pending, locked, dirty or reserved; with `committed`, that
 * nothing is pinned.
 */
export function checkFs(fs: Fs, opts: FsckOptions): FsckReport {
  const problems: FsckProblem[] = [];
  const report: Report = (code, message) => {
    problems.push({ code, message });
  };
  // The fs tree and the extent tree.
  checkFileExtentItems(fs, report);
  checkExtentRefs(fs, report);
  checkInodeBytes(fs, report);
  checkDiskIsize(fs, opts.quiescent, report);
  // The data block group and the space_infos.
  checkBlockGroupRanges(fs, report);
  checkDataCounters(fs, report);
  checkSpaceBounds(fs, report);
  // Reservations against the io tree.
  checkDelallocBytes(fs, report);
  checkDelallocNew(fs, report);
  checkDataMayUse(fs, report);
  checkMetadataLifecycle(fs, report);
  // Checksums.
  checkCsumsPresent(fs, report);
  checkCsumsOrphan(fs, report);
  if (opts.dataCsums === true) checkCsumsMatchData(fs, report);
  // Ordered extents, bios and pages.
  checkOrderedExtents(fs, report);
  checkOrderedState(fs, report);
  checkPageFlags(fs, report);
  checkDirtyDelalloc(fs, report);
  if (opts.quiescent) {
    checkNothingPending(fs, report);
    checkNothingReserved(fs, opts.committed ?? false, report);
  }
  return { ok: problems.length === 0, problems };
}
