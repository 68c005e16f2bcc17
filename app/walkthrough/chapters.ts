// The chapter list of the patch-review walkthrough of the 2019 "Btrfs iomap" v1 series: one chapter per
// patch (1/6 .. 6/6) and a closing chapter on what happened next. The start screen imports this list; the
// per-chapter detail (scenario, designs, review points) lives beside it in app/walkthrough/.

export interface WalkthroughChapterSummary {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
}

export const WALKTHROUGH_CHAPTERS: readonly WalkthroughChapterSummary[] = [
  {
    id: 'p1-srcmap',
    title: '1/6 iomap: a second map for the read-modify-write source',
    summary:
      'Adds an IOMAP_COW type and a srcmap argument to ->iomap_begin and every actor. Plumbing only: a filesystem that never fills srcmap behaves exactly as before.',
  },
  {
    id: 'p2-read-srcmap',
    title: '2/6 iomap: read the page from the srcmap',
    summary:
      'write_begin reads the partial block from the source map when the type is IOMAP_COW. Shown on an unaligned overwrite, the case that needs a source at all.',
  },
  {
    id: 'p3-page-private',
    title: '3/6 iomap: who owns page->private?',
    summary:
      'iomap trusts page->private only when blocks are smaller than the page. Reviewers asked what happens when btrfs supports sub-page blocks; shown on 4K blocks in 64K pages.',
  },
  {
    id: 'p4-btrfs-iomap-write',
    title: '4/6 btrfs: buffered writes through iomap',
    summary:
      "A port of btrfs's own write loop into ->iomap_begin/->iomap_end: reservation, extent lock, delalloc bits. Compared with the v5.2 loop on a write into a hole.",
  },
  {
    id: 'p5-btrfs-cow',
    title: '5/6 btrfs: CoW through the srcmap',
    summary:
      'btrfs fills the srcmap from its extent map and asks for IOMAP_COW on unaligned writes, but a later assignment overwrites the type: the partial page is zeroed instead of read.',
  },
  {
    id: 'p6-remove-legacy',
    title: '6/6 btrfs: remove the old buffered write loop',
    summary:
      'Deletes the v5.2 loop now that iomap drives the write. A pure removal: the engine shows the same behaviour with and without the dead code.',
  },
  {
    id: 'next',
    title: 'What happened next',
    summary:
      'The type bug found in review of v2, the generic srcmap merged in 5.5 with different semantics, the alternatives argued in review, and btrfs buffered writes that never moved to iomap.',
  },
];
