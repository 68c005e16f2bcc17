// Chapter 3/6: iomap trusts page->private only for block size < page size. The review asked who owns
// page->private; shown on 4K blocks in 64K pages, the case the guard cannot cover.

import { LATER, threadOf, v1Patch } from '../lore.ts';
import type { WalkthroughChapter } from '../walkthroughModel.ts';
import { summaryOf } from './summaryOf.ts';

const patch = v1Patch(
  3,
  'iomap: Check iblocksize before transforming page->private',
);

export const p3PagePrivate: WalkthroughChapter = {
  ...summaryOf('p3-page-private'),
  patch,
  changes:
    "to_iomap_page() returns page->private as iomap's per-block state only when the inode's block size is smaller than the page. In 2019 btrfs set PagePrivate on its data pages with a marker value, so iomap would have treated that marker as a pointer; with 4K blocks on 4K pages the new check makes iomap ignore it. Once blocks are smaller than pages, the check passes and the conflict is back.",
  designs:
    "The engine does not model the crash (it never reads one owner's value as another's). It shows who puts what into page->private under each design, on S10: 4K blocks in 64K pages, the one geometry where the guard does not help. Before: legacy (btrfs's own loop). After: v1-posted (iomap drives the write).",
  stops: [
    {
      title: 'Where the two runs part',
      scenario: 'S10',
      primary: 'v1-posted',
      compare: 'legacy',
      anchor: { kind: 'divergence', primaryKind: 'call.enter' },
      oracle: { primary: false, compare: true },
      text: "The runs part at the very first call of the write: iomap_file_buffered_write on one side, btrfs's own page-batch loop on the other. Everything after that is a different code path, so the stops below look at page->private on each side. (The verdicts show the posted series losing data on this write too: that is the overwritten type of chapter 5, not this patch.)",
      review: [],
    },
    {
      title: 'iomap hangs its per-block state off page->private',
      scenario: 'S10',
      primary: 'v1-posted',
      compare: 'legacy',
      anchor: {
        kind: 'event',
        eventKind: 'page.flags',
        text: 'iomap_page_create',
      },
      text: "The write covers 6K of a 64K page, so iomap allocates its per-block state (which 4K blocks are uptodate) and stores it in page->private. Blocks are smaller than the page here, so the 3/6 check lets iomap use page->private, and anything btrfs keeps there would be read as iomap's structure.",
      review: [
        {
          topic: 'What happens when btrfs supports blocksize != pagesize?',
          reviewer: 'Darrick J. Wong',
          date: '2019-06-22',
          summary:
            "He asked whether iomap's per-page structure would then need a pointer for btrfs's own data. Goldwyn agreed he had not thought of that and that wrappers to find the right pointer would be ugly. btrfs gained sub-page blocks in 5.15 and keeps its own per-sector bitmaps in page->private.",
          link: threadOf(patch),
        },
        {
          topic: 'page->private ownership',
          reviewer: 'Christoph Hellwig',
          date: '2019-06-24',
          summary:
            'Two owners of page->private is a major problem, not something to paper over with a block-size check. It will break as soon as btrfs supports blocks smaller than pages or writes through iomap, and with block size equal to page size btrfs has no reason to keep data there at all.',
          link: threadOf(patch),
        },
      ],
    },
    {
      title: 'btrfs puts a marker in page->private',
      scenario: 'S10',
      primary: 'legacy',
      compare: 'v1-posted',
      anchor: {
        kind: 'event',
        eventKind: 'page.flags',
        text: 'set_page_extent_mapped',
      },
      text: 'The v5.2 loop calls set_page_extent_mapped on every page it writes: PagePrivate set, with a constant marker as the value, not a pointer. This is the value Goldwyn saw in the crashes.',
      review: [
        {
          topic: 'Who sets page->private on data pages?',
          reviewer: 'Filipe Manana',
          date: '2019-06-25',
          summary:
            'Goldwyn had said btrfs needs page->private for its extent buffers. Filipe pointed out that extent buffers only live on pages of the btree inode, which never sees buffered writes or direct I/O, so file data pages do not have that problem.',
          link: threadOf(patch),
        },
        {
          topic: 'A leftover marker',
          reviewer: 'Nikolay Borisov',
          date: '2019-06-26',
          summary:
            'Nothing reads the marker that set_page_extent_mapped leaves on data pages; it looks like old code. What matters for data pages is PagePrivate2, which the writeback fixup worker uses. He suggested removing the marker from ordinary data pages, which v2 of the series did.',
          link: threadOf(patch),
        },
        {
          topic: 'The conflict came back',
          reviewer: 'Goldwyn Rodrigues',
          date: '2025-02',
          summary:
            "With sub-page blocks (5.15) and large folios, btrfs again keeps state in folio->private. A 2025 series by the same author removes it so it cannot clash with iomap's per-folio state.",
          link: LATER.folioPrivate2025,
        },
      ],
    },
  ],
};
