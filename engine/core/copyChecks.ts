// generic_copy_file_checks (fs/read_write.c) for copy_file_range within one file: the bytes to copy (none
// past EOF), overlapping ranges refused, and whether the copy can share blocks (reflink) rather than copy
// them. Rule: pure; btrfs and XFS share it.

import { fail, ok, type Result } from './errno.ts';
import type { RemapArgs } from './remapChecks.ts';

export interface CopyPlan {
  /** The bytes to copy: the request cut at the source's EOF. */
  readonly len: number;
  /** True when both ends are block aligned (or end at EOF), so the filesystem may remap instead of copy. */
  readonly aligned: boolean;
}

export function copyChecks(
  bs: number,
  isize: number,
  args: RemapArgs,
): Result<CopyPlan> {
  const len = Math.max(0, Math.min(args.length, isize - args.srcOffset));
  if (len === 0) return ok({ len, aligned: false });
  if (args.offset + len > args.srcOffset && args.offset < args.srcOffset + len)
    return fail('EINVAL', 'the source and destination ranges overlap');
  const aligned =
    args.srcOffset % bs === 0 &&
    args.offset % bs === 0 &&
    (len % bs === 0 || args.srcOffset + len === isize) &&
    (len % bs === 0 || args.offset + len >= isize);
  return ok({ len, aligned });
}
