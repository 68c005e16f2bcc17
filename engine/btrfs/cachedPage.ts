// The page a delalloc range or a bio has bytes in: writeback and bio completion look such pages up by index,
// and a page holding delalloc bytes or under writeback never leaves the cache (truncate and invalidate wait
// for writeback first, drop_caches takes only clean, idle pages), so a missing one is a broken invariant.

import { InvariantError } from '../core/assert.ts';
import type { Page } from '../pagecache/page.ts';
import type { FsInode } from './fs.ts';

export function cachedPage(entry: FsInode, index: number): Page {
  const page = entry.mapping.find(index);
  if (page === undefined)
    throw new InvariantError(
      `page ${String(index)} of ${entry.inode.name} holds delalloc bytes or is under writeback, but it is not in the page cache`,
    );
  return page;
}
