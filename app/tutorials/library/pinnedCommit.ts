// Tutorial: a full overwrite frees the old extent (S14): the space is pinned, not free, until the
// transaction commits.

import type { Tutorial } from '../types.ts';

const K = 1024;

export const pinnedCommit: Tutorial = {
  id: 'pinned-commit',
  title: 'Pinned space and the commit',
  summary:
    'write(16K at 0) replaces all of extent X. After writeback X is freed, but its space is pinned until the transaction commits.',
  scenario: 'S14',
  variant: 'srcmap',
  checkpoints: [
    {
      title: 'The whole file is rewritten',
      at: { kind: 'iomap.end' },
      narration:
        "All four pages are dirty and [0, 16K) is DELALLOC, backed by 16K of bytes_may_use. Extent X still holds the old contents on disk and is still the file's only extent.",
      look: ['pages-primary', 'gauge-data', 'extents-primary'],
      claims: [
        { kind: 'page', file: 'F', index: 0, set: ['dirty'] },
        { kind: 'page', file: 'F', index: 3, set: ['dirty'] },
        { kind: 'space', space: 'data', field: 'mayUse', change: 16 * K },
        { kind: 'refs', extent: 'X', refs: 1 },
      ],
      question: {
        prompt:
          'Writeback puts all 16K in a new extent Y. When the ordered extent finishes, what becomes of X?',
        options: [
          {
            id: 'pinned',
            label: 'X is freed, but its 16K stay pinned',
            when: {
              kind: 'all',
              of: [
                { kind: 'refs', extent: 'X', refs: 0 },
                {
                  kind: 'space',
                  space: 'data',
                  field: 'pinned',
                  change: 16 * K,
                },
              ],
            },
          },
          {
            id: 'free',
            label: 'X is freed and its space is free at once',
            when: {
              kind: 'all',
              of: [
                { kind: 'refs', extent: 'X', refs: 0 },
                { kind: 'space', space: 'data', field: 'pinned', change: 0 },
              ],
            },
          },
          {
            id: 'kept',
            label: 'X stays allocated as a bookend',
            when: { kind: 'refs', extent: 'X', refs: 1 },
          },
        ],
        explanation:
          "Nothing references X any more, so btrfs_free_extent drops it. But the last committed tree still points at X: until a new commit is on disk, X's blocks must not be reused, so they are pinned.",
      },
    },
    {
      title: 'Freed, but pinned',
      at: { kind: 'btrfs.extent', text: 'lost its last reference' },
      narration:
        'btrfs_drop_extents deleted the old item, and X lost its last reference. Its 16K left bytes_used and went to bytes_pinned, not to the free pool: a power cut now would mount the last commit, which still uses X.',
      look: ['space-primary', 'gauge-data', 'extents-primary'],
      claims: [
        { kind: 'refs', extent: 'X', refs: 0 },
        { kind: 'space', space: 'data', field: 'pinned', change: 16 * K },
        { kind: 'space', space: 'data', field: 'used', change: -16 * K },
      ],
    },
    {
      title: "Y takes X's place",
      at: { kind: 'btrfs.extent', text: 'delayed ref' },
      narration:
        'The new extent Y became used: bytes_used is back where it started, since 16K went out with X and 16K came in with Y. For now the filesystem holds both: Y used, X pinned.',
      look: ['space-primary', 'gauge-data', 'extents-primary'],
      claims: [
        { kind: 'mapping', file: 'F', offset: 0, extent: 'Y' },
        { kind: 'space', space: 'data', field: 'used', change: 0 },
        { kind: 'space', space: 'data', field: 'pinned', change: 16 * K },
        { kind: 'space', space: 'data', field: 'reserved', change: 0 },
      ],
      question: {
        prompt: 'The transaction commits. What happens to the 16K pinned?',
        options: [
          {
            id: 'unpinned',
            label: 'They become free once the new superblock is on disk',
            when: {
              kind: 'all',
              of: [
                { kind: 'space', space: 'data', field: 'pinned', change: 0 },
                { kind: 'commits', change: 1 },
              ],
            },
          },
          {
            id: 'stay',
            label: 'They stay pinned until the next mount',
            when: {
              kind: 'space',
              space: 'data',
              field: 'pinned',
              change: 16 * K,
            },
          },
        ],
        explanation:
          'The commit writes the new trees, flushes, writes the superblocks and flushes again. After that no durable tree refers to X, and btrfs_finish_extent_commit returns its space.',
      },
    },
    {
      title: 'The commit unpins',
      at: { kind: 'btrfs.commit', text: 'pinned space is free again' },
      narration:
        "A new generation is on disk, and X's 16K are free again. Over the whole run bytes_used did not change, but for a while the filesystem needed both copies: one transaction's worth of pinned space.",
      look: ['space-primary', 'gauge-data'],
      claims: [
        { kind: 'space', space: 'data', field: 'pinned', change: 0 },
        { kind: 'space', space: 'data', field: 'used', change: 0 },
        { kind: 'commits', change: 1 },
      ],
    },
  ],
};
