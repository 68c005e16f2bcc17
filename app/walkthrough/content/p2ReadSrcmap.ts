// Chapter 2/6: write_begin reads the partly written block from the srcmap when the iomap type is IOMAP_COW.
// Reviewed as the change that lets XFS stop reporting the data fork for buffered copy-on-write.

import { LATER, threadOf, v1Patch } from '../lore.ts';
import type { WalkthroughChapter } from '../walkthroughModel.ts';
import { summaryOf } from './summaryOf.ts';

const patch = v1Patch(2, 'iomap: Read page from srcmap for IOMAP_COW');

export const p2ReadSrcmap: WalkthroughChapter = {
  ...summaryOf('p2-read-srcmap'),
  patch,
  changes:
    'iomap_write_begin now receives the srcmap and, when the iomap type is IOMAP_COW, hands the srcmap rather than the iomap to the code that reads or zeroes the parts of a block the write does not cover. For every other type it behaves as before. The patch was posted without a commit message.',
  designs:
    "Before 2/6, write_begin decides between reading and zeroing from the one iomap. btrfs describes the destination as DELALLOC (space not yet allocated), so before 2/6 the uncovered part of the block is zeroed. The engine's v1-posted design behaves exactly like that, because in the posted series the COW type never reaches write_begin (chapter 5 shows why). After 2/6, as intended: the srcmap design, where write_begin reads from the source map.",
  stops: [
    {
      title: 'Where the two runs part',
      scenario: 'S2',
      primary: 'srcmap',
      compare: 'v1-posted',
      anchor: { kind: 'divergence', primaryKind: 'call.exit' },
      oracle: { primary: true, compare: false },
      text: "Both runs reserve space and lock the range the same way. They first differ inside btrfs's ->iomap_begin, where the posted code looks up the source and then loses the COW type (chapter 5). From here on the two runs take different roads through write_begin.",
      review: [],
    },
    {
      title: 'write_begin reads the old block from the srcmap',
      scenario: 'S2',
      primary: 'srcmap',
      compare: 'v1-posted',
      anchor: { kind: 'event', eventKind: 'page.read', text: 'srcmap' },
      oracle: { primary: true, compare: false },
      countersDiffer: ['syncReads', 'bytesRead', 'bytesZeroed'],
      text: 'The write covers bytes 100 to 300 of an uncached 4K block over existing data. With the source map, write_begin reads the whole block synchronously from the old extent, then the 200 new bytes are copied in. Beside it, the design that decides from the DELALLOC iomap zeroes the other 3896 bytes instead, and the data oracle reports the loss at the end of the write.',
      review: [
        {
          topic: "XFS's data fork / COW fork quirk",
          reviewer: 'Darrick J. Wong',
          date: '2019-06-22',
          summary:
            'iomap reads the uncovered parts of a page from whatever map the filesystem returns. So for buffered writes XFS reports the data-fork extent (where the old data is) even when the write will go to the COW fork, because the COW mapping is only needed at writeback; a direct write gets the COW-fork extent. With a separate source map XFS can always report the write address and the read address, and leave read-or-zero to iomap. XFS did exactly that in 5.5.',
          link: threadOf(patch),
        },
        {
          topic: 'Commit message needed',
          reviewer: 'Darrick J. Wong',
          date: '2019-06-22',
          summary:
            'The patch had no description; he asked for one before reasoning through the change.',
          link: threadOf(patch),
        },
        {
          topic: 'Merged form: xfs fills out the srcmap',
          reviewer: 'Christoph Hellwig',
          date: '2019-09-09',
          summary:
            'In the reworked series that was merged for 5.5, XFS stopped reporting the source block in the main iomap and reported it in the srcmap instead.',
          link: LATER.xfsSrcmap,
        },
      ],
    },
  ],
};
