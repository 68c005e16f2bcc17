// The closing chapter: the type bug found in review of v2, the generic srcmap merged in 5.5 with different
// semantics (HOLE means "same as iomap", clamp to the srcmap end), and btrfs buffered writes that stayed on
// their own loop; and XFS, the srcmap's mainline user, on a reflinked file beside the btrfs srcmap design.

import { LATER, V1_COVER } from '../lore.ts';
import type { WalkthroughChapter } from '../walkthroughModel.ts';
import { summaryOf } from './summaryOf.ts';

export const whatHappenedNext: WalkthroughChapter = {
  ...summaryOf('next'),
  patch: V1_COVER,
  changes:
    'v2 (August 2019, 13 patches) removed PagePrivate from btrfs data pages and added direct I/O; review of v2 found the overwritten COW type. v4 (September) turned the type into a flag and added XFS. Christoph Hellwig then took the generic patch into his iomap and XFS series, and it was merged for 5.5 without the COW type or flag: a srcmap that is not a HOLE is the only signal. The btrfs buffered-write conversion was never merged; btrfs direct I/O moved to iomap in 5.10.',
  designs:
    "The engine has the posted series (v1-posted), the fixed design with 5.5 semantics (srcmap), the two alternatives argued in review (nested-apply, srcaddr) and btrfs's own loop (legacy). Each stop below puts two of them side by side; the last puts XFS itself (the xfs design, on X2, the XFS version of S2) beside the srcmap design on S2.",
  stops: [
    {
      title: 'The fix found in review of v2',
      scenario: 'S3',
      primary: 'srcmap',
      compare: 'v1-posted',
      anchor: { kind: 'divergence', primaryKind: 'call.exit' },
      oracle: { primary: true, compare: false },
      text: 'S3 is the bug case: 200 bytes over uncached existing data. The fixed design keeps the source map, so write_begin reads the old block; the posted series zeroes it. The runs part inside ->iomap_begin, exactly where the type used to be overwritten.',
      review: [
        {
          topic: 'The COW type never reaches iomap',
          reviewer: 'Dave Chinner',
          date: '2019-08-05',
          summary:
            'Found while reviewing v2: the type is set and then overwritten, so the copy-on-write path is never taken.',
          link: LATER.v2TypeBugReview,
        },
      ],
    },
    {
      title: 'Merged in 5.5: the length is clamped to the source',
      scenario: 'S12',
      primary: 'srcmap',
      compare: 'v1-posted',
      anchor: { kind: 'event', eventKind: 'iomap.begin', text: 'writes 1K' },
      oracle: { primary: true, compare: false },
      text: 'S12 writes 2K across the boundary of two source extents. Under the merged rules, an iteration never goes past the end of its source map, so the first iteration writes only 1K and the second asks the filesystem again, each reading from its own extent. The posted series had no such rule (and zeroes here anyway).',
      review: [
        {
          topic: 'No COW flag; a HOLE srcmap means "same as iomap"',
          reviewer: 'Christoph Hellwig',
          date: '2019-10-08',
          summary:
            'His version of the patch merged two patches, dropped the COW flag, used the iomap itself as the source when the srcmap is left a HOLE, and shortened the iteration to the end of the srcmap as well. That is the form in 5.5.',
          link: LATER.mergedPatch,
        },
        {
          topic: 'Queued for 5.5',
          reviewer: 'Darrick J. Wong',
          date: '2019-10-21',
          summary:
            'The srcmap patch went into iomap-for-next with Goldwyn as author and was pulled in the 5.5 merge window.',
          link: LATER.iomapForNext,
        },
      ],
    },
    {
      title:
        'The alternative, measured: nested lookups against clamped iterations',
      scenario: 'S12',
      primary: 'nested-apply',
      compare: 'srcmap',
      anchor: {
        kind: 'event',
        eventKind: 'iomap.map',
        text: 'nested iomap for the read',
      },
      oracle: { primary: true, compare: true },
      countersDiffer: [
        'extentLockCycles',
        'iomapBeginCalls',
        'dataReservations',
        'dataReservedBytes',
        'dataReleasedBytes',
        'metaReservations',
        'metaReservedBytes',
        'metaReleasedBytes',
      ],
      text: 'The nested design finds the source from inside write_begin, once per partly written block, so it has no reason to cut the iteration at the extent boundary: one iteration, one reservation and one extent lock for the whole 2K, plus a nested ->iomap_begin for each of the two partial blocks (3 calls in all). The srcmap design makes two iterations (2 calls), each with its own reservation and lock cycle, and gives back what the first over-reserved. Both read the same 8K and keep the data intact.',
      review: [],
    },
    {
      title: 'btrfs buffered writes stayed on their own loop',
      scenario: 'S2',
      primary: 'legacy',
      compare: 'srcmap',
      anchor: { kind: 'divergence', primaryKind: 'call.enter' },
      oracle: { primary: true, compare: true },
      countersDiffer: ['iomapBeginCalls'],
      text: "The fixed srcmap design and btrfs's own loop agree on the data for the same unaligned overwrite. They differ in who reads the page (btrfs before locking the range, iomap after) and in the calls. btrfs kept its own loop for buffered writes; its later sub-page support keeps per-sector state in page->private, the question chapter 3 raised.",
      review: [
        {
          topic: 'Still avoiding the page->private clash',
          reviewer: 'Goldwyn Rodrigues',
          date: '2025-02',
          summary:
            "A 2025 series removes btrfs's use of folio->private so that it would not conflict with iomap's per-folio state: the groundwork that a conversion of buffered writes would need.",
          link: LATER.folioPrivate2025,
        },
      ],
    },
    {
      title: "XFS: the srcmap's mainline user, on a reflinked file",
      scenario: 'X2',
      primary: 'xfs',
      compare: 'srcmap',
      anchor: { kind: 'event', eventKind: 'page.read', text: 'srcmap' },
      oracle: { primary: true, compare: true },
      countersDiffer: [],
      text: "X2 is S2 on XFS after the file's extent was reflinked into a clone. One call to xfs_buffered_write_iomap_begin, under one ILOCK cycle, finds the data-fork extent shared, reserves delalloc in the COW fork (128K: the cowextsize hint) and returns two maps: the COW fork's DELALLOC reservation with NEW|SHARED as the iomap, the shared data-fork extent (MAPPED) as the srcmap. write_begin then reads the old block from the srcmap, as the btrfs srcmap design beside it does from its extent. At writeback the COW blocks are allocated and written, and xfs_reflink_end_cow moves block 0 into the data fork: the clone keeps the old block (see the Data fork, COW fork and disk panel). XFS counts no extent-lock cycles and no btrfs reservations: its delalloc blocks come from m_fdblocks (the Free space panel).",
      review: [],
    },
  ],
};
