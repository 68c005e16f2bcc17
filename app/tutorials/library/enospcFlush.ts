// Tutorial: what btrfs does before it says ENOSPC (the enospc scenario): a ticket, a data chunk allocated
// on demand, pinned space that only a commit gives back, the data flush states in the kernel's order, and
// the ENOSPC that comes only when every state has failed.

import type { Tutorial } from '../types.ts';

const K = 1024;
const M = 1024 * K;

export const enospcFlush: Tutorial = {
  id: 'enospc-flush',
  title: 'What btrfs does before it says ENOSPC',
  summary:
    'A full data space is not yet ENOSPC: a waiting write gets a new chunk from the unallocated device, then pinned space back from a commit. Only when every flush state has failed does btrfs give up.',
  scenario: 'enospc',
  variant: 'srcmap',
  checkpoints: [
    {
      title: 'No free data space: the write waits in a ticket',
      at: { kind: 'btrfs.ticket', text: 'waits' },
      narration:
        'The append needs 64K of data space, but the four data block groups are full. btrfs_reserve_data_bytes does not fail: it queues a ticket for 64K and wakes the data reclaim worker, while the write waits. The device still has one 3M range that no chunk uses.',
      look: ['ticket-queue', 'groups-data', 'device-bar'],
      claims: [
        { kind: 'tickets', space: 'data', count: 1 },
        { kind: 'chunks', type: 'data', count: 4 },
        { kind: 'unallocated', bytes: 3 * M },
        { kind: 'flush', space: 'data', state: null },
      ],
      question: {
        prompt: 'What does the data reclaim worker try first?',
        options: [
          {
            id: 'chunk',
            label:
              'Allocate a new data chunk from the unallocated device space',
            when: {
              kind: 'all',
              of: [
                { kind: 'chunks', type: 'data', count: 5 },
                { kind: 'tickets', space: 'data', count: 0 },
              ],
            },
          },
          {
            id: 'commit',
            label: 'Commit the transaction to free pinned space',
            when: { kind: 'commits', change: 1 },
          },
          {
            id: 'enospc',
            label:
              'Nothing: the data space is full, so the write fails with ENOSPC',
            when: { kind: 'result', errno: 'ENOSPC' },
          },
        ],
        explanation:
          'While the data space_info is not marked full, the worker runs ALLOC_CHUNK_FORCE again and again: btrfs_chunk_alloc carves a data chunk from the free device range (at most 10% of the device; here the whole 3M gap) and the new block group grants the ticket.',
      },
    },
    {
      title: 'A chunk on demand grants the ticket',
      at: { kind: 'btrfs.ticket', text: 'granted' },
      narration:
        'btrfs_chunk_alloc made a 3M DATA single block group from the last free range, so the device has nothing unallocated now. The ticket got its 64K in bytes_may_use and the write goes on. The worker is still inside ALLOC_CHUNK_FORCE when it grants.',
      look: ['groups-data', 'device-bar', 'flush-data', 'gauge-data'],
      claims: [
        { kind: 'chunks', type: 'data', count: 5 },
        { kind: 'unallocated', bytes: 0 },
        { kind: 'tickets', space: 'data', count: 0 },
        { kind: 'flush', space: 'data', state: 'ALLOC_CHUNK_FORCE' },
        { kind: 'space', space: 'data', field: 'mayUse', change: 64 * K },
      ],
      question: {
        prompt:
          'Next, X is overwritten and the rest of the new chunk preallocated. When writeback puts the new copy of X elsewhere, what happens to the old 64K?',
        options: [
          {
            id: 'pinned',
            label: 'X is freed, but its 64K stay pinned until a commit',
            when: {
              kind: 'all',
              of: [
                { kind: 'refs', extent: 'X', refs: 0 },
                {
                  kind: 'space',
                  space: 'data',
                  field: 'pinned',
                  change: 64 * K,
                },
              ],
            },
          },
          {
            id: 'free',
            label: 'X is freed and its 64K are free at once',
            when: {
              kind: 'all',
              of: [
                { kind: 'refs', extent: 'X', refs: 0 },
                { kind: 'space', space: 'data', field: 'pinned', change: 0 },
              ],
            },
          },
        ],
        explanation:
          'The last committed trees still point at X, so its blocks must survive a power cut until a new commit is on disk: the freed extent is pinned, counted in bytes_pinned, and nobody may allocate it.',
      },
    },
    {
      title: 'Freed, but pinned',
      at: { kind: 'btrfs.extent', text: 'lost its last reference' },
      narration:
        "X lost its last reference at the ordered extent's completion. Its 64K left bytes_used for bytes_pinned. With the preallocation, the data block groups are full again, and the device has no room for another chunk.",
      look: ['groups-data', 'gauge-data', 'device-bar'],
      claims: [
        { kind: 'refs', extent: 'X', refs: 0 },
        { kind: 'space', space: 'data', field: 'pinned', change: 64 * K },
        { kind: 'unallocated', bytes: 0 },
      ],
      question: {
        prompt:
          'The next 64K write finds no free data space. The worker starts with ALLOC_CHUNK_FORCE again. What does it find?',
        options: [
          {
            id: 'no-room',
            label:
              'No room: the data space_info is marked full and the write still waits',
            when: {
              kind: 'all',
              of: [
                { kind: 'chunks', type: 'data', count: 5 },
                { kind: 'tickets', space: 'data', count: 1 },
              ],
            },
          },
          {
            id: 'room',
            label: 'Room for one more chunk',
            when: { kind: 'chunks', type: 'data', count: 6 },
          },
        ],
        explanation:
          'Every byte of the device belongs to a chunk. btrfs_chunk_alloc fails, marks the space_info full, and the worker moves on to the data flush states.',
      },
    },
    {
      title: 'No room for a chunk: the flush states run',
      at: { kind: 'btrfs.chunk_alloc', text: 'no DATA single chunk fits' },
      narration:
        'The chunk allocation failed, so the worker runs the data flush states in the kernel\u2019s order: FLUSH_DELALLOC_FULL, RUN_DELAYED_IPUTS, COMMIT_TRANS, RESET_ZONES, and ALLOC_CHUNK_FORCE last. The ticket waits through all of them.',
      look: ['flush-data', 'ticket-queue', 'device-bar'],
      claims: [
        { kind: 'flush', space: 'data', state: 'ALLOC_CHUNK_FORCE' },
        { kind: 'tickets', space: 'data', count: 1 },
        { kind: 'space', space: 'data', field: 'pinned', change: 64 * K },
      ],
      question: {
        prompt: 'Which flush state gives the waiting write its 64K?',
        options: [
          {
            id: 'commit',
            label: 'COMMIT_TRANS: the commit unpins X',
            when: {
              kind: 'all',
              of: [
                { kind: 'flush', space: 'data', state: 'COMMIT_TRANS' },
                { kind: 'tickets', space: 'data', count: 0 },
              ],
            },
          },
          {
            id: 'delalloc',
            label: 'FLUSH_DELALLOC_FULL: writing delalloc back frees space',
            when: {
              kind: 'all',
              of: [
                { kind: 'flush', space: 'data', state: 'FLUSH_DELALLOC_FULL' },
                { kind: 'tickets', space: 'data', count: 0 },
              ],
            },
          },
        ],
        explanation:
          'Nothing is delalloc (the earlier writes were written back), and no deleted file waits in delayed iputs. Pinned space is the only space to win, and only a commit makes it free: btrfs_finish_extent_commit returns it once the new superblock is on disk.',
      },
    },
    {
      title: 'A commit gives the pinned space back',
      at: { kind: 'btrfs.ticket', text: 'granted' },
      narration:
        'COMMIT_TRANS wrote the trees and the superblocks, then unpinned X\u2019s 64K. The space_info could grant the ticket at once, still inside the flush state. The write completes with no error.',
      look: ['flush-data', 'gauge-data', 'ticket-queue'],
      claims: [
        { kind: 'flush', space: 'data', state: 'COMMIT_TRANS' },
        { kind: 'tickets', space: 'data', count: 0 },
        { kind: 'space', space: 'data', field: 'pinned', change: 0 },
        { kind: 'commits', change: 1 },
      ],
      question: {
        prompt:
          'The last write asks for 64K more. Nothing is pinned now and the device is full. What happens?',
        options: [
          {
            id: 'enospc',
            label: 'Every flush state runs, then the ticket fails with ENOSPC',
            when: {
              kind: 'all',
              of: [
                { kind: 'result', errno: 'ENOSPC' },
                { kind: 'tickets', space: 'data', count: 0 },
              ],
            },
          },
          {
            id: 'ok',
            label: 'Another commit finds space and the write succeeds',
            when: { kind: 'result', errno: null },
          },
        ],
        explanation:
          'FLUSH_DELALLOC_FULL writes back the previous write (which frees nothing: it needs new space), the commit has nothing pinned to return, and ALLOC_CHUNK_FORCE still finds no room. With the space_info full and no ticket granted, maybe_fail_all_tickets fails the ticket.',
      },
    },
    {
      title: 'ENOSPC, after everything was tried',
      at: { kind: 'op.end', text: 'fails with ENOSPC' },
      narration:
        'The write failed with ENOSPC only after every data flush state had run and freed nothing. The file still reads what the data oracle expects, and no reservation is left waiting.',
      look: ['counters-primary', 'ticket-queue', 'flush-data'],
      claims: [
        { kind: 'result', errno: 'ENOSPC' },
        { kind: 'tickets', space: 'data', count: 0 },
        { kind: 'flush', space: 'data', state: null },
        { kind: 'oracle', ok: true },
      ],
    },
  ],
};
