// Tutorial: a power cut before and after fsync (S15): what the page cache loses and what fsync keeps.

import type { Tutorial } from '../types.ts';

const K = 1024;

export const fsyncPowerCut: Tutorial = {
  id: 'fsync-power-cut',
  title: 'Power cuts, before and after fsync',
  summary:
    'The same 4K overwrite twice: once the power fails with the data only in the page cache, once after fsync.',
  scenario: 'S15',
  variant: 'srcmap',
  checkpoints: [
    {
      title: 'Written, but only in memory',
      at: { kind: 'op.end' },
      narration:
        'write(4K at 4K) returned 4096: the data is in page 1, dirty and delalloc. On disk nothing changed: [4K, 8K) still maps to the old extent X, and the last committed generation knows nothing of the write.',
      look: ['page-1', 'extents-primary'],
      claims: [
        { kind: 'page', file: 'F', index: 1, set: ['dirty'] },
        { kind: 'mapping', file: 'F', offset: 4 * K, extent: 'X' },
        { kind: 'commits', change: 0 },
      ],
      question: {
        prompt:
          'The power fails now and the filesystem is mounted again. What does file offset 4K map to?',
        options: [
          {
            id: 'old',
            label: 'The old extent X: the write is lost',
            when: {
              kind: 'all',
              of: [
                { kind: 'mapping', file: 'F', offset: 4 * K, extent: 'X' },
                { kind: 'page', file: 'F', index: 1, cached: false },
              ],
            },
          },
          {
            id: 'new',
            label: 'A new extent holding the new data',
            when: { kind: 'mapping', file: 'F', offset: 4 * K, extent: 'Y' },
          },
        ],
        explanation:
          'A buffered write only promises the data to the page cache. Without writeback and a commit, the power cut takes the page with it, and the mount finds the last commit, where 4K still maps to X.',
      },
    },
    {
      title: 'After the first power cut',
      at: { kind: 'fs.mount' },
      narration:
        'The page cache is gone and the mount found the previous generation: [4K, 8K) still maps to X and reads its old bytes. The reservation died with the memory that held it. The write was lost, which is what POSIX allows without fsync.',
      look: ['pages-primary', 'extents-primary', 'gauge-data'],
      claims: [
        { kind: 'page', file: 'F', index: 1, cached: false },
        { kind: 'mapping', file: 'F', offset: 4 * K, extent: 'X' },
        { kind: 'space', space: 'data', field: 'mayUse', change: 0 },
      ],
    },
    {
      title: 'fsync made it durable',
      at: { kind: 'btrfs.commit', text: 'write_all_supers' },
      narration:
        'The same write again, then fsync: writeback, a wait for the ordered extent, and a commit whose superblocks are now flushed. The kernel would log the new file extent item and checksums in the log tree instead; this engine commits the whole transaction, which promises the same bytes.',
      look: ['extents-primary', 'story-primary'],
      claims: [
        { kind: 'mapping', file: 'F', offset: 4 * K, extent: 'Y' },
        { kind: 'ordered', file: 'F', count: 0 },
        { kind: 'commits', change: 1 },
      ],
      question: {
        prompt: 'The power fails again. After the mount, what does 4K map to?',
        options: [
          {
            id: 'kept',
            label: 'The new extent Y: fsync kept the write',
            when: { kind: 'mapping', file: 'F', offset: 4 * K, extent: 'Y' },
          },
          {
            id: 'lost',
            label: 'The old extent X again',
            when: { kind: 'mapping', file: 'F', offset: 4 * K, extent: 'X' },
          },
        ],
        explanation:
          'fsync returned only once the new mapping was durable: the superblock on disk points at trees that map 4K to Y.',
      },
    },
    {
      title: 'After the second power cut',
      at: { kind: 'fs.mount' },
      narration:
        'The mount found the generation fsync committed: [4K, 8K) maps to Y and the page cache starts empty. The data oracle agrees with what the file reads back.',
      look: ['extents-primary', 'pages-primary'],
      claims: [
        { kind: 'mapping', file: 'F', offset: 4 * K, extent: 'Y' },
        { kind: 'page', file: 'F', index: 1, cached: false },
        { kind: 'commits', change: 1 },
      ],
    },
  ],
};
