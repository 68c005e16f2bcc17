// The designs under review in words only: id, title and one-sentence summary. Data, with no simulation code,
// so the UI's first screen can name the designs without loading the engine (each Variant takes its words here).

import type { DesignId } from '../scenario/types.ts';

export interface DesignWords<I extends DesignId = DesignId> {
  readonly id: I;
  readonly title: string;
  /** One sentence: what this design is and where it comes from. */
  readonly summary: string;
}

export const DESIGNS: { readonly [I in DesignId]: DesignWords<I> } = {
  legacy: {
    id: 'legacy',
    title: 'legacy btrfs (v5.2 btrfs_buffered_write)',
    summary:
      // Stryker disable next-line StringLiteral: start-screen words; no engine code or event log reads a summary
      "btrfs's own write loop, the code the series set out to replace (and which btrfs still uses today).",
  },
  'v1-posted': {
    id: 'v1-posted',
    title: 'v1 as posted (2019-06-21)',
    summary:
      // Stryker disable next-line StringLiteral: start-screen words; no engine code or event log reads a summary
      'The six-patch series exactly as posted, with the bugs review found: unaligned overwrites of uncached data are zeroed.',
  },
  srcmap: {
    id: 'srcmap',
    title: 'srcmap (fixed, v5.5 semantics)',
    summary:
      // Stryker disable next-line StringLiteral: start-screen words; no engine code or event log reads a summary
      'The v1 series with its three bugs fixed and the srcmap semantics that were merged in Linux 5.5.',
  },
  'nested-apply': {
    id: 'nested-apply',
    title: 'nested apply (one iomap, nested source lookup)',
    summary:
      // Stryker disable next-line StringLiteral: start-screen words; no engine code or event log reads a summary
      'One iomap per ->iomap_begin; write_begin asks the filesystem again, without locks, for the source of a read-modify-write.',
  },
  srcaddr: {
    id: 'srcaddr',
    title: 'srcaddr (one iomap + a source address)',
    summary:
      // Stryker disable next-line StringLiteral: start-screen words; no engine code or event log reads a summary
      'One iomap with an extra source-address field; the length ends where the source extent ends.',
  },
  xfs: {
    id: 'xfs',
    title: 'XFS (Linux 6.x, data fork + COW fork)',
    summary:
      // Stryker disable next-line StringLiteral: start-screen words; no engine code or event log reads a summary
      "XFS's buffered write path, the srcmap's mainline user since 5.5: one ILOCK cycle returns the COW fork's reservation as the iomap and the shared data-fork extent as the srcmap.",
  },
};
