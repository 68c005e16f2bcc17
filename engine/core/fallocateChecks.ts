// vfs_fallocate's checks (fs/open.c), made before any filesystem sees the request: a positive length, and a
// hole punched only with KEEP_SIZE. Rule: pure; btrfs and XFS share it, then refuse their own modes.

import { fail, ok, type Result } from './errno.ts';

export function vfsFallocateChecks(
  mode: string,
  length: number,
  keepSize: boolean,
): Result<void> {
  if (length <= 0)
    return fail(
      'EINVAL',
      `fallocate length must be positive, got ${String(length)}`,
    );
  if (mode === 'punch-hole' && !keepSize)
    return fail('EOPNOTSUPP', 'punch-hole must be combined with keep-size');
  return ok(undefined);
}
