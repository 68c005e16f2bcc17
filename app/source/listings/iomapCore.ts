// The iomap buffered-write core, per design: v5.2 fs/iomap.c under the v1 series as posted (its changed
// lines marked with their patch), v5.5 fs/iomap/ for srcmap, and v5.2 with the reviewers' alternatives
// for nested-apply and srcaddr. Pseudo-C in our own words; line ids are shared where the statement is.

import { calls, ln, noted, on } from '../match.ts';
import type {
  Listing,
  ListingOrigin,
  ListingSet,
  SourceLine,
} from '../types.ts';

const V52: ListingOrigin = { kind: 'kernel', tag: 'v5.2', file: 'fs/iomap.c' };
const V55_BUFFERED: ListingOrigin = {
  kind: 'kernel',
  tag: 'v5.5',
  file: 'fs/iomap/buffered-io.c',
};
const V55_APPLY: ListingOrigin = {
  kind: 'kernel',
  tag: 'v5.5',
  file: 'fs/iomap/apply.c',
};
const NESTED: ListingOrigin = {
  kind: 'review',
  patch: 1,
  what: 'the nested-lookup alternative argued in review, on v5.2 fs/iomap.c',
};
const SRCADDR: ListingOrigin = {
  kind: 'review',
  patch: 1,
  what: 'the source-address alternative argued in review, on v5.2 fs/iomap.c',
};

type Body = Omit<Listing, 'fn'>;

function perDesign(
  fn: string,
  v1: Body,
  srcmap: Body,
  nested: Body,
  srcaddr: Body = nested,
): ListingSet {
  return [
    { designs: ['v1-posted'], listing: { fn, ...v1 } },
    { designs: ['srcmap'], listing: { fn, ...srcmap } },
    { designs: ['nested-apply'], listing: { fn, ...nested } },
    { designs: ['srcaddr'], listing: { fn, ...srcaddr } },
  ];
}

const FILE_WRITE_LINES: readonly SourceLine[] = [
  ln('loop', 0, 'while (iov_iter_count(from) > 0) {'),
  ln(
    'apply',
    1,
    'ret = iomap_apply(inode, pos, count, IOMAP_WRITE, ops, from, iomap_write_actor);  /* pos += ret */',
    [calls('iomap_apply')],
  ),
];

export const IOMAP_FILE_BUFFERED_WRITE: ListingSet = perDesign(
  'iomap_file_buffered_write',
  { origin: V52, lines: FILE_WRITE_LINES },
  { origin: V55_BUFFERED, lines: FILE_WRITE_LINES },
  { origin: V52, lines: FILE_WRITE_LINES },
);

const APPLY_TAIL: readonly SourceLine[] = [
  ln('end', 0, 'ops->iomap_end(inode, pos, length, written, flags, &iomap);', [
    calls('btrfs_buffered_iomap_end'),
    on('iomap.end'),
  ]),
];

export const IOMAP_APPLY: ListingSet = perDesign(
  'iomap_apply',
  {
    origin: V52,
    lines: [
      ln(
        'begin',
        0,
        'ret = ops->iomap_begin(inode, pos, length, flags, &iomap, &srcmap);',
        [calls('btrfs_buffered_iomap_begin')],
        { diff: { patch: 1, change: 'changed' } },
      ),
      ln(
        'clamp',
        0,
        'length = min(length, iomap.offset + iomap.length - pos);',
        [on('iomap.begin')],
      ),
      ln(
        'actor',
        0,
        'written = actor(inode, pos, length, data, &iomap, &srcmap);',
        [calls('iomap_write_actor')],
        { diff: { patch: 1, change: 'changed' } },
      ),
      ...APPLY_TAIL,
    ],
  },
  {
    origin: V55_APPLY,
    lines: [
      ln(
        'begin',
        0,
        'ret = ops->iomap_begin(inode, pos, length, flags, &iomap, &srcmap);',
        [calls('btrfs_buffered_iomap_begin')],
      ),
      ln(
        'clamp',
        0,
        'length = min(length, end of iomap, srcmap.type == IOMAP_HOLE ? length : end of srcmap);',
        [on('iomap.begin')],
      ),
      ln(
        'actor',
        0,
        'written = actor(inode, pos, length, data, &iomap, &srcmap);',
        [calls('iomap_write_actor')],
      ),
      ...APPLY_TAIL,
    ],
  },
  {
    origin: V52,
    lines: [
      ln(
        'begin',
        0,
        'ret = ops->iomap_begin(inode, pos, length, flags, &iomap);',
        [calls('btrfs_buffered_iomap_begin')],
      ),
      ln(
        'clamp',
        0,
        'length = min(length, iomap.offset + iomap.length - pos);',
        [on('iomap.begin')],
      ),
      ln('actor', 0, 'written = actor(inode, pos, length, data, &iomap);', [
        calls('iomap_write_actor'),
      ]),
      ...APPLY_TAIL,
    ],
  },
);

function actorLines(withSrcmap: boolean, v1: boolean): SourceLine[] {
  const lines = [
    ln(
      'loop',
      0,
      'do {  /* one page at a time: offset, bytes = min(PAGE_SIZE - offset, length) */',
    ),
    ln(
      'begin',
      1,
      withSrcmap
        ? 'status = iomap_write_begin(inode, pos, bytes, flags, &page, iomap, srcmap);'
        : 'status = iomap_write_begin(inode, pos, bytes, flags, &page, iomap);',
      [calls('iomap_write_begin')],
      v1 ? { diff: { patch: 1, change: 'changed' } } : {},
    ),
    ln(
      'copy',
      1,
      'copied = iov_iter_copy_from_user_atomic(page, i, offset, bytes);',
      [on('page.copy')],
    ),
    ln(
      'end',
      1,
      'copied = iomap_write_end(inode, pos, bytes, copied, page, iomap);',
      [calls('iomap_write_end')],
    ),
  ];
  if (v1)
    lines.push(
      ln(
        'page-done',
        1,
        'page_ops->page_done(inode, pos, copied, page, iomap);  /* btrfs: SetPageUptodate(page) */',
        [on('page.flags', noted('btrfs_buffered_page_done'))],
        { diff: { patch: 4, change: 'added' } },
      ),
    );
  lines.push(
    ln('unlock', 1, 'unlock_page(page); put_page(page);  /* pos += copied */', [
      on('page.flags', noted('unlock the page')),
    ]),
  );
  return lines;
}

export const IOMAP_WRITE_ACTOR: ListingSet = perDesign(
  'iomap_write_actor',
  {
    origin: V52,
    note: 'The engine calls ->page_done after iomap_write_end returns; in v5.2 iomap_write_end calls it last.',
    lines: actorLines(true, true),
  },
  { origin: V55_BUFFERED, lines: actorLines(true, false) },
  { origin: V52, lines: actorLines(false, false) },
);

const GRAB: SourceLine = ln(
  'grab',
  0,
  'page = grab_cache_page_write_begin(mapping, index, flags);  /* locked */',
  [on('pagecache.lookup'), on('page.flags', noted('lock page'))],
);

function pageCreate(v1: boolean): SourceLine {
  return ln(
    'page-create',
    0,
    v1
      ? 'if (i_blocksize(inode) < PAGE_SIZE) iomap_page_create(inode, page);  /* page->private */'
      : 'iop = iomap_page_create(inode, page);  /* per-block state in page->private */',
    [on('page.flags', noted('iomap_page_create'))],
    v1 ? { diff: { patch: 3, change: 'changed' } } : {},
  );
}

export const IOMAP_WRITE_BEGIN: ListingSet = perDesign(
  'iomap_write_begin',
  {
    origin: V52,
    lines: [
      GRAB,
      pageCreate(true),
      ln('cow', 0, 'if (iomap->type == IOMAP_COW)', [], {
        diff: { patch: 2, change: 'added' },
      }),
      ln(
        'from-srcmap',
        1,
        'status = __iomap_write_begin(inode, pos, len, page, srcmap);',
        [],
        {
          diff: { patch: 2, change: 'added' },
          notRun:
            'as posted, 5/6 overwrites IOMAP_COW with IOMAP_DELALLOC, so no iomap reaches here with type COW',
        },
      ),
      ln('else', 0, 'else', []),
      ln(
        'from-iomap',
        1,
        'status = __iomap_write_begin(inode, pos, len, page, iomap);',
        [calls('__iomap_write_begin')],
      ),
    ],
  },
  {
    origin: V55_BUFFERED,
    lines: [
      GRAB,
      pageCreate(false),
      ln(
        'from-srcmap',
        0,
        'status = __iomap_write_begin(inode, pos, len, page, srcmap);  /* HOLE: iomap */',
        [calls('__iomap_write_begin')],
      ),
    ],
  },
  {
    origin: V52,
    lines: [
      GRAB,
      pageCreate(false),
      ln(
        'from-iomap',
        0,
        'status = __iomap_write_begin(inode, pos, len, page, iomap);',
        [calls('__iomap_write_begin')],
      ),
    ],
  },
);

const RUNS =
  'for (each run of !uptodate blocks the write covers in part) {  /* iomap_adjust_read_range */';
const ZERO = ln(
  'zero',
  2,
  'zero_user_segments(page, poff, from, to, poff + plen);',
  [on('page.zero')],
);
const SET_UPTODATE = ln(
  'uptodate',
  1,
  'iomap_set_range_uptodate(page, poff, plen);',
  [on('page.flags')],
);

export const IOMAP_WRITE_BEGIN_INNER: ListingSet = perDesign(
  '__iomap_write_begin',
  {
    origin: V52,
    lines: [
      ln('runs', 0, RUNS),
      ln(
        'needs-zero',
        1,
        'if (iomap->type != IOMAP_MAPPED || block_start >= i_size)  /* v5.2 rule */',
      ),
      ZERO,
      ln('else', 1, 'else'),
      ln(
        'read',
        2,
        'iomap_read_page_sync(inode, block_start, page, poff, plen, srcmap_or_iomap);',
        [calls('iomap_read_page_sync')],
        {
          diff: { patch: 2, change: 'changed' },
          notRun:
            'as posted the map here is always the DELALLOC iomap (5/6 loses IOMAP_COW), never MAPPED: every partial block is zeroed',
        },
      ),
      SET_UPTODATE,
    ],
  },
  {
    origin: V55_BUFFERED,
    lines: [
      ln('runs', 0, RUNS),
      ln(
        'needs-zero',
        1,
        'if (srcmap->type != MAPPED || srcmap->flags & IOMAP_F_NEW || block_start >= i_size)',
      ),
      ZERO,
      ln('else', 1, 'else'),
      ln(
        'read',
        2,
        'iomap_read_page_sync(block_start, page, poff, plen, srcmap);',
        [calls('iomap_read_page_sync')],
      ),
      SET_UPTODATE,
    ],
  },
  {
    origin: NESTED,
    lines: [
      ln('runs', 0, RUNS),
      ln(
        'nested',
        1,
        'ops->iomap_begin(inode, block_start, plen, IOMAP_READ | IOMAP_NOLOCK, &src);  /* nested */',
        [calls('btrfs_buffered_iomap_begin')],
      ),
      ln('needs-zero', 1, 'if (src.type != MAPPED || block_start >= i_size)'),
      ZERO,
      ln('else', 1, 'else'),
      ln(
        'read',
        2,
        'iomap_read_page_sync(block_start, page, poff, plen, &src);',
        [calls('iomap_read_page_sync')],
      ),
      SET_UPTODATE,
    ],
  },
  {
    origin: SRCADDR,
    lines: [
      ln('runs', 0, RUNS),
      ln(
        'needs-zero',
        1,
        'if (iomap->src_addr == IOMAP_NULL_ADDR || block_start >= i_size)',
      ),
      ZERO,
      ln('else', 1, 'else'),
      ln(
        'read',
        2,
        'iomap_read_page_sync(iomap->src_addr + offset, page, poff, plen);',
        [calls('iomap_read_page_sync')],
      ),
      SET_UPTODATE,
    ],
  },
);

const READ_SYNC_LINES: readonly SourceLine[] = [
  ln(
    'bio',
    0,
    'bio_init(&bio); bio.bi_iter.bi_sector = the source block; bio_add_page(...);',
    [on('io.submit')],
  ),
  ln(
    'wait',
    0,
    'submit_bio_wait(&bio);  /* the old bytes land in the page */',
    [on('page.read')],
  ),
];

const NEVER_READS =
  'as posted write_begin never reads: every partial block is zeroed (5/6 loses IOMAP_COW)';

export const IOMAP_READ_PAGE_SYNC: ListingSet = perDesign(
  'iomap_read_page_sync',
  {
    origin: V52,
    lines: READ_SYNC_LINES.map((l) => ({ ...l, notRun: NEVER_READS })),
  },
  { origin: V55_BUFFERED, lines: READ_SYNC_LINES },
  { origin: V52, lines: READ_SYNC_LINES },
);

const WRITE_END_LINES: readonly SourceLine[] = [
  ln(
    'short',
    0,
    'if (copied < len && !PageUptodate(page)) return 0;  /* retry the page */',
    [on('page.copy')],
  ),
  ln(
    'dirty',
    0,
    'iomap_set_range_uptodate(page, offset, copied); iomap_set_page_dirty(page);',
    [on('page.flags')],
  ),
  ln(
    'isize',
    0,
    'if (pos + copied > i_size) i_size_write(inode, pos + copied);',
    [on('btrfs.inode')],
  ),
];

export const IOMAP_WRITE_END: ListingSet = perDesign(
  'iomap_write_end',
  { origin: V52, lines: WRITE_END_LINES },
  { origin: V55_BUFFERED, lines: WRITE_END_LINES },
  { origin: V52, lines: WRITE_END_LINES },
);
