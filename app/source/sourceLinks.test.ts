// The links of listings: kernel tags and files as the origin says, the v1 patches on lore by message id.

import { describe, expect, it } from 'vitest';
import { VARIANT_IDS } from '@engine';
import { expectEvery } from '../../engine/testing/nonVacuous.ts';
import { CATALOG, listingFor } from './catalog.ts';
import { originLinks, patchesOf } from './sourceLinks.ts';

describe('originLinks', () => {
  it('links a v5.2 btrfs function to its identifier and its file at the tag', () => {
    const listing = listingFor('btrfs_buffered_write', 'legacy');
    expect(listing && originLinks(listing)).toEqual([
      {
        label: 'btrfs_buffered_write @ v5.2',
        href: 'https://elixir.bootlin.com/linux/v5.2/C/ident/btrfs_buffered_write',
      },
      {
        label: 'fs/btrfs/file.c @ v5.2',
        href: 'https://elixir.bootlin.com/linux/v5.2/source/fs/btrfs/file.c',
      },
    ]);
  });

  it('links the srcmap design\u2019s iomap code to v5.5 fs/iomap/', () => {
    const listing = listingFor('__iomap_write_begin', 'srcmap');
    expect(listing && originLinks(listing).map((l) => l.href)).toEqual([
      'https://elixir.bootlin.com/linux/v5.5/C/ident/__iomap_write_begin',
      'https://elixir.bootlin.com/linux/v5.5/source/fs/iomap/buffered-io.c',
    ]);
  });

  it('links the posted btrfs iomap code to patch 4/6 on lore', () => {
    const listing = listingFor('btrfs_buffered_iomap_begin', 'v1-posted');
    expect(listing && originLinks(listing).map((l) => l.href)).toEqual([
      'https://lore.kernel.org/r/20190621192828.28900-5-rgoldwyn@suse.de',
    ]);
  });

  it('gives every kernel, patch and review listing at least one link', () => {
    expectEvery(
      CATALOG.filter(({ listing }) => listing.origin.kind !== 'engine'),
      ({ listing }) => originLinks(listing).length > 0,
      'listings with links',
    );
  });
});

describe('patchesOf', () => {
  it('names the patches that change v1-posted\u2019s btrfs_buffered_iomap_begin: 4/6 and 5/6', () => {
    const listing = listingFor('btrfs_buffered_iomap_begin', 'v1-posted');
    expect(listing && patchesOf(listing).map((p) => p.href)).toEqual([
      'https://lore.kernel.org/r/20190621192828.28900-5-rgoldwyn@suse.de',
      'https://lore.kernel.org/r/20190621192828.28900-6-rgoldwyn@suse.de',
    ]);
    expect(listing && patchesOf(listing).map((p) => p.short)).toEqual([
      'patch 4/6',
      'patch 5/6',
    ]);
  });

  it('finds no patch marks outside v1-posted', () => {
    const others = VARIANT_IDS.filter((d) => d !== 'v1-posted');
    const listings = others.flatMap((d) =>
      CATALOG.filter((e) => e.designs === 'all' || e.designs.includes(d)).map(
        (e) => e.listing,
      ),
    );
    expectEvery(listings, (l) => patchesOf(l).length === 0, 'unmarked');
  });
});
