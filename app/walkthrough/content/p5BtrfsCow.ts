// Chapter 5/6: btrfs fills the srcmap and sets IOMAP_COW for unaligned writes, then overwrites the type with
// IOMAP_DELALLOC. The result is data loss on an unaligned overwrite of uncached data, found in review of v2.

import { LATER, threadOf, v1Patch } from '../lore.ts';
import type { WalkthroughChapter } from '../walkthroughModel.ts';
import { summaryOf } from './summaryOf.ts';

const patch = v1Patch(5, 'btrfs: Add CoW in iomap based writes');

export const p5BtrfsCow: WalkthroughChapter = {
  ...summaryOf('p5-btrfs-cow'),
  patch,
  changes:
    'When the write does not start and end on page boundaries, btrfs looks up the extent under it and fills the srcmap from it, and sets the iomap type to IOMAP_COW so that iomap reads the old data from there (2/6). But an assignment further down the same function sets the type to IOMAP_DELALLOC for every write, so the COW type never leaves ->iomap_begin. Reading the code also shows two smaller slips not raised in the thread: the source address adds the offset into the extent twice, and extent flags (prealloc, inline, compressed) are not looked at.',
  designs:
    'Before: legacy, where btrfs reads a partly written page itself before copying. After: v1-posted, the series as posted. S2 writes 200 bytes at offset 100 over existing data whose page is not cached.',
  stops: [
    {
      title: 'Where the two runs part',
      scenario: 'S2',
      primary: 'v1-posted',
      compare: 'legacy',
      anchor: { kind: 'divergence', primaryKind: 'call.enter' },
      oracle: { primary: false, compare: true },
      countersDiffer: [
        'iomapBeginCalls',
        'syncReads',
        'bytesRead',
        'bytesZeroed',
      ],
      text: 'The runs part at the first call of the write. At the end of the write the data oracle agrees with the legacy run and reports lost bytes in the posted series: the compare table shows the verdicts, and the bytes read against the bytes zeroed.',
      review: [],
    },
    {
      title: 'The COW type is overwritten',
      scenario: 'S2',
      primary: 'v1-posted',
      compare: 'legacy',
      anchor: {
        kind: 'event',
        eventKind: 'iomap.map',
        text: 'IOMAP_DELALLOC runs unconditionally',
      },
      oracle: { primary: false, compare: true },
      text: 'The write is not page aligned, so the posted code fills the srcmap and sets IOMAP_COW; the next assignment replaces the type with IOMAP_DELALLOC. The iomap panel shows what iomap receives: a DELALLOC destination, and a srcmap that nothing will read. Its address is the extent start plus 100, the offset counted twice.',
      review: [
        {
          topic: 'The type is overwritten (found in v2)',
          reviewer: 'Dave Chinner',
          date: '2019-08-05',
          summary:
            'No one replied to 5/6 in v1. Reviewing the same code in v2, he pointed out that the type is overwritten right after being set, so iomap never sees the COW type, and suspected this case had not been tested.',
          link: LATER.v2TypeBugReview,
        },
        {
          topic: 'Acknowledged',
          reviewer: 'Goldwyn Rodrigues',
          date: '2019-08-22',
          summary:
            'The author confirmed the bug and said he would fix it; v4 stopped overwriting the type and expressed COW as a flag.',
          link: LATER.v2TypeBugAck,
        },
      ],
    },
    {
      title: 'write_begin zeroes the old bytes',
      scenario: 'S2',
      primary: 'v1-posted',
      compare: 'legacy',
      anchor: { kind: 'event', eventKind: 'page.zero', text: 'not MAPPED' },
      oracle: { primary: false, compare: true },
      text: 'With a DELALLOC iomap, the 2019 rule in write_begin is to zero the parts of the block the write does not cover, because there is supposedly nothing on disk. So 3896 bytes of existing data become zeros in the page cache, and writeback copies them to the new extent. The legacy run read the page from disk instead.',
      review: [],
    },
    {
      title: 'A cached page hides the bug',
      scenario: 'S3-cached',
      primary: 'v1-posted',
      compare: 'srcmap',
      anchor: { kind: 'event', eventKind: 'oracle.check', text: 'agrees' },
      oracle: { primary: true, compare: true },
      countersDiffer: [],
      text: 'The same write, but the page is already in the page cache, uptodate and clean. write_begin has nothing to read or zero, so the posted series writes correct data and the data oracle agrees with the fixed design. Writes into holes and past end of file are also correct, because zeros are right there. Only overwrites of uncached data lose bytes, which is how the bug survived testing.',
      review: [
        {
          topic: 'The page state decides what is read',
          reviewer: 'Darrick J. Wong',
          date: '2019-06-26',
          summary:
            'Discussing how copy-on-write should flow through iomap, he pointed out that no separate copy step is needed: write_begin only reads the parts of a page the write does not cover when the page is not uptodate, and takes the read address from the source map when there is one. The flip side, shown here: an uptodate page is never read, so a wrong source goes unnoticed.',
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
