// Extents: the file's extent io tree bits as lanes, its ordered extents, its file extent items mapped
// onto the disk's extent items (CoW relocation shows as the band moving), and disk I/O flashing.

import {
  bitNames,
  EXTENT,
  type ExtentBitName,
  type ExtentItemRec,
  type StepEvent,
} from '@engine';
import type { Run } from '../client/runRegistry.ts';
import { useStepView, type Side } from '../hooks/useRun.ts';
import { useWidth } from '../hooks/useWidth.ts';
import { useAppStore } from '../store/appStore.ts';
import { Axis, byteScale } from '../viz/axis.tsx';
import { addr, size } from '../viz/format.ts';
import { useFileName } from './PageCachePanel.tsx';
import { Panel } from './Panel.tsx';
import { selectHighlights } from '../tutorials/useHighlight.ts';

const LEFT = 110;
const BIT_H = 14;
/** Lanes always shown, in this order; other bits get a lane when the run ever sets them. */
const CORE_BITS: readonly ExtentBitName[] = [
  'LOCKED',
  'DELALLOC',
  'DELALLOC_NEW',
  'NORESERVE',
  'UPTODATE',
  'DIRTY',
];

const bitsCache = new WeakMap<Run, ExtentBitName[]>();

/** Every io-tree bit the run ever sets, core bits first (lanes stay put while stepping). */
function runBits(run: Run): ExtentBitName[] {
  const cached = bitsCache.get(run);
  if (cached !== undefined) return cached;
  let seen = 0;
  for (const e of run.events)
    for (const c of e.changes ?? [])
      if (c.table === 'ioRange' && c.after !== null) seen |= c.after.bits;
  const extra = (bitNames(seen) as ExtentBitName[]).filter(
    (b) => !CORE_BITS.includes(b),
  );
  const bits = [...CORE_BITS, ...extra];
  bitsCache.set(run, bits);
  return bits;
}

function ioOf(e: StepEvent | undefined): {
  dir: 'read' | 'write';
  bytenr: number;
  length: number;
  done: boolean;
} | null {
  if (e?.kind === 'io.submit' || e?.kind === 'io.complete')
    return {
      dir: e.dir,
      bytenr: e.bytenr,
      length: e.length,
      done: e.kind === 'io.complete',
    };
  return null;
}

export function ExtentsPanel({
  side,
  suffix = '',
}: {
  side: Side;
  suffix?: string;
}) {
  const at = useStepView(side);
  const name = useFileName(side);
  const [ref, width] = useWidth();
  const highlights = useAppStore(selectHighlights);
  if (at === undefined) return null;
  const { run, view } = at;
  const t = view.state.tables;
  const inode = [...t.inode.values()].find((i) => i.name === name);
  if (inode === undefined) return null;
  const ino = inode.ino;
  const fileExtents = [...t.fileExtent.values()]
    .filter((f) => f.ino === ino)
    .sort((a, b) => a.offset - b.offset);
  const ranges = [...t.ioRange.values()].filter((r) => r.ino === ino);
  const ordered = [...t.ordered.values()].filter((o) => o.ino === ino);
  const items = [...t.extentItem.values()]
    .filter((i) => i.name !== 'others')
    .sort((a, b) => a.bytenr - b.bytenr);
  const others = [...t.extentItem.values()].find((i) => i.name === 'others');
  const io = ioOf(view.event);
  const bits = runBits(run);

  const fileHi = Math.max(
    inode.isize,
    run.index.maxFileEnd,
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
  const pad = Math.max(run.scenario.geometry.sectorSize, (dHi - dLo) * 0.05);
  const dx = byteScale(Math.max(0, dLo - pad), dHi + pad, LEFT, width - 10);
  const itemName = (bytenr: number): ExtentItemRec | undefined =>
    t.extentItem.get(String(bytenr));

  const yBits = 8;
  const yOrdered = yBits + bits.length * (BIT_H + 3) + 6;
  const yFileExt = yOrdered + 26;
  const yFileAxis = yFileExt + 26;
  const yItems = yFileAxis + 62;
  const yDiskAxis = yItems + 26;
  const yIo = yDiskAxis + 26;
  const height = yIo + 24;

  return (
    <Panel
      title={`Extents, io tree and disk${suffix}`}
      testId={`extents-${side}`}
    >
      <p className="hint">
        {name}: {fileExtents.length} file extent item
        {fileExtents.length === 1 ? '' : 's'}, {ordered.length} ordered extent
        {ordered.length === 1 ? '' : 's'}, {ranges.length} io-tree range
        {ranges.length === 1 ? '' : 's'}.
        {others !== undefined &&
          ` Other files use ${size(others.numBytes)} of the data space (not drawn).`}
      </p>
      <div ref={ref}>
        <svg
          width={width}
          height={height}
          role="img"
          aria-label={describe(
            name ?? '',
            fileExtents.length,
            ranges,
            ordered.length,
            io,
          )}
          data-export="extents"
          data-testid={`extents-svg-${side}`}
        >
          {bits.map((bit, i) => {
            const y = yBits + i * (BIT_H + 3);
            return (
              <g
                key={bit}
                data-testid={`bit-lane-${bit}`}
                data-highlight={
                  highlights.includes(`bit-lane-${bit}`) ? 'true' : undefined
                }
              >
                <text
                  x={LEFT - 6}
                  y={y + 11}
                  textAnchor="end"
                  className="mono"
                  style={{ fontSize: 'var(--fs-1)' }}
                >
                  {bit}
                </text>
                <line
                  x1={LEFT}
                  x2={width - 10}
                  y1={y + BIT_H / 2}
                  y2={y + BIT_H / 2}
                  stroke="var(--grid)"
                />
                {ranges
                  .filter((r) => (r.bits & EXTENT[bit]) !== 0)
                  .map((r) => (
                    <rect
                      key={r.start}
                      x={fx(r.start)}
                      y={y}
                      width={Math.max(2, fx(r.end) - fx(r.start))}
                      height={BIT_H}
                      rx={2}
                      fill={
                        bit === 'LOCKED'
                          ? 'var(--flag-locked)'
                          : 'var(--accent)'
                      }
                      opacity={bit === 'LOCKED' ? 1 : 0.75}
                    >
                      <title>{`${bit} on [${size(r.start)}, ${size(r.end)}): ${bitNames(r.bits).join('|')}`}</title>
                    </rect>
                  ))}
              </g>
            );
          })}
          <text
            x={LEFT - 6}
            y={yOrdered + 13}
            textAnchor="end"
            style={{ fontWeight: 600 }}
          >
            ordered
          </text>
          {ordered.map((o) => (
            <g key={o.id}>
              <rect
                x={fx(o.fileOffset)}
                y={yOrdered}
                width={Math.max(
                  2,
                  fx(o.fileOffset + o.numBytes) - fx(o.fileOffset),
                )}
                height={18}
                rx={3}
                fill="var(--flag-ordered)"
                stroke="var(--fg)"
                strokeDasharray={o.state === 'submitted' ? '4 2' : undefined}
              />
              <text
                x={fx(o.fileOffset) + 4}
                y={yOrdered + 13}
                style={{ fill: '#000' }}
              >
                OE {o.id} {o.type}{' '}
                {o.state === 'submitted' ? 'bio in flight' : 'I/O done'}
              </text>
            </g>
          ))}
          <text
            x={LEFT - 6}
            y={yFileExt + 13}
            textAnchor="end"
            style={{ fontWeight: 600 }}
          >
            file extents
          </text>
          {fileExtents.map((f) => {
            const disk = f.diskBytenr + f.extentOffset;
            const x0 = fx(f.offset);
            const x1 = fx(f.offset + f.numBytes);
            const item = itemName(f.diskBytenr);
            const label = `${item?.name ?? addr(f.diskBytenr)}${f.extentOffset > 0 ? `+${size(f.extentOffset)}` : ''}${f.type === 'prealloc' ? ' prealloc' : ''}`;
            return (
              <g key={f.offset}>
                <path
                  d={`M${String(x0)},${String(yFileExt + 18)} L${String(x1)},${String(yFileExt + 18)} L${String(dx(disk + f.numBytes))},${String(yItems)} L${String(dx(disk))},${String(yItems)} z`}
                  fill={
                    f.type === 'prealloc'
                      ? 'var(--map-unwritten)'
                      : 'var(--map-mapped)'
                  }
                  opacity={0.2}
                />
                <rect
                  x={x0}
                  y={yFileExt}
                  width={Math.max(2, x1 - x0)}
                  height={18}
                  rx={3}
                  fill={
                    f.type === 'prealloc'
                      ? 'var(--map-unwritten)'
                      : 'var(--map-mapped)'
                  }
                  stroke="var(--panel)"
                >
                  <title>{`file [${size(f.offset)}, +${size(f.numBytes)}) → ${label} at disk ${addr(disk)}`}</title>
                </rect>
                {x1 - x0 > label.length * 6.4 && (
                  <text
                    x={x0 + 4}
                    y={yFileExt + 13}
                    style={{
                      fill: f.type === 'prealloc' ? '#000' : '#fff',
                      fontWeight: 600,
                    }}
                  >
                    {label}
                  </text>
                )}
              </g>
            );
          })}
          <Axis scale={fx} y={yFileAxis} label="file offset" />
          <text
            x={LEFT - 6}
            y={yItems + 13}
            textAnchor="end"
            style={{ fontWeight: 600 }}
          >
            extent items
          </text>
          {items.map((i) => {
            const x0 = dx(i.bytenr);
            const w = Math.max(2, dx(i.bytenr + i.numBytes) - x0);
            const label = `${i.name} refs ${String(i.refs)}${i.shared ? ' shared' : ''}`;
            return (
              <g key={i.bytenr}>
                <rect
                  x={x0}
                  y={yItems}
                  width={w}
                  height={18}
                  rx={3}
                  fill="var(--panel-2)"
                  stroke="var(--fg)"
                >
                  <title>{`extent ${i.name} at ${addr(i.bytenr)}, ${size(i.numBytes)}, ${String(i.refs)} reference(s)`}</title>
                </rect>
                <text x={x0 + 4} y={yItems + 13}>
                  {w > label.length * 6.4 ? label : w > 20 ? i.name : ''}
                </text>
              </g>
            );
          })}
          <Axis scale={dx} y={yDiskAxis} label="disk address" count={6} />
          <text
            x={LEFT - 6}
            y={yIo + 13}
            textAnchor="end"
            style={{ fontWeight: 600 }}
          >
            disk I/O
          </text>
          {ordered.map((o) => (
            <rect
              key={o.id}
              x={dx(o.diskBytenr)}
              y={yIo}
              width={Math.max(
                2,
                dx(o.diskBytenr + o.diskNumBytes) - dx(o.diskBytenr),
              )}
              height={16}
              fill="none"
              stroke="var(--io-write)"
              strokeDasharray="3 2"
            />
          ))}
          {io !== null && io.bytenr >= 0 && (
            <g className="flash" data-testid="disk-io-flash" data-dir={io.dir}>
              <rect
                x={dx(io.bytenr)}
                y={yIo}
                width={Math.max(4, dx(io.bytenr + io.length) - dx(io.bytenr))}
                height={16}
                fill={io.dir === 'read' ? 'var(--io-read)' : 'var(--io-write)'}
              />
              <text
                x={dx(io.bytenr + io.length) + 6}
                y={yIo + 12}
                style={{ fontWeight: 700 }}
              >
                {io.dir} {size(io.length)} at {addr(io.bytenr)}{' '}
                {io.done ? 'completed' : 'submitted'}
              </text>
            </g>
          )}
        </svg>
      </div>
      <ul className="legend" aria-label="Extents legend">
        <li>
          <span
            className="swatch"
            style={{ background: 'var(--flag-locked)' }}
          />{' '}
          LOCKED range
        </li>
        <li>
          <span className="swatch" style={{ background: 'var(--accent)' }} />{' '}
          other io-tree bit set
        </li>
        <li>
          <span
            className="swatch"
            style={{ background: 'var(--map-mapped)' }}
          />{' '}
          regular extent
        </li>
        <li>
          <span
            className="swatch"
            style={{ background: 'var(--map-unwritten)' }}
          />{' '}
          prealloc extent
        </li>
        <li>
          <span className="swatch" style={{ background: 'var(--io-read)' }} />{' '}
          disk read
        </li>
        <li>
          <span className="swatch" style={{ background: 'var(--io-write)' }} />{' '}
          disk write (dashed: ordered extent in flight)
        </li>
      </ul>
    </Panel>
  );
}

function describe(
  name: string,
  extents: number,
  ranges: readonly { start: number; end: number; bits: number }[],
  ordered: number,
  io: { dir: string; bytenr: number; length: number; done: boolean } | null,
): string {
  const bits = ranges
    .map(
      (r) => `[${size(r.start)}, ${size(r.end)}) ${bitNames(r.bits).join('|')}`,
    )
    .join('; ');
  const ioText =
    io === null
      ? ''
      : ` Disk ${io.dir} of ${size(io.length)} at ${addr(io.bytenr)} ${io.done ? 'completed' : 'submitted'}.`;
  return `Extents of ${name}: ${String(extents)} file extent items, ${String(ordered)} ordered extents. io tree: ${bits === '' ? 'empty' : bits}.${ioText}`;
}
