// Tutorial: a write into a fallocated (PREALLOC) extent (S9): data is reserved, writeback writes in place
// and gives the reservation back, and completion splits the prealloc item in three.

import type { Tutorial } from '../types.ts';

const K = 1024;

export const preallocWrite: Tutorial = {
  id: 'prealloc-write',
  title: 'Writing into preallocated space',
  summary:
    'fallocate left [16K, 32K) as a PREALLOC extent Z. A 4K write reserves data space anyway; writeback writes into Z and releases it; completion splits the item.',
  scenario: 'S9',
  variant: 'srcmap',
  checkpoints: [
    {
      title: 'A reservation for space that exists',
      at: { kind: 'btrfs.reserve', text: 'data bytes_may_use' },
      narration:
        'write(4K at 20K) lands in a PREALLOC extent: the disk space was allocated by fallocate, but never written. The buffered write still reserves 4K of data space, as for any write, because it cannot yet be sure the range will be written in place.',
      look: ['space-primary', 'gauge-data', 'extents-primary'],
      claims: [
        { kind: 'space', space: 'data', field: 'mayUse', change: 4 * K },
        {
          kind: 'mapping',
          file: 'F',
          offset: 20 * K,
          extent: 'Z',
          type: 'prealloc',
        },
      ],
      question: {
        prompt: 'Writeback runs. Where does the data of [20K, 24K) go?',
        options: [
          {
            id: 'prealloc',
            label: 'Into Z, in place, through a PREALLOC ordered extent',
            when: { kind: 'ordered', file: 'F', count: 1, type: 'prealloc' },
          },
          {
            id: 'cow',
            label: 'To a new extent, like any copy-on-write',
            when: { kind: 'ordered', file: 'F', count: 1, type: 'regular' },
          },
        ],
        explanation:
          'run_delalloc_nocow sees a PREALLOC extent that no one else references and writes into it. No new space is needed.',
      },
    },
    {
      title: 'The reservation comes back',
      at: { kind: 'btrfs.release', text: 'data bytes_may_use' },
      narration:
        'The PREALLOC ordered extent writes into Z, so the 4K reserved at write time are not needed: bytes_may_use drops back and nothing moves to bytes_reserved. Unlike a CoW writeback, no space changes hands.',
      look: ['space-primary', 'gauge-data', 'extents-primary'],
      claims: [
        { kind: 'ordered', file: 'F', count: 1, type: 'prealloc' },
        { kind: 'space', space: 'data', field: 'mayUse', change: 0 },
        { kind: 'space', space: 'data', field: 'reserved', change: 0 },
      ],
      question: {
        prompt:
          'When the ordered extent finishes, how is the prealloc item for [16K, 32K) recorded?',
        options: [
          {
            id: 'split',
            label: 'Split in three: prealloc, regular [20K, 24K), prealloc',
            when: {
              kind: 'all',
              of: [
                {
                  kind: 'mapping',
                  file: 'F',
                  offset: 16 * K,
                  extent: 'Z',
                  type: 'prealloc',
                },
                {
                  kind: 'mapping',
                  file: 'F',
                  offset: 20 * K,
                  extent: 'Z',
                  type: 'regular',
                },
                {
                  kind: 'mapping',
                  file: 'F',
                  offset: 24 * K,
                  extent: 'Z',
                  type: 'prealloc',
                },
              ],
            },
          },
          {
            id: 'whole',
            label: 'The whole item becomes regular',
            when: {
              kind: 'mapping',
              file: 'F',
              offset: 16 * K,
              extent: 'Z',
              type: 'regular',
            },
          },
          {
            id: 'unchanged',
            label:
              'It stays one prealloc item: reads of [20K, 24K) come from the page cache',
            when: {
              kind: 'mapping',
              file: 'F',
              offset: 20 * K,
              extent: 'Z',
              type: 'prealloc',
            },
          },
        ],
        explanation:
          'btrfs_mark_extent_written splits the item: only the written range turns regular, so reads of the rest keep returning zeros. All three items point into Z, which gets a reference per item.',
      },
    },
    {
      title: 'One extent, three items',
      at: { kind: 'btrfs.extent', text: 'refs 2 -> 3' },
      narration:
        'The prealloc item is now three: [16K, 20K) prealloc, [20K, 24K) regular, [24K, 32K) prealloc, all pointing into Z, which has three references. bytes_used did not change: Z was allocated all along.',
      look: ['extents-primary', 'space-primary'],
      claims: [
        {
          kind: 'mapping',
          file: 'F',
          offset: 16 * K,
          extent: 'Z',
          type: 'prealloc',
        },
        {
          kind: 'mapping',
          file: 'F',
          offset: 20 * K,
          extent: 'Z',
          type: 'regular',
        },
        {
          kind: 'mapping',
          file: 'F',
          offset: 24 * K,
          extent: 'Z',
          type: 'prealloc',
        },
        { kind: 'refs', extent: 'Z', refs: 3 },
        { kind: 'space', space: 'data', field: 'used', change: 0 },
      ],
    },
  ],
};
