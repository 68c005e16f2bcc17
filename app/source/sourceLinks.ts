// Where a listing comes from, as links: the real function at the kernel tag modelled (elixir's file view
// and its identifier search, which lands on the definition), or the v1 patch and its review on lore.

import {
  loreUrl,
  threadOf,
  v1Patch,
  type LoreLink,
} from '../walkthrough/lore.ts';
import type { Listing, PatchMark } from './types.ts';

export interface SourceLink {
  readonly label: string;
  readonly href: string;
}

const PATCH_TITLES: Readonly<Record<PatchMark['patch'], string>> = {
  1: 'iomap: Use a IOMAP_COW/srcmap for a read-modify-write I/O',
  2: 'iomap: Read page from srcmap for IOMAP_COW',
  3: 'iomap: Check iblocksize before transforming page->private',
  4: 'btrfs: Add a simple buffered iomap write',
  5: 'btrfs: Add CoW in iomap based writes',
  6: 'btrfs: remove buffered write code made unnecessary',
};

/** Patch k/6 of the v1 series, titled. */
export function patchLink(patch: PatchMark['patch']): LoreLink {
  return v1Patch(patch, PATCH_TITLES[patch]);
}

const ELIXIR = 'https://elixir.bootlin.com/linux';

/** The links of a listing's origin, most specific first. */
export function originLinks(listing: Listing): readonly SourceLink[] {
  const o = listing.origin;
  switch (o.kind) {
    case 'kernel': {
      const name = o.name ?? listing.fn;
      return [
        {
          label: `${name} @ ${o.tag}`,
          href: `${ELIXIR}/${o.tag}/C/ident/${name}`,
        },
        {
          label: `${o.file} @ ${o.tag}`,
          href: `${ELIXIR}/${o.tag}/source/${o.file}`,
        },
      ];
    }
    case 'patch': {
      const p = patchLink(o.patch);
      return [{ label: `${o.file} in ${p.label}`, href: loreUrl(p.messageId) }];
    }
    case 'review': {
      const t = threadOf(patchLink(o.patch));
      return [{ label: t.label, href: loreUrl(t.messageId) }];
    }
    case 'engine':
      return [];
  }
}

/** A one-line description of the origin (shown beside the links). */
export function originText(listing: Listing): string {
  const o = listing.origin;
  switch (o.kind) {
    case 'kernel':
      return `Linux ${o.tag}, ${o.file}`;
    case 'patch':
      return `the v1 series as posted, patch ${String(o.patch)}/6`;
    case 'review':
      return o.what;
    case 'engine':
      return o.what;
  }
}

/** A patch that marks lines of a listing: its lore link, and a short name ("patch 4/6") for the header. */
export interface PatchSourceLink extends SourceLink {
  readonly short: string;
}

/** The patches that mark lines of `listing`, in order, each with its lore link. */
export function patchesOf(listing: Listing): readonly PatchSourceLink[] {
  const ks = [
    ...new Set(
      listing.lines.flatMap((l) =>
        l.diff === undefined ? [] : [l.diff.patch],
      ),
    ),
  ].sort((a, b) => a - b);
  return ks.map((k) => {
    const p = patchLink(k);
    return {
      label: p.label,
      short: `patch ${String(k)}/6`,
      href: loreUrl(p.messageId),
    };
  });
}

/** How a patch mark reads, e.g. "added by patch 4/6". */
export function markText(mark: PatchMark): string {
  return `${mark.change} by patch ${String(mark.patch)}/6`;
}
