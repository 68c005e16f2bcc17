// Tutorial: the same v1 bug with the page already cached (S3-cached): write_begin finds an uptodate page,
// never reaches the zeroing, and nothing is lost — why simple tests missed the bug.

import type { Tutorial } from '../types.ts';

export const v1BugCached: Tutorial = {
  id: 'v1-bug-cached',
  title: 'Why a cached page hides the bug',
  summary:
    'The v1 series again, but page 0 is already uptodate in the page cache: the wrong type is still there, and nothing goes wrong.',
  scenario: 'S3-cached',
  variant: 'v1-posted',
  checkpoints: [
    {
      title: 'The same wrong type, a cached page',
      at: { kind: 'iomap.begin' },
      narration:
        'The iomap is DELALLOC again: patch 5/6 overwrote the COW type exactly as before. This time page 0 is already in the page cache and uptodate, because the file was read earlier.',
      look: ['iomap-primary', 'pages-primary', 'page-0'],
      claims: [
        { kind: 'iomap', type: 'DELALLOC', srcmap: 'MAPPED' },
        { kind: 'page', file: 'F', index: 0, set: ['uptodate'] },
      ],
      question: {
        prompt:
          'write_begin locks the uptodate page 0. What happens to the 3896 bytes around the write this time?',
        options: [
          {
            id: 'nothing',
            label: 'Nothing: the page already holds them',
            when: {
              kind: 'all',
              of: [
                { kind: 'counter', field: 'bytesZeroed', cmp: 'eq', value: 0 },
                { kind: 'counter', field: 'syncReads', cmp: 'eq', value: 0 },
              ],
            },
          },
          {
            id: 'zeroed',
            label: 'They are zeroed, as in the uncached case',
            when: {
              kind: 'counter',
              field: 'bytesZeroed',
              cmp: 'gt',
              value: 0,
            },
          },
          {
            id: 'read',
            label: 'They are read again from disk',
            when: { kind: 'counter', field: 'syncReads', cmp: 'gt', value: 0 },
          },
        ],
        explanation:
          'An uptodate page needs neither a read nor zeroing, so __iomap_write_begin returns before the type is ever consulted. Tests that write to recently read files never see the bug.',
      },
    },
    {
      title: 'The copy, with nothing zeroed',
      at: { kind: 'page.copy' },
      narration:
        'The 200 bytes went straight into the cached page. No read and no zeroing happened: the wrong iomap type had no effect because the page was uptodate.',
      look: ['counters-primary', 'page-0'],
      claims: [
        { kind: 'counter', field: 'bytesZeroed', cmp: 'eq', value: 0 },
        { kind: 'counter', field: 'syncReads', cmp: 'eq', value: 0 },
        { kind: 'counter', field: 'bytesCopied', cmp: 'eq', value: 200 },
      ],
    },
    {
      title: 'The oracle agrees',
      at: { kind: 'oracle.check' },
      narration:
        'The file reads back exactly what was written. Whether the posted series lost data depended on the page cache, which is why the bug needed a careful reading of the code to find.',
      look: ['counters-primary'],
      claims: [{ kind: 'oracle', ok: true }],
    },
  ],
};
