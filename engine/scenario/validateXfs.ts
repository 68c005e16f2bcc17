// The scenario format's `filesystem` field, and what an XFS scenario may hold: the XFS model runs
// buffered writes, reads, writeback and fsync on reflinked or plain files. Rule: everything it does not
// model is refused here, by field, with the reason, so no XFS run silently skips an operation.

import type { FileDef, FilesystemId, Op } from './types.ts';
import { FILESYSTEM_IDS } from './types.ts';
import { show, type Rec, type Report } from './fieldReaders.ts';

/** The operations the XFS model runs (engine/sim/xfsSimulation.ts). */
const XFS_OPS: readonly Op['op'][] = [
  'write',
  'read',
  'writeback',
  'complete-io',
  'fsync',
  'sync',
  'drop-caches',
];

/** Why an operation is refused on XFS. */
const XFS_REFUSED_WHY =
  'the XFS model does not run it yet (issue 16: no truncate, fallocate, remap, commit or mount on XFS); ' +
  'power-cut and remount need an on-disk log and inodes, which the model does not write';

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

/** The checks an XFS scenario adds: no btrfs-only fields, flags or operations. */
export function checkXfsScenario(
  r: Report,
  root: Rec,
  files: readonly FileDef[],
  ops: readonly Op[],
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
    if (f.flags.length > 0)
      r.add(
        `files[${String(i)}].flags`,
        `${f.flags.join(', ')} are btrfs inode flags; XFS has none of them`,
      );
  });
  ops.forEach((op, i) => {
    if (!XFS_OPS.includes(op.op))
      r.add(`ops[${String(i)}].op`, `"${op.op}" on XFS: ${XFS_REFUSED_WHY}`);
  });
}
