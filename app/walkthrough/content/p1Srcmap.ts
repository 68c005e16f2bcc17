// Chapter 1/6: iomap gets a second map (srcmap) and an IOMAP_COW type. Plumbing; the review was about the
// shape of the interface: two maps in one call, a nested lookup, or a single source-address field.

import { threadOf, v1Patch } from '../lore.ts';
import type { WalkthroughChapter } from '../walkthroughModel.ts';
import { summaryOf } from './summaryOf.ts';

const patch = v1Patch(
  1,
  'iomap: Use a IOMAP_COW/srcmap for a read-modify-write I/O',
);

export const p1Srcmap: WalkthroughChapter = {
  ...summaryOf('p1-srcmap'),
  patch,
  changes:
    'The patch adds a new iomap type, IOMAP_COW, meaning "the old data must be read from somewhere else before this range is written", and a second struct iomap, the srcmap, that ->iomap_begin fills in to say where that somewhere is. iomap_apply starts the srcmap zeroed and hands both maps to every actor; every ->iomap_begin (ext2, ext4, gfs2, xfs) and every actor, including the DAX ones, gets the extra argument. No filesystem fills the srcmap yet, so nothing behaves differently.',
  designs:
    'btrfs did not use iomap for buffered writes before this series, so the engine has no "btrfs with only 1/6" design. What 1/6 changes is the interface: one map per ->iomap_begin call, or two. When a write needs no old data, the nested-apply design passes exactly one map, as iomap did before 1/6, and the srcmap design passes two. The first stop checks that this is the only difference.',
  stops: [
    {
      title: 'One map or two, on a write that needs no old data',
      scenario: 'S1',
      primary: 'srcmap',
      compare: 'nested-apply',
      anchor: { kind: 'divergence', primaryKind: 'iomap.begin' },
      oracle: { primary: true, compare: true },
      countersDiffer: [],
      text: 'S1 overwrites a whole 4K block, so nothing has to be read first. The two runs part only when ->iomap_begin returns: the srcmap design also reports a source map of type HOLE, which means "no separate source". The compare table below shows the same result, the same data verdict and the same counters for every operation.',
      review: [
        {
          topic: 'What is IOMAP_READ?',
          reviewer: 'Darrick J. Wong',
          date: '2019-06-22',
          summary:
            'The patch description said ->iomap_begin would typically fill the srcmap with type IOMAP_READ, but no such type exists. Goldwyn replied that the comment was wrong: the source is described as MAPPED (data to read) or HOLE (nothing to read).',
          link: threadOf(patch),
        },
        {
          topic: 'Types versus modifiers',
          reviewer: 'Christoph Hellwig',
          date: '2019-06-26',
          summary:
            'On the same question: a read is what you have when no operation flag is set. It reminded him that the IOMAP_* values had got out of hand, some being real mapping types and others really modifiers, and needed cleaning up eventually. The COW type never reached mainline (see the last chapter).',
          link: threadOf(patch),
        },
        {
          topic: 'Has this been tested on XFS?',
          reviewer: 'Christoph Hellwig',
          date: '2019-06-24',
          summary:
            'XFS would have to fill in the second map for its copy-on-write case. Goldwyn had not tested XFS or made it set the COW type, and planned to in the next version; Shiyang Ruan offered to help test it. XFS support came in v4.',
          link: threadOf(patch),
        },
      ],
    },
    {
      title: 'Two maps in one call, or a nested lookup',
      scenario: 'S2',
      primary: 'nested-apply',
      compare: 'srcmap',
      anchor: {
        kind: 'event',
        eventKind: 'iomap.map',
        text: 'nested iomap for the read',
      },
      oracle: { primary: true, compare: true },
      countersDiffer: ['iomapBeginCalls'],
      text: 'S2 writes 200 bytes into the middle of an uncached block, so the rest of the block must be read first. In the nested design, write_begin asks the filesystem a second time, from inside the first call, for a read mapping, with a flag that says "do not lock again, the range is already locked". The srcmap design got the same answer from the first ->iomap_begin call. The compare table counts the extra call (iomap_begin calls).',
      review: [
        {
          topic: 'Two iomaps in one method call',
          reviewer: 'Christoph Hellwig',
          date: '2019-06-24',
          summary:
            'He disliked an ->iomap_begin that returns two maps. He had imagined two separate iomap iterations, and thought even the older idea of a single extra source address was better than this.',
          link: threadOf(patch),
        },
        {
          topic: 'A nested iomap_apply with a no-locks flag',
          reviewer: 'Christoph Hellwig',
          date: '2019-06-26',
          summary:
            'His earlier plan: when the write covers part of a block that is not uptodate, write_begin runs a nested lookup for the source, with a flag so the filesystem does not take the locks it already holds. It costs nothing on writes that need no source. The catch he named himself: XFS has to look up the source anyway before it allocates the COW destination, so the nested call would repeat that lookup or need a cache.',
          link: threadOf(patch),
        },
        {
          topic: 'Both mappings in one ILOCK cycle',
          reviewer: 'Darrick J. Wong',
          date: '2019-06-26',
          summary:
            'He argued against the callback: returning both mappings from one ->iomap_begin is simpler than iomap calling back with a "do not take locks" flag, and XFS can then look up both forks while holding its inode lock once. His answer to going back to a single source field was a plain no.',
          link: threadOf(patch),
        },
      ],
    },
    {
      title: 'A source address instead of a source map',
      scenario: 'S2',
      primary: 'srcaddr',
      compare: 'srcmap',
      anchor: { kind: 'event', eventKind: 'page.read', text: 'srcaddr' },
      oracle: { primary: true, compare: true },
      countersDiffer: [],
      text: 'The srcaddr design keeps one iomap and adds one field, the disk address of the old data. On this write it reads the same 4K from the same place as the srcmap design, and the data verdict is the same. The difference is in what a single address cannot carry, which is what the review was about.',
      review: [
        {
          topic: 'A read mapping is half a struct iomap',
          reviewer: 'Darrick J. Wong',
          date: '2019-06-26',
          summary:
            'iomap serves many filesystems, and describing where to read from needs more than an address: the block device (btrfs spans several), an inline-data pointer, a DAX device and flags. That is about half of struct iomap, so he preferred a second struct iomap to five extra fields.',
          link: threadOf(patch),
        },
        {
          topic: 'IOMAP_F_SHARED or a COW type?',
          reviewer: 'Darrick J. Wong',
          date: '2019-06-26',
          summary:
            'Goldwyn asked whether to reuse the IOMAP_F_SHARED flag instead of a new type. Darrick wanted both kept: F_SHARED says the storage has several owners (fiemap reports it), while the COW type says a read-modify-write is needed. btrfs copies on write even when nothing is shared.',
          link: threadOf(patch),
        },
      ],
    },
  ],
};
