// The extents panel's layout, as data: which records of one file it draws, the file and disk scales, the
// rows' y positions, every band's geometry and label. Pure (no React, no DOM): ExtentsPanel only maps it.

import {
  bitNames,
  EXTENT,
  type ExtentBitName,
  type ExtentItemRec,
  type FileExtentRec,
  type InodeRec,
  type IoRangeRec,
  type OrderedRec,
  type ReducedState,
  type StepEvent,
} from '@engine';
import { byteScale, type ByteScale } from '../viz/axis.tsx';
import { addr, size } from '../viz/format.ts';

/** Room on the left for the lane names. */
export const LEFT = 110;
export const BIT_H = 14;
/** Lanes always shown, in this order; other bits get a lane when the run ever sets them. */
export const CORE_BITS: readonly ExtentBitName[] = [
  'LOCKED',
  'DELALLOC',
  'DELALLOC_NEW',
  'NORESERVE',
  'UPTODATE',
  'DIRTY',
];
/** Roughly the width of one label character: a label is drawn inside its band only when it fits. */
const CHAR_W = 6.4;

export interface DiskIo {
  readonly dir: 'read' | 'write';
  readonly bytenr: number;
  readonly length: number;
  readonly done: boolean;
}

export interface Band {
  readonly x: number;
  readonly width: number;
}

export interface LaneRange extends Band {
  readonly key: number;
  readonly title: string;
}

export interface Lane {
  readonly bit: ExtentBitName;
  readonly y: number;
  readonly locked: boolean;
  readonly ranges: readonly LaneRange[];
}

export interface FileExtentBand extends Band {
  readonly key: number;
  readonly prealloc: boolean;
  /** The quadrilateral from the file band down to its bytes on the disk axis. */
  readonly path: string;
  readonly label: string;
  readonly showLabel: boolean;
  readonly title: string;
}

export interface ItemBand extends Band {
  readonly key: number;
  /** The label that fits: the whole one, the extent's name, or nothing. */
  readonly label: string;
  readonly title: string;
}

export interface OrderedBand extends Band {
  readonly key: number;
  readonly label: string;
  readonly inFlight: boolean;
  readonly disk: Band;
}

export interface ExtentsLayout {
  readonly width: number;
  readonly height: number;
  readonly rows: {
    readonly ordered: number;
    readonly fileExt: number;
    readonly fileAxis: number;
    readonly items: number;
    readonly diskAxis: number;
    readonly io: number;
  };
  readonly fx: ByteScale;
  readonly dx: ByteScale;
  readonly lanes: readonly Lane[];
  readonly ordered: readonly OrderedBand[];
  readonly fileExtents: readonly FileExtentBand[];
  readonly items: readonly ItemBand[];
  readonly io: (DiskIo & { readonly band: Band; readonly text: string }) | null;
  readonly summary: string;
  readonly description: string;
}

/** The disk I/O an event is about, if it is one. */
export function ioOf(e: StepEvent | undefined): DiskIo | null {
  if (e?.kind === 'io.submit' || e?.kind === 'io.complete')
    return {
      dir: e.dir,
      bytenr: e.bytenr,
      length: e.length,
      done: e.kind === 'io.complete',
    };
  return null;
}

/** Every io-tree bit the events ever set, core bits first (lanes stay put while stepping). */
export function laneBits(events: readonly StepEvent[]): ExtentBitName[] {
  let seen = 0;
  for (const e of events)
    for (const c of e.changes ?? [])
      if (c.table === 'ioRange' && c.after !== null) seen |= c.after.bits;
  const extra = (bitNames(seen) as ExtentBitName[]).filter(
    (b) => !CORE_BITS.includes(b),
  );
  return [...CORE_BITS, ...extra];
}

export interface ExtentsInput {
  readonly tables: ReducedState['tables'];
  readonly inode: InodeRec;
  readonly bits: readonly ExtentBitName[];
  readonly event: StepEvent | undefined;
  /** The largest i_size the file reaches in the run (the file axis stays put while stepping). */
  readonly maxFileEnd: number;
  readonly sectorSize: number;
  readonly width: number;
}

function band(scale: ByteScale, lo: number, hi: number, min = 2): Band {
  const x = scale(lo);
  return { x, width: Math.max(min, scale(hi) - x) };
}

function plural(n: number, word: string): string {
  return `${String(n)} ${word}${n === 1 ? '' : 's'}`;
}

export function extentsLayout(input: ExtentsInput): ExtentsLayout {
  const { tables: t, inode, bits, width } = input;
  const ino = inode.ino;
  const fileExtents: FileExtentRec[] = [...t.fileExtent.values()]
    .filter((f) => f.ino === ino)
    .sort((a, b) => a.offset - b.offset);
  const ranges: IoRangeRec[] = [...t.ioRange.values()].filter(
    (r) => r.ino === ino,
  );
  const ordered: OrderedRec[] = [...t.ordered.values()].filter(
    (o) => o.ino === ino,
  );
  const items: ExtentItemRec[] = [...t.extentItem.values()]
    .filter((i) => i.name !== 'others')
    .sort((a, b) => a.bytenr - b.bytenr);
  const others = [...t.extentItem.values()].find((i) => i.name === 'others');
  const io = ioOf(input.event);

  const fileHi = Math.max(
    inode.isize,
    input.maxFileEnd,
    ...fileExtents.map((f) => f.offset + f.numBytes),
    1,
  );
  const fx = byteScale(0, fileHi, LEFT, width - 10);
  const diskPoints: number[] = [];
  for (const i of items) diskPoints.push(i.bytenr, i.bytenr + i.numBytes);
  for (const o of ordered)
    diskPoints.push(o.diskBytenr, o.diskBytenr + o.diskNumBytes);
  if (io !== null && io.bytenr >= 0)
    diskPoints.push(io.bytenr, io.bytenr + io.length);
  const dLo = diskPoints.length > 0 ? Math.min(...diskPoints) : 0;
  const dHi = diskPoints.length > 0 ? Math.max(...diskPoints) : 1;
  const pad = Math.max(input.sectorSize, (dHi - dLo) * 0.05);
  const dx = byteScale(Math.max(0, dLo - pad), dHi + pad, LEFT, width - 10);

  const yBits = 8;
  const rows = {
    ordered: yBits + bits.length * (BIT_H + 3) + 6,
    fileExt: 0,
    fileAxis: 0,
    items: 0,
    diskAxis: 0,
    io: 0,
  };
  rows.fileExt = rows.ordered + 26;
  rows.fileAxis = rows.fileExt + 26;
  rows.items = rows.fileAxis + 62;
  rows.diskAxis = rows.items + 26;
  rows.io = rows.diskAxis + 26;

  const lanes: Lane[] = bits.map((bit, i) => ({
    bit,
    y: yBits + i * (BIT_H + 3),
    locked: bit === 'LOCKED',
    ranges: ranges
      .filter((r) => (r.bits & EXTENT[bit]) !== 0)
      .map((r) => ({
        key: r.start,
        ...band(fx, r.start, r.end),
        title: `${bit} on [${size(r.start)}, ${size(r.end)}): ${bitNames(r.bits).join('|')}`,
      })),
  }));

  const fileBands: FileExtentBand[] = fileExtents.map((f) => {
    const disk = f.diskBytenr + f.extentOffset;
    const b = band(fx, f.offset, f.offset + f.numBytes);
    const x1 = fx(f.offset + f.numBytes);
    const item = t.extentItem.get(String(f.diskBytenr));
    const prealloc = f.type === 'prealloc';
    const label = `${item?.name ?? addr(f.diskBytenr)}${f.extentOffset > 0 ? `+${size(f.extentOffset)}` : ''}${prealloc ? ' prealloc' : ''}`;
    const yTop = rows.fileExt + 18;
    return {
      key: f.offset,
      ...b,
      prealloc,
      path: `M${String(b.x)},${String(yTop)} L${String(x1)},${String(yTop)} L${String(dx(disk + f.numBytes))},${String(rows.items)} L${String(dx(disk))},${String(rows.items)} z`,
      label,
      showLabel: x1 - b.x > label.length * CHAR_W,
      title: `file [${size(f.offset)}, +${size(f.numBytes)}) → ${label} at disk ${addr(disk)}`,
    };
  });

  const itemBands: ItemBand[] = items.map((i) => {
    const b = band(dx, i.bytenr, i.bytenr + i.numBytes);
    const whole = `${i.name} refs ${String(i.refs)}${i.shared ? ' shared' : ''}`;
    return {
      key: i.bytenr,
      ...b,
      label:
        b.width > whole.length * CHAR_W ? whole : b.width > 20 ? i.name : '',
      title: `extent ${i.name} at ${addr(i.bytenr)}, ${size(i.numBytes)}, ${String(i.refs)} reference(s)`,
    };
  });

  const orderedBands: OrderedBand[] = ordered.map((o) => ({
    key: o.id,
    ...band(fx, o.fileOffset, o.fileOffset + o.numBytes),
    label: `OE ${String(o.id)} ${o.type} ${o.state === 'submitted' ? 'bio in flight' : 'I/O done'}`,
    inFlight: o.state === 'submitted',
    disk: band(dx, o.diskBytenr, o.diskBytenr + o.diskNumBytes),
  }));

  const ioText =
    io === null
      ? ''
      : `${io.dir} ${size(io.length)} at ${addr(io.bytenr)} ${io.done ? 'completed' : 'submitted'}`;
  const ioDescription =
    io === null
      ? ''
      : ` Disk ${io.dir} of ${size(io.length)} at ${addr(io.bytenr)} ${io.done ? 'completed' : 'submitted'}.`;
  const laneText = ranges
    .map(
      (r) => `[${size(r.start)}, ${size(r.end)}) ${bitNames(r.bits).join('|')}`,
    )
    .join('; ');
  return {
    width,
    height: rows.io + 24,
    rows,
    fx,
    dx,
    lanes,
    ordered: orderedBands,
    fileExtents: fileBands,
    items: itemBands,
    io:
      io === null || io.bytenr < 0
        ? null
        : {
            ...io,
            band: band(dx, io.bytenr, io.bytenr + io.length, 4),
            text: ioText,
          },
    summary: `${inode.name}: ${plural(fileExtents.length, 'file extent item')}, ${plural(ordered.length, 'ordered extent')}, ${plural(ranges.length, 'io-tree range')}.${others === undefined ? '' : ` Other files use ${size(others.numBytes)} of the data space (not drawn).`}`,
    description: `Extents of ${inode.name}: ${String(fileExtents.length)} file extent items, ${String(ordered.length)} ordered extents. io tree: ${laneText === '' ? 'empty' : laneText}.${ioDescription}`,
  };
}
