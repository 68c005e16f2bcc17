// Links to the mailing-list archive by Message-ID, and the Message-IDs the walkthrough cites: the v1 series
// (git send-email numbering: -1- is the cover, -2- .. -7- are patches 1/6 .. 6/6) and the later messages
// listed in the project's kernel facts.

export interface LoreLink {
  readonly label: string;
  readonly messageId: string;
}

export function loreUrl(messageId: string): string {
  return `https://lore.kernel.org/r/${messageId}`;
}

const V1_SERIES = '20190621192828.28900';

/** The v1 message numbered `n` by git send-email (1 = the cover letter, 2..7 = patches 1/6..6/6). */
function v1Message(n: number): string {
  return `${V1_SERIES}-${String(n)}-rgoldwyn@suse.de`;
}

export const V1_COVER: LoreLink = {
  label: '[PATCH 0/6] Btrfs iomap (cover letter)',
  messageId: v1Message(1),
};

/** Patch k/6 of the v1 series (k = 1..6). */
export function v1Patch(k: 1 | 2 | 3 | 4 | 5 | 6, title: string): LoreLink {
  return {
    label: `[PATCH ${String(k)}/6] ${title}`,
    messageId: v1Message(k + 1),
  };
}

/** A reply in the thread under `patch`: the archive shows the replies below the patch it links to. */
export function threadOf(patch: LoreLink): LoreLink {
  const name = patch.label.split(']')[0] ?? patch.label;
  return {
    label: `reply in the thread of ${name}]`,
    messageId: patch.messageId,
  };
}

export const LATER = {
  v2Cover: {
    label: 'v2 "Btrfs iomap", 13 patches (2019-08-02)',
    messageId: '20190802220048.16142-1-rgoldwyn@suse.de',
  },
  v2TypeBugReview: {
    label: 'Dave Chinner on v2 05/13: the COW type is overwritten',
    messageId: '20190805001317.GG7689@dread.disaster.area',
  },
  v2TypeBugAck: {
    label: 'Goldwyn Rodrigues: will fix',
    messageId: '20190822150158.5jz74zrf6aiai5kh@fiona',
  },
  v4Cover: {
    label: 'v4 "CoW support for iomap" (2019-09-05)',
    messageId: '20190905150650.21089-1-rgoldwyn@suse.de',
  },
  hchSeries: {
    label: 'Christoph Hellwig, "iomap and xfs COW cleanups"',
    messageId: '20190909182722.16783-1-hch@lst.de',
  },
  mergedPatch: {
    label: '[PATCH 08/20] iomap: use a srcmap for a read-modify-write I/O',
    messageId: '20191008071527.29304-9-hch@lst.de',
  },
  xfsSrcmap: {
    label: 'xfs: fill out the srcmap in iomap_begin',
    messageId: '20190909182722.16783-13-hch@lst.de',
  },
  iomapForNext: {
    label: 'iomap-for-next, 2019-10-21 (merged for 5.5)',
    messageId: '20191022014226.GH913374@magnolia',
  },
  folioPrivate2025: {
    label: 'Goldwyn Rodrigues, "Avoid setting folio->private" (2025)',
    messageId: 'cover.1740168635.git.rgoldwyn@suse.com',
  },
} as const satisfies Record<string, LoreLink>;
