// The scenario format's `filesystem` field, and what an XFS scenario may hold: the XFS model runs
// buffered writes, reads, writeback, fsync, truncate, fallocate (not collapse/insert) and the remap ops on
// reflinked or plain files. Rule: everything it does not
// model is refused here, by field, with the reason, so no XFS run silently skips an operation.

import type { FileDef, FilesystemId, Op } from './types.ts';
import { FILESYSTEM_IDS } from './types.ts';
import { bytes, show, type Rec, type Report } from './fieldReaders.ts';

/** The operations the XFS model runs (engine/sim/xfsSimulation.ts). */
const XFS_OPS: readonly Op['op'][] = [
  'write',
  'read',
  'writeback',
  'complete-io',
  'fsync',
  'sync',
  'drop-caches',
  'truncate',
  'fallocate',
  'clone-range',
  'dedupe-range',
  'copy-range',
];

/** Why an operation is refused on XFS. */
const XFS_REFUSED_WHY =
  'commit is a btrfs transaction commit; power-cut and remount need an on-disk log and inodes, which the XFS model does not write';

/** Why collapse-range and insert-range are refused on XFS (engine/xfs/fallocate.ts says the same). */
const XFS_SHIFT_WHY =
  'the XFS model does not shift extents (xfs_collapse_file_space / xfs_insert_file_space), so it cannot run them honestly';

/** `filesystem`: absent (btrfs), "btrfs" or "xfs". */
export function readFilesystem(
  r: Report,
  v: unknown,
): FilesystemId | null | undefined {
  if (v === undefined) return undefined;
  const found = FILESYSTEM_IDS.find((f) => f === v);
  if (found === undefined) {
    r.add(
      'filesystem',
      `must be one of ${FILESYSTEM_IDS.map((f) => `"${f}"`).join(', ')}, got ${show(v)}`,
    );
    return null;
  }
  return found;
}

/** XFS_MAX_BMBT_EXTLEN (engine/xfs/forkExtents.ts holds it too; the scenario layer sits below engine/xfs). */
const MAX_EXTLEN = 0x1fffff;

/** What the cowextsize check needs of the geometry (null where the geometry itself was invalid). */
export interface HintLimits {
  readonly sectorSize: number | null;
  readonly deviceSize: number | null;
}

/**
 * xfs_ioctl_setattr_check_cowextsize / xfs_inode_validate_cowextsize: a positive multiple of the block
 * size, at most XFS_MAX_BMBT_EXTLEN blocks and at most half an allocation group (the model's one AG is the
 * device). 0 clears the hint in the kernel; a scenario leaves the field out instead.
 */
function checkCowextsize(
  r: Report,
  at: string,
  hint: number,
  geo: HintLimits,
): void {
  const bs = geo.sectorSize;
  if (hint <= 0) {
    r.add(at, 'must be a positive size; leave it out for the default hint');
    return;
  }
  if (bs === null) return;
  if (hint % bs !== 0) {
    r.add(
      at,
      `must be a multiple of the block size (${bytes(bs)}), got ${bytes(hint)}`,
    );
    return;
  }
  const blocks = hint / bs;
  if (blocks > MAX_EXTLEN)
    r.add(
      at,
      `must be at most ${String(MAX_EXTLEN)} blocks (XFS_MAX_BMBT_EXTLEN), got ${String(blocks)}`,
    );
  else if (geo.deviceSize !== null && blocks > geo.deviceSize / bs / 2)
    r.add(
      at,
      `must be at most half the allocation group (${bytes(geo.deviceSize / 2)}), got ${bytes(hint)}`,
    );
}

/** A btrfs scenario has no COW extent size hint: the field belongs to XFS inodes. */
export function checkBtrfsFiles(r: Report, files: readonly FileDef[]): void {
  files.forEach((f, i) => {
    if (f.cowextsize !== undefined)
      r.add(
        `files[${String(i)}].cowextsize`,
        "is an XFS inode hint (the COW fork's extent size); a btrfs scenario has no COW fork",
      );
  });
}

/** The checks an XFS scenario adds: no btrfs-only fields, flags or operations; valid hints. */
export function checkXfsScenario(
  r: Report,
  root: Rec,
  files: readonly FileDef[],
  ops: readonly Op[],
  geo: HintLimits,
): void {
  if (root.variants !== undefined)
    r.add(
      'variants',
      'an XFS scenario runs under the xfs design only; it lists no btrfs designs',
    );
  const space = root.space;
  if (typeof space === 'object' && space !== null)
    for (const key of ['dataUsedByOthers', 'dataFree', 'dirtyLimit'])
      if (key in space)
        r.add(
          `space.${key}`,
          'is not modelled on XFS (the model has no other files and no dirty-page throttling)',
        );
  files.forEach((f, i) => {
    if (f.cowextsize !== undefined)
      checkCowextsize(r, `files[${String(i)}].cowextsize`, f.cowextsize, geo);
    if (f.flags.length > 0)
      r.add(
        `files[${String(i)}].flags`,
        `${f.flags.join(', ')} are btrfs inode flags; XFS has none of them`,
      );
  });
  ops.forEach((op, i) => {
    if (!XFS_OPS.includes(op.op))
      r.add(`ops[${String(i)}].op`, `"${op.op}" on XFS: ${XFS_REFUSED_WHY}`);
    else if (
      op.op === 'fallocate' &&
      (op.mode === 'collapse-range' || op.mode === 'insert-range')
    )
      r.add(`ops[${String(i)}].mode`, `"${op.mode}" on XFS: ${XFS_SHIFT_WHY}`);
  });
}
