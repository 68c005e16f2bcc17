// Chapter 6/6: the old buffered write loop is deleted. A pure removal: the chapter verifies that the posted
// series runs identically, and shows what the deleted loop did on the same write.

import { threadOf, v1Patch } from '../lore.ts';
import type { WalkthroughChapter } from '../walkthroughModel.ts';
import { summaryOf } from './summaryOf.ts';

const patch = v1Patch(6, 'btrfs: remove buffered write code made unnecessary');

export const p6RemoveLegacy: WalkthroughChapter = {
  ...summaryOf('p6-remove-legacy'),
  patch,
  changes:
    'Deletes btrfs_buffered_write and the helpers only it used (about 460 lines of fs/btrfs/file.c): the page-batch loop, its page preparation and copy-from-user helpers. After 4/6 nothing calls them; the removal was kept in its own patch to keep 4/6 shorter.',
  designs:
    'Removing code that nothing calls cannot change what a write does, and the engine has no separate design for "the series with the dead loop still in file.c". So this chapter does two honest things: it runs the posted series against itself and checks that the two step logs are identical, and it shows the deleted loop at work (legacy) beside the posted series on the same aligned overwrite.',
  stops: [
    {
      title: 'Same behaviour with and without the dead code',
      scenario: 'S1',
      primary: 'v1-posted',
      compare: 'v1-posted',
      anchor: { kind: 'identical' },
      oracle: { primary: true, compare: true },
      countersDiffer: [],
      text: 'Both sides run the posted series on S1, a full-block overwrite. The two step logs are identical from the first step to the last, which is all a removal can promise. The cursor is at the end of the run.',
      review: [],
    },
    {
      title: 'What the deleted loop did',
      scenario: 'S1',
      primary: 'legacy',
      compare: 'v1-posted',
      anchor: {
        kind: 'event',
        eventKind: 'page.flags',
        text: 'set_page_extent_mapped',
      },
      oracle: { primary: true, compare: true },
      countersDiffer: ['iomapBeginCalls'],
      text: 'The legacy loop reserves, prepares and locks a batch of pages, locks the extent range, copies, and marks the range delalloc, all in one function. Here it sets the page->private marker discussed in chapter 3, which disappears with the loop. The compare table shows the same result, reservations, reads and data verdict for both designs on this write; only the count of ->iomap_begin calls differs.',
      review: [
        {
          topic: 'Where the first patches were heading',
          reviewer: 'Darrick J. Wong',
          date: '2019-06-26',
          summary:
            'No one replied to 6/6. In the discussion of 1/6 he said he liked the direction of the first three patches, the generic iomap part; the btrfs part (4/6 to 6/6) was never merged, so this loop is still how btrfs writes.',
          link: threadOf(
            v1Patch(
              1,
              'iomap: Use a IOMAP_COW/srcmap for a read-modify-write I/O',
            ),
          ),
        },
      ],
    },
  ],
};
