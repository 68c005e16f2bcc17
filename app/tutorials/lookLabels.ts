// Names for the elements a checkpoint points at (by data-testid), as the tutorial panel lists them.

const FIXED: Readonly<Record<string, string>> = {
  'story-primary': 'Narration and call stack',
  'pages-primary': 'Page cache',
  'iomap-primary': 'iomap and srcmap',
  'extents-primary': 'Extents, io tree and disk',
  'space-primary': 'Space reservations',
  'counters-primary': 'Counters and the data oracle',
  'gauge-data': 'the data space_info gauge',
  'gauge-metadata': 'the metadata space_info gauge',
  survival: 'After the power cut',
  'xfs-forks-primary': 'Data fork, COW fork and disk',
  'xfs-space-primary': 'Free space (XFS)',
  'source-primary': 'Source',
  'device-bar': "the device's chunks and unallocated space",
  'groups-data': 'the data block groups',
  'groups-metadata': 'the metadata block groups',
  'ticket-queue': 'the ticket queue',
  'flush-data': 'the data reclaim worker',
  'flush-metadata': 'the metadata reclaim worker',
};

export function lookLabel(testId: string): string {
  const fixed = FIXED[testId];
  if (fixed !== undefined) return fixed;
  const page = /^page-(\d+)$/.exec(testId);
  if (page !== null) return `page ${page[1] ?? ''} in the page cache`;
  const lane = /^bit-lane-(\w+)$/.exec(testId);
  if (lane !== null) return `the ${lane[1] ?? ''} lane of the io tree`;
  return testId;
}

/** Scrolls the element into view inside its stage column and returns whether it exists. `nearest` moves
 * the column only as far as needed (used when a checkpoint opens); no smooth scroll under reduced motion. */
export function reveal(
  testId: string,
  block: ScrollLogicalPosition = 'center',
): boolean {
  const el = document.querySelector(`[data-testid="${CSS.escape(testId)}"]`);
  if (el === null) return false;
  const still = matchMedia('(prefers-reduced-motion: reduce)').matches;
  el.scrollIntoView({ block, behavior: still ? 'auto' : 'smooth' });
  return true;
}
