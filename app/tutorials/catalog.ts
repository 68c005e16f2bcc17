// The tutorials in words only, in the order the start screen lists them: id, title, scenario, summary and how
// many checkpoints and questions each has. Data with no checkpoint code, so the first screen can list the
// tutorials without loading them; catalog.test.ts checks it against the library.

export interface TutorialEntry {
  readonly id: string;
  readonly title: string;
  /** The built-in scenario it runs. */
  readonly scenario: string;
  readonly summary: string;
  readonly checkpoints: number;
  readonly questions: number;
}

export const TUTORIAL_CATALOG: readonly TutorialEntry[] = [
  {
    id: 'hole-write',
    title: 'A write into a hole',
    scenario: 'S4',
    summary:
      'Follow write(4K at 20K) into a hole of a 32K file: the space reservation, a fresh page, the delalloc bits and the new extent writeback creates.',
    checkpoints: 5,
    questions: 3,
  },
  {
    id: 'writeback-cow',
    title: 'Writeback and copy-on-write',
    scenario: 'S1',
    summary:
      'An aligned 4K overwrite of existing data: how writeback turns delalloc into a new extent, where the reserved bytes go, and why the old extent stays allocated.',
    checkpoints: 4,
    questions: 2,
  },
  {
    id: 'srcmap-read',
    title: 'Read-modify-write needs a source: the srcmap',
    scenario: 'S2',
    summary:
      'write(200B at 100B) into a block that holds live data and is not cached: the destination is delalloc, but the old bytes around the write must be read from the source extent first.',
    checkpoints: 4,
    questions: 2,
  },
  {
    id: 'v1-bug',
    title: 'The bug review caught: the posted series zeroes data',
    scenario: 'S3',
    summary:
      'The same 200-byte overwrite as the srcmap lesson, under the v1 series as posted: patch 5/6 sets IOMAP_COW, then overwrites it with DELALLOC. Watch the old bytes become zeros.',
    checkpoints: 4,
    questions: 2,
  },
  {
    id: 'v1-bug-cached',
    title: 'Why a cached page hides the bug',
    scenario: 'S3-cached',
    summary:
      'The v1 series again, but page 0 is already uptodate in the page cache: the wrong type is still there, and nothing goes wrong.',
    checkpoints: 3,
    questions: 1,
  },
  {
    id: 'ordered-wait',
    title: 'Waiting on ordered extents',
    scenario: 'S7',
    summary:
      "A second write to [4K, 8K) arrives while the first one's writeback is still in flight: it waits for the page, then for the ordered extent, then retries.",
    checkpoints: 6,
    questions: 2,
  },
  {
    id: 'nocow-enospc',
    title: 'Out of space: ENOSPC and the nocow fallback',
    scenario: 'S8',
    summary:
      'The data space is full, but the file is NODATACOW and its extent is not shared: the write is allowed without a data reservation and lands in place.',
    checkpoints: 4,
    questions: 2,
  },
  {
    id: 'prealloc-write',
    title: 'Writing into preallocated space',
    scenario: 'S9',
    summary:
      'fallocate left [16K, 32K) as a PREALLOC extent Z. A 4K write reserves data space anyway; writeback writes into Z and releases it; completion splits the item.',
    checkpoints: 3,
    questions: 2,
  },
  {
    id: 'subpage-blocks',
    title: 'Small blocks on big pages',
    scenario: 'S10',
    summary:
      'write(6K at 2K) on a 64K page of 4K blocks: per-block uptodate and dirty bits hang off page->private, a run of two blocks is read, and the page is dirty but not uptodate.',
    checkpoints: 3,
    questions: 1,
  },
  {
    id: 'pinned-commit',
    title: 'Pinned space and the commit',
    scenario: 'S14',
    summary:
      'write(16K at 0) replaces all of extent X. After writeback X is freed, but its space is pinned until the transaction commits.',
    checkpoints: 4,
    questions: 2,
  },
  {
    id: 'enospc-flush',
    title: 'What btrfs does before it says ENOSPC',
    scenario: 'enospc',
    summary:
      'A full data space is not yet ENOSPC: a waiting write gets a new chunk from the unallocated device, then pinned space back from a commit. Only when every flush state has failed does btrfs give up.',
    checkpoints: 6,
    questions: 5,
  },
  {
    id: 'fsync-power-cut',
    title: 'Power cuts, before and after fsync',
    scenario: 'S15',
    summary:
      'The same 4K overwrite twice: once the power fails with the data only in the page cache, once after fsync.',
    checkpoints: 4,
    questions: 2,
  },
  {
    id: 'xfs-cow-srcmap',
    title: 'XFS: the COW fork and the srcmap',
    scenario: 'X2',
    summary:
      "write(200B at 100B) into a file whose extent is shared with a clone, on XFS: one ->iomap_begin returns the COW fork's reservation and the shared data-fork extent, the old block is read from the srcmap, and I/O completion remaps the new block into the data fork.",
    checkpoints: 4,
    questions: 3,
  },
];
