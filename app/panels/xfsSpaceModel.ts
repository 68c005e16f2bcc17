// The XFS free-space panel's numbers, as data: the data blocks split into allocated, promised to delalloc
// (m_delalloc_blks, XFS's counterpart of btrfs's bytes_may_use) and free (m_fdblocks), this step's change,
// and each inode's i_delayed_blks. Pure: XfsSpacePanel only maps it.

import type { Tables, XfsSpaceRec } from '@engine';

export interface XfsSpaceSegment {
  readonly key: 'allocated' | 'delalloc' | 'free';
  readonly label: string;
  readonly blocks: number;
  /** Blocks of the segments before this one: where it starts on the bar. */
  readonly start: number;
  readonly bytes: number;
  /** Change in blocks since the step before (0 when none). */
  readonly delta: number;
  readonly colour: string;
}

export interface XfsSpaceView {
  readonly blockSize: number;
  readonly dblocks: number;
  readonly segments: readonly XfsSpaceSegment[];
  readonly inodes: readonly {
    readonly name: string;
    readonly delayedBlocks: number;
  }[];
  /** One sentence for the accessible name. */
  readonly description: string;
}

/** Blocks neither free nor promised to delalloc: static metadata and written or unwritten extents. */
function allocated(s: XfsSpaceRec): number {
  return s.dblocks - s.fdblocks - s.delallocBlocks;
}

export function xfsSpaceView(
  tables: Tables,
  /** The record before this step's change, when this step changed it. */
  before: XfsSpaceRec | undefined,
): XfsSpaceView | null {
  const sb = tables.xfsSpace.get('sb');
  if (sb === undefined) return null;
  const bs = sb.blockSize;
  const prev = before ?? sb;
  const segment = (
    key: XfsSpaceSegment['key'],
    label: string,
    blocks: number,
    was: number,
    colour: string,
  ): Omit<XfsSpaceSegment, 'start'> => ({
    key,
    label,
    blocks,
    bytes: blocks * bs,
    delta: blocks - was,
    colour,
  });
  const parts = [
    segment(
      'allocated',
      'allocated (metadata and extents)',
      allocated(sb),
      allocated(prev),
      'var(--space-used)',
    ),
    segment(
      'delalloc',
      'm_delalloc_blks (promised to delalloc)',
      sb.delallocBlocks,
      prev.delallocBlocks,
      'var(--space-may-use)',
    ),
    segment(
      'free',
      'm_fdblocks (free)',
      sb.fdblocks,
      prev.fdblocks,
      'var(--space-free)',
    ),
  ];
  let start = 0;
  const segments: XfsSpaceSegment[] = parts.map((p) => {
    const seg = { ...p, start };
    start += p.blocks;
    return seg;
  });
  const inodes = [...tables.xfsInode.values()]
    .sort((a, b) => a.ino - b.ino)
    .map((i) => ({ name: i.name, delayedBlocks: i.delayedBlocks }));
  const description = `XFS free space of ${String(sb.dblocks)} blocks: ${segments.map((s) => `${s.label} ${String(s.blocks)}${s.delta === 0 ? '' : ` (${s.delta > 0 ? '+' : ''}${String(s.delta)} this step)`}`).join(', ')}.`;
  return { blockSize: bs, dblocks: sb.dblocks, segments, inodes, description };
}
