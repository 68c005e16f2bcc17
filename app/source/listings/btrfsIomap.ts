// btrfs_buffered_iomap_begin / _end: the v1 series' port of the btrfs write loop onto iomap (4/6, the
// srcmap part 5/6), per design: as posted, with the srcmap fixed (v5.5 meaning), one iomap with a nested
// source lookup, and one iomap with a source address. Pseudo-C in our own words.

import { calls, clears, ln, mentions, on, sets } from '../match.ts';
import type {
  Listing,
  ListingOrigin,
  ListingSet,
  SourceLine,
} from '../types.ts';

const POSTED: ListingOrigin = {
  kind: 'patch',
  patch: 4,
  file: 'fs/btrfs/iomap.c',
};
const FIXED: ListingOrigin = {
  kind: 'review',
  patch: 5,
  what: 'the series\u2019 fs/btrfs/iomap.c with the bugs review found fixed, filling a v5.5 srcmap',
};
const NESTED: ListingOrigin = {
  kind: 'review',
  patch: 1,
  what: 'the series\u2019 fs/btrfs/iomap.c under the nested-lookup alternative argued in review',
};
const SRCADDR: ListingOrigin = {
  kind: 'review',
  patch: 1,
  what: 'the series\u2019 fs/btrfs/iomap.c under the source-address alternative argued in review',
};

const ADDED_4 = { diff: { patch: 4, change: 'added' } } as const;
const ADDED_5 = { diff: { patch: 5, change: 'added' } } as const;

/** Reserve, fall back to nocow, reserve metadata, lock: the same in every design (4/6 when posted). */
function reserveAndLock(posted: boolean): SourceLine[] {
  const mark = posted ? ADDED_4 : {};
  return [
    ln(
      'reserve-data',
      0,
      'ret = btrfs_check_data_free_space(inode, pos, write_bytes);',
      [calls('btrfs_check_data_free_space')],
      mark,
    ),
    ln(
      'nocow',
      0,
      'if (ret < 0 && check_can_nocow(inode, pos, &write_bytes) > 0) nocow = true;',
      [calls('check_can_nocow')],
      mark,
    ),
    ln(
      'reserve-meta',
      0,
      'btrfs_delalloc_reserve_metadata(inode, write_bytes);',
      [calls('btrfs_delalloc_reserve_metadata')],
      mark,
    ),
    ln(
      'lock',
      0,
      'while (lock_and_cleanup_extent_if_need(inode, pos, write_bytes, ...) == -EAGAIN);',
      [calls('lock_and_cleanup_extent_if_need')],
      mark,
    ),
  ];
}

const NESTED_READ: readonly SourceLine[] = [
  ln(
    'nested',
    0,
    'if (flags & IOMAP_NOLOCK) {  /* write_begin asks for the source; range locked */',
  ),
  ln(
    'source',
    1,
    'iomap = the extent under pos: MAPPED, UNWRITTEN or HOLE; return 0;',
    [on('iomap.map')],
  ),
];

export const BTRFS_BUFFERED_IOMAP_BEGIN: ListingSet = [
  {
    designs: ['v1-posted'],
    listing: {
      fn: 'btrfs_buffered_iomap_begin',
      origin: POSTED,
      lines: [
        ...reserveAndLock(true),
        ln(
          'length',
          0,
          'iomap->offset = round_down(pos, sectorsize); iomap->length = round_up(write_bytes, sectorsize);',
          [],
          { with: 'lock', ...ADDED_4 },
        ),
        ln(
          'unaligned',
          0,
          'if (pos or pos + write_bytes is not page aligned) {',
          [],
          ADDED_5,
        ),
        ln(
          'cow',
          1,
          'iomap->type = IOMAP_COW; get_iomap(inode, pos, length, srcmap);  /* addr += pos - start, twice */',
          [on('iomap.map', mentions('IOMAP_COW and'))],
          ADDED_5,
        ),
        ln(
          'delalloc',
          0,
          'iomap->type = IOMAP_DELALLOC;  /* unconditional: the COW type is lost */',
          [on('iomap.map', mentions('IOMAP_DELALLOC'))],
          ADDED_4,
        ),
      ],
    },
  },
  {
    designs: ['srcmap'],
    listing: {
      fn: 'btrfs_buffered_iomap_begin',
      origin: FIXED,
      lines: [
        ...reserveAndLock(false),
        ln(
          'length',
          0,
          'iomap = DELALLOC [round_down(pos), round_up(pos + write_bytes)); F_NEW over a hole or past EOF;',
          [],
          { with: 'lock' },
        ),
        ln(
          'srcmap',
          0,
          'srcmap = unaligned ? the extent under pos (MAPPED, UNWRITTEN or HOLE) : HOLE;  /* HOLE: iomap is the source */',
          [],
          { with: 'lock' },
        ),
      ],
    },
  },
  {
    designs: ['nested-apply'],
    listing: {
      fn: 'btrfs_buffered_iomap_begin',
      origin: NESTED,
      lines: [
        ...NESTED_READ,
        ...reserveAndLock(false),
        ln(
          'length',
          0,
          'iomap = DELALLOC [round_down(pos), round_up(pos + write_bytes)); F_NEW over a hole or past EOF;',
          [],
          { with: 'lock' },
        ),
      ],
    },
  },
  {
    designs: ['srcaddr'],
    listing: {
      fn: 'btrfs_buffered_iomap_begin',
      origin: SRCADDR,
      lines: [
        ...reserveAndLock(false),
        ln(
          'length',
          0,
          'iomap = DELALLOC [round_down(pos), ...) ending where the source extent ends, if unaligned;',
          [],
          { with: 'lock' },
        ),
        ln(
          'srcaddr',
          0,
          'iomap->src_addr = unaligned && extent is REG ? its disk address at offset : IOMAP_NULL_ADDR;',
          [],
          { with: 'lock' },
        ),
      ],
    },
  },
];

function endLines(posted: boolean, releaseNotRun?: string): SourceLine[] {
  const mark = posted ? ADDED_4 : {};
  return [
    ln(
      'release',
      0,
      posted
        ? 'release = round_down(reserved - written, sectorsize);  /* matches the short length */'
        : 'release = reserved - round_up(written + sector offset of pos, sectorsize);',
      [],
      { with: 'release-extents', ...mark },
    ),
    ln(
      'release-space',
      0,
      'if (release > 0) btrfs_delalloc_release_space(inode, pos + written, release);',
      [calls('btrfs_delalloc_release_space'), on('btrfs.release')],
      releaseNotRun === undefined ? mark : { notRun: releaseNotRun },
    ),
    ln(
      'delalloc',
      0,
      'if (written > 0) btrfs_set_extent_delalloc(inode, start, end);',
      [calls('btrfs_set_extent_delalloc')],
      mark,
    ),
    ln(
      'unlock',
      0,
      'if (range locked) unlock_extent(start, end);',
      [on('btrfs.bits', clears('LOCKED'))],
      mark,
    ),
    ln(
      'noreserve',
      0,
      'if (nocow && written > 0) set EXTENT_NORESERVE on the written range;',
      [on('btrfs.bits', sets('NORESERVE'))],
      mark,
    ),
    ln(
      'release-extents',
      0,
      'btrfs_delalloc_release_extents(inode, reserved);',
      [calls('btrfs_delalloc_release_extents')],
      mark,
    ),
  ];
}

function endListing(
  origin: ListingOrigin,
  posted: boolean,
  releaseNotRun?: string,
): Listing {
  return {
    fn: 'btrfs_buffered_iomap_end',
    origin,
    lines: endLines(posted, releaseNotRun),
  };
}

export const BTRFS_BUFFERED_IOMAP_END: ListingSet = [
  { designs: ['v1-posted'], listing: endListing(POSTED, true) },
  { designs: ['srcmap'], listing: endListing(FIXED, false) },
  {
    designs: ['nested-apply'],
    listing: endListing(
      NESTED,
      false,
      'with one iomap and no srcmap the iteration is never shorter than the reservation, and no built-in write stops short inside one',
    ),
  },
  { designs: ['srcaddr'], listing: endListing(SRCADDR, false) },
];
