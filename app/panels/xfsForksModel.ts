// The XFS forks panel's layout, as data: one file's data fork and COW fork as rows of extents on the file
// axis (delalloc, unwritten, written), each real extent's place on the disk axis, and the shared (refcount
// above one) disk blocks. Pure (no React, no DOM): XfsForksPanel only maps it.

import type { Tables, XfsExtentRec } from '@engine';
import { byteScale, type ByteScale } from '../viz/axis.tsx';
import { size } from '../viz/format.ts';

/** Room on the left for the row names. */
export const XFS_LEFT = 96;
const ROW_H = 18;
/** Roughly the width of one label character: a label is drawn inside its band only when it fits. */
const CHAR_W = 6.4;

export interface ForkBand {
  readonly key: string;
  readonly fork: 'data' | 'cow';
  readonly state: XfsExtentRec['state'];
  readonly x: number;
  readonly width: number;
  /** Drawn inside the band when it fits, else only in the title. */
  readonly label: string | null;
  readonly title: string;
}

export interface DiskBand {
  readonly key: string;
  readonly fork: 'data' | 'cow';
  readonly state: 'written' | 'unwritten';
  readonly x: number;
  readonly width: number;
  readonly title: string;
}

export interface SharedBand {
  readonly key: string;
  readonly x: number;
  readonly width: number;
  readonly title: string;
}

export interface XfsForksLayout {
  readonly fx: ByteScale;
  readonly dx: ByteScale;
  readonly rows: {
    readonly data: number;
    readonly cow: number;
    readonly fileAxis: number;
    readonly disk: number;
    readonly shared: number;
    readonly diskAxis: number;
  };
  readonly height: number;
  readonly data: readonly ForkBand[];
  readonly cow: readonly ForkBand[];
  /** null when the inode has no COW fork (not a reflink inode). */
  readonly hasCowFork: boolean;
  readonly disk: readonly DiskBand[];
  readonly shared: readonly SharedBand[];
  /** One sentence for the panel's hint. */
  readonly summary: string;
  /** What the drawing shows, for its accessible name. */
  readonly description: string;
}

const STATE_WORDS: Record<XfsExtentRec['state'], string> = {
  delalloc: 'delalloc',
  unwritten: 'unwritten',
  written: 'written',
};

function extentTitle(e: XfsExtentRec, bs: number): string {
  const where =
    e.startblock < 0
      ? 'no disk blocks yet (a delayed allocation)'
      : `disk ${size(e.startblock * bs)}`;
  return `${e.fork} fork: ${STATE_WORDS[e.state]} [${size(e.startoff * bs)}, +${size(e.blockcount * bs)}) at ${where}`;
}

function describeFork(extents: readonly XfsExtentRec[], bs: number): string {
  if (extents.length === 0) return 'empty';
  return extents
    .map(
      (e) =>
        `${STATE_WORDS[e.state]} [${size(e.startoff * bs)}, +${size(e.blockcount * bs)})${e.startblock < 0 ? '' : ` at disk ${size(e.startblock * bs)}`}`,
    )
    .join(', ');
}

export function xfsForksLayout(input: {
  readonly tables: Tables;
  readonly ino: number;
  /** The file size to show at least (the run's largest file end). */
  readonly maxFileEnd: number;
  readonly width: number;
}): XfsForksLayout {
  const { tables, ino, width } = input;
  const sb = tables.xfsSpace.get('sb');
  const bs = sb?.blockSize ?? 4096;
  const inode = tables.xfsInode.get(String(ino));
  const extents = [...tables.xfsExtent.values()]
    .filter((e) => e.ino === ino)
    .sort((a, b) => a.startoff - b.startoff);
  const data = extents.filter((e) => e.fork === 'data');
  const cow = extents.filter((e) => e.fork === 'cow');
  const shared = [...tables.xfsRefcount.values()].sort(
    (a, b) => a.startblock - b.startblock,
  );
  const fileEnd = Math.max(
    input.maxFileEnd,
    inode?.isize ?? 0,
    ...extents.map((e) => (e.startoff + e.blockcount) * bs),
    bs,
  );
  const placed = extents.filter((e) => e.startblock >= 0);
  const diskBlocks = [
    ...placed.flatMap((e) => [e.startblock, e.startblock + e.blockcount]),
    ...shared.flatMap((r) => [r.startblock, r.startblock + r.blockcount]),
  ];
  const diskLo = diskBlocks.length > 0 ? Math.min(...diskBlocks) : 0;
  const diskHi = diskBlocks.length > 0 ? Math.max(...diskBlocks) : 1;
  const right = Math.max(XFS_LEFT + 40, width - 12);
  const fx = byteScale(0, fileEnd, XFS_LEFT, right);
  const dx = byteScale(diskLo * bs, diskHi * bs, XFS_LEFT, right);
  const rows = {
    data: 6,
    cow: 6 + ROW_H + 6,
    fileAxis: 6 + 2 * (ROW_H + 6) + 4,
    disk: 6 + 2 * (ROW_H + 6) + 34,
    shared: 6 + 3 * (ROW_H + 6) + 34,
    diskAxis: 6 + 4 * (ROW_H + 6) + 38,
  };
  const band = (e: XfsExtentRec): ForkBand => {
    const x = fx(e.startoff * bs);
    const w = Math.max(2, fx((e.startoff + e.blockcount) * bs) - x);
    const label = `${STATE_WORDS[e.state]} ${size(e.blockcount * bs)}`;
    return {
      key: `${e.fork}:${String(e.startoff)}`,
      fork: e.fork,
      state: e.state,
      x,
      width: w,
      label: label.length * CHAR_W + 6 <= w ? label : null,
      title: extentTitle(e, bs),
    };
  };
  const disk: DiskBand[] = placed.flatMap((e) =>
    e.state === 'delalloc'
      ? []
      : [
          {
            key: `${e.fork}:${String(e.startoff)}`,
            fork: e.fork,
            state: e.state,
            x: dx(e.startblock * bs),
            width: Math.max(
              2,
              dx((e.startblock + e.blockcount) * bs) - dx(e.startblock * bs),
            ),
            title: `${extentTitle(e, bs)} (file ${size(e.startoff * bs)})`,
          },
        ],
  );
  const sharedBands: SharedBand[] = shared.map((r) => ({
    key: String(r.startblock),
    x: dx(r.startblock * bs),
    width: Math.max(
      2,
      dx((r.startblock + r.blockcount) * bs) - dx(r.startblock * bs),
    ),
    title: `disk [${size(r.startblock * bs)}, +${size(r.blockcount * bs)}) is referenced ${String(r.refcount)} times (shared by reflink)`,
  }));
  const hasCowFork = inode?.reflink === true || cow.length > 0;
  const delayed = inode?.delayedBlocks ?? 0;
  const summary =
    `Data fork: ${String(data.length)} extent(s); ` +
    (hasCowFork
      ? `COW fork: ${String(cow.length)} extent(s)`
      : 'no COW fork (the file shares no blocks)') +
    `; i_delayed_blks ${String(delayed)}; ${String(shared.length)} shared disk range(s).`;
  const description = `XFS forks of inode ${String(ino)}: data fork ${describeFork(data, bs)}; COW fork ${hasCowFork ? describeFork(cow, bs) : 'none'}; shared disk ranges ${shared.length === 0 ? 'none' : shared.map((r) => `[${size(r.startblock * bs)}, +${size(r.blockcount * bs)}) ×${String(r.refcount)}`).join(', ')}.`;
  return {
    fx,
    dx,
    rows,
    height: rows.diskAxis + 22,
    data: data.map(band),
    cow: cow.map(band),
    hasCowFork,
    disk,
    shared: sharedBands,
    summary,
    description,
  };
}
