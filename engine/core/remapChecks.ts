// generic_remap_checks (fs/remap_range.c): what the VFS checks before any filesystem remaps a range within
// one file (FICLONERANGE, FIDEDUPERANGE, a reflinking copy_file_range). Rule: pure; btrfs and XFS share it.

import { fail, ok, type Result } from './errno.ts';
import { alignUp } from './units.ts';

export interface RemapArgs {
  readonly srcOffset: number;
  readonly length: number;
  readonly offset: number;
}

/** generic_remap_checks: the length to remap and the block-rounded length to lock, or an errno. */
export function remapChecks(
  bs: number,
  isize: number,
  args: RemapArgs,
  dedupe: boolean,
): Result<{ len: number; blockLen: number }> {
  const { srcOffset: src, offset: dst } = args;
  let len = args.length;
  if (src % bs !== 0 || dst % bs !== 0)
    return fail(
      'EINVAL',
      `the source (${String(src)}) and destination (${String(dst)}) offsets must be block aligned`,
    );
  if (len === 0) {
    if (dedupe || src === isize) return ok({ len: 0, blockLen: 0 });
    if (src > isize) return fail('EINVAL', 'the source offset is past EOF');
    len = isize - src;
  }
  if (dedupe && (src + len > isize || dst + len > isize))
    return fail('EINVAL', 'dedupe ranges must lie inside the file');
  if (src >= isize)
    return fail('EINVAL', 'the source offset is at or past EOF');
  len = Math.min(len, isize - src);
  let blockLen = len;
  if (src + len === isize) {
    blockLen = alignUp(isize, bs) - src;
    if (dst + blockLen < isize && blockLen !== len)
      return fail(
        'EINVAL',
        'an unaligned clone to EOF would end inside the destination file',
      );
  } else if (len % bs !== 0) {
    return fail(
      'EINVAL',
      `the length (${String(len)}) must be block aligned unless it reaches EOF`,
    );
  }
  if (dst + blockLen > src && dst < src + blockLen)
    return fail('EINVAL', 'the source and destination ranges overlap');
  return ok({ len, blockLen });
}
