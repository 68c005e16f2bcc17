// Chapter 4/6: btrfs's buffered write loop ported into ->iomap_begin/->iomap_end. No one replied to it in
// the v1 thread; the chapter compares it with the v5.2 loop on a page-aligned write into a hole.

import { v1Patch } from '../lore.ts';
import type { WalkthroughChapter } from '../walkthroughModel.ts';
import { summaryOf } from './summaryOf.ts';

const patch = v1Patch(4, 'btrfs: Add a simple buffered iomap write');

export const p4BtrfsIomapWrite: WalkthroughChapter = {
  ...summaryOf('p4-btrfs-iomap-write'),
  patch,
  changes:
    'A new fs/btrfs/iomap.c. btrfs_buffered_iomap_begin reserves data space (falling back to nocow when space runs out), reserves metadata, locks the extent range and describes the range as DELALLOC; btrfs_buffered_iomap_end marks the written range delalloc, gives back what was reserved but not written, and unlocks. A small structure carries the reservation from begin to end. btrfs_file_write_iter, and the buffered fallback of direct writes, now call a new btrfs_buffered_iomap_write that hands the write to iomap_file_buffered_write; iomap does the page work. The port leaves out the set_page_extent_mapped call, so these pages no longer get the btrfs page->private marker.',
  designs:
    'Before: legacy, the v5.2 loop. After: v1-posted on S4, a page-aligned 4K write into a hole. Patch 5/6 only acts on writes that are not page aligned, so on this write the posted series is exactly 4/6.',
  stops: [
    {
      title: 'Where the two runs part',
      scenario: 'S4',
      primary: 'v1-posted',
      compare: 'legacy',
      anchor: { kind: 'divergence', primaryKind: 'call.enter' },
      oracle: { primary: true, compare: true },
      countersDiffer: ['iomapBeginCalls'],
      text: 'The runs part at the first call of the write: iomap_file_buffered_write instead of the page-batch loop. The compare table shows what the port keeps: the same result, the same reservations (4K of data, the same metadata), one extent lock cycle each, and the data oracle agreeing on both sides. The only counter that differs is the call into ->iomap_begin.',
      review: [
        {
          topic: 'One long function or many small ones?',
          reviewer: 'Goldwyn Rodrigues (author)',
          date: '2019-06-21',
          summary:
            'No one replied to 4/6 in the v1 thread. The author asked in the patch itself whether to split the long port into smaller functions in the same patch or in a later one; it was kept 1:1 with file.c to ease review.',
          link: patch,
        },
      ],
    },
    {
      title: '->iomap_begin answers DELALLOC',
      scenario: 'S4',
      primary: 'v1-posted',
      compare: 'legacy',
      anchor: { kind: 'event', eventKind: 'iomap.begin', text: 'DELALLOC' },
      text: 'By the time btrfs_buffered_iomap_begin returns, the data and metadata are reserved and the range is locked. The answer to iomap is a DELALLOC map with no disk address: the space will be allocated at writeback, copy-on-write. The write is page aligned, so no source map is filled.',
      review: [],
    },
    {
      title: 'The written range becomes delalloc in ->iomap_end',
      scenario: 'S4',
      primary: 'v1-posted',
      compare: 'legacy',
      anchor: {
        kind: 'event',
        eventKind: 'btrfs.bits',
        text: 'set DELALLOC_NEW',
      },
      text: "After iomap has copied the data and dirtied the page, btrfs_buffered_iomap_end takes over what btrfs_dirty_pages did in the old loop. The range was a hole, so it first marks the bytes as new delalloc (DELALLOC_NEW), which is what makes the inode's byte count grow when the extent is written; the next steps set DELALLOC and UPTODATE on the io tree and unlock the range.",
      review: [],
    },
  ],
};
