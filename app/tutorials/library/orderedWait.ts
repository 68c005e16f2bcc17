// Tutorial: a write during writeback (S7 under btrfs's own v5.2 loop): wait for the page's writeback, then
// for the ordered extent, and retry with -EAGAIN.

import type { Tutorial } from '../types.ts';

const K = 1024;

export const orderedWait: Tutorial = {
  id: 'ordered-wait',
  title: 'Waiting on ordered extents',
  summary:
    "A second write to [4K, 8K) arrives while the first one's writeback is still in flight: it waits for the page, then for the ordered extent, then retries.",
  scenario: 'S7',
  variant: 'legacy',
  checkpoints: [
    {
      title: 'Writeback in flight',
      at: { kind: 'io.submit' },
      narration:
        'The first write is being written back: an ordered extent covers [4K, 8K) and its bio was just submitted, with the checksum computed from the page as it is now. The page is under writeback and must not change until the write completes.',
      look: ['page-1', 'extents-primary'],
      claims: [
        {
          kind: 'page',
          file: 'F',
          index: 1,
          set: ['writeback', 'ordered'],
          clear: ['dirty'],
        },
        { kind: 'ordered', file: 'F', count: 1, state: 'submitted' },
      ],
    },
    {
      title: 'The second write finds the page',
      at: { kind: 'page.flags', text: 'lock page 1 for the write' },
      narration:
        'A second write(4K at 4K) has reserved its space and, in prepare_pages, locked page 1. The page is still under writeback: its old contents are on their way to disk.',
      look: ['page-1', 'story-primary'],
      claims: [
        { kind: 'page', file: 'F', index: 1, set: ['locked', 'writeback'] },
        { kind: 'space', space: 'data', field: 'mayUse', change: 4 * K },
      ],
      question: {
        prompt: 'Can the new data be copied into the page now?',
        options: [
          {
            id: 'wait',
            label: "No: it first waits for the page's writeback to end",
            when: { kind: 'stack', fn: 'wait_on_page_writeback' },
          },
          {
            id: 'copy',
            label: 'Yes: the page is locked, so copying is safe',
            when: {
              kind: 'counter',
              field: 'bytesCopied',
              cmp: 'gt',
              value: 0,
            },
          },
        ],
        explanation:
          'The checksum was computed at submission: changing the page while it is written would put data on disk that does not match its checksum. So the writer waits in wait_on_page_writeback.',
      },
    },
    {
      title: 'Waiting for the page',
      at: { kind: 'call.enter', text: 'wait_on_page_writeback' },
      narration:
        "The writer sleeps in wait_on_page_writeback until the bio completes. Completion ends the page's writeback, but the ordered extent is not finished yet: btrfs_finish_ordered_io still has to insert the file extent item.",
      look: ['story-primary', 'page-1'],
      claims: [
        { kind: 'stack', fn: 'wait_on_page_writeback' },
        { kind: 'counter', field: 'bytesCopied', cmp: 'eq', value: 0 },
      ],
    },
    {
      title: 'Waiting for the ordered extent',
      at: {
        kind: 'btrfs.ordered',
        text: 'sleep until the ordered extent completes',
      },
      narration:
        'lock_and_cleanup_extent_if_need locked [4K, 8K), found the ordered extent there, unlocked the range and the page, and now waits in btrfs_start_ordered_extent. A new delalloc range must not overlap an ordered extent that is still pending, and finishing it needs the range lock.',
      look: ['extents-primary', 'story-primary'],
      claims: [
        { kind: 'stack', fn: 'btrfs_start_ordered_extent' },
        { kind: 'ordered', file: 'F', count: 1, state: 'io_done' },
        { kind: 'page', file: 'F', index: 1, clear: ['writeback', 'locked'] },
      ],
      question: {
        prompt:
          'Once the ordered extent is finished, how does the writer go on?',
        options: [
          {
            id: 'eagain',
            label:
              'It returns -EAGAIN and starts over: pages, then the extent lock',
            when: {
              kind: 'counter',
              field: 'eagainRetries',
              cmp: 'eq',
              value: 1,
            },
          },
          {
            id: 'continue',
            label: 'It carries on with the extent lock it already holds',
            when: {
              kind: 'counter',
              field: 'eagainRetries',
              cmp: 'eq',
              value: 0,
            },
          },
        ],
        explanation:
          'The writer gave up both the page lock and the extent lock to wait, so the state may have changed: it returns -EAGAIN and the loop prepares the pages and locks the range again.',
      },
    },
    {
      title: 'Retry after the ordered extent',
      at: { kind: 'btrfs.eagain' },
      narration:
        'The ordered extent is gone and its file extent item is in the tree: [4K, 8K) maps to the new extent Y. Only now does the writer retry, so the new delalloc range will never overlap a pending ordered extent.',
      look: ['extents-primary', 'counters-primary'],
      claims: [
        { kind: 'ordered', file: 'F', count: 0 },
        { kind: 'mapping', file: 'F', offset: 4 * K, extent: 'Y' },
        { kind: 'counter', field: 'orderedWaits', cmp: 'eq', value: 1 },
        { kind: 'counter', field: 'eagainRetries', cmp: 'eq', value: 1 },
      ],
    },
    {
      title: 'The new data is delalloc',
      at: { kind: 'btrfs.bits', text: 'set UPTODATE|DELALLOC' },
      narration:
        'On the second pass the page is not under writeback and no ordered extent covers the range. The copy happened and [4K, 8K) is DELALLOC again, waiting for the next writeback.',
      look: ['extents-primary', 'page-1'],
      claims: [
        {
          kind: 'bits',
          file: 'F',
          start: 4 * K,
          end: 8 * K,
          set: ['DELALLOC'],
        },
        { kind: 'counter', field: 'bytesCopied', cmp: 'eq', value: 4 * K },
      ],
    },
  ],
};
