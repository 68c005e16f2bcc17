// The iomap and the srcmap of the iteration in progress, as ranges on the file axis with type, flags and
// address, and the disk ranges they point at. A srcmap read is drawn as an arrow from the disk to the page.
// The picture keeps one height through a run (two lanes and the disk axis, drawn or not), so the panels
// below it never move while the run plays.

import type { IomapRec, IterRec } from '@engine';
import { useLayoutEffect, useRef } from 'react';
import { playStep } from '../client/stepMotion.ts';
import type { Run, StepView } from '../client/runRegistry.ts';
import { useStepView, type StagePanelProps } from '../hooks/useRun.ts';
import { useWidth } from '../hooks/useWidth.ts';
import { Axis, byteScale, type ByteScale } from '../viz/axis.tsx';
import { addr, size } from '../viz/format.ts';
import { iomapTypeVar } from '../viz/palette.ts';
import { Panel } from './Panel.tsx';

const LEFT = 74;
const LANE_H = 24;
const Y_WRITE = 26;
const yLane = (i: number) => 58 + i * (LANE_H + 8);
/** Two lanes (iomap, srcmap) whatever the iteration has, then the file axis and the disk axis. */
const Y_FILE_AXIS = yLane(2) + 2;
const Y_DISK = Y_FILE_AXIS + 66;
const HEIGHT = Y_DISK + 48;

/** The iteration at the cursor, or the most recent finished one. */
function iterAt(
  run: Run,
  view: StepView,
): { iter: IterRec; live: boolean } | null {
  const live = view.state.tables.iter.values().next().value;
  if (live !== undefined) return { iter: live, live: true };
  const op = view.event?.op ?? -1;
  for (let s = view.seq; s >= 0; s--) {
    const e = run.events[s];
    if (e === undefined || e.op !== op) break;
    for (const c of e.changes ?? [])
      if (c.table === 'iter' && c.before !== null)
        return { iter: c.before, live: false };
  }
  return null;
}

function mapLabel(name: string, m: IomapRec): string {
  const flags = m.flags.length > 0 ? ` F_${m.flags.join('|F_')}` : '';
  return `${name}: ${m.type}${flags} [${size(m.offset)}, +${size(m.length)}) addr ${addr(m.addr)}`;
}

export function IomapPanel({ side, suffix = '' }: StagePanelProps) {
  const at = useStepView(side);
  const [ref, width] = useWidth();
  if (at === undefined) return null;
  const { run, view } = at;
  const found = iterAt(run, view);
  const title = `iomap and srcmap${suffix}`;
  if (found === null)
    return (
      <Panel title={title} testId={`iomap-${side}`}>
        {/* Legacy never iterates: nothing to keep a place for. Otherwise the picture's place stays. */}
        <div
          ref={ref}
          style={run.variant === 'legacy' ? undefined : { minHeight: HEIGHT }}
        >
          <p className="hint">
            {run.variant === 'legacy'
              ? 'The legacy design maps with btrfs’s own write loop (no struct iomap): watch the extent and page panels.'
              : 'No iomap iteration in this operation yet.'}
          </p>
        </div>
      </Panel>
    );
  const { iter, live } = found;
  const ps = run.scenario.geometry.pageSize;
  const maps = [iter.iomap, ...(iter.srcmap === null ? [] : [iter.srcmap])];
  const fileHi = Math.max(
    run.index.maxFileEnd,
    ...maps.map((m) => m.offset + m.length),
    iter.pos + iter.len,
  );
  const fx = byteScale(0, fileHi, LEFT, width - 10);
  const read = view.event?.kind === 'page.read' ? view.event : null;
  const diskRanges: [number, number][] = [];
  for (const m of maps)
    if (m.addr >= 0) diskRanges.push([m.addr, m.addr + m.length]);
  if (iter.iomap.srcaddr !== undefined && iter.iomap.srcaddr >= 0)
    diskRanges.push([
      iter.iomap.srcaddr,
      iter.iomap.srcaddr + iter.iomap.length,
    ]);
  if (read !== null && read.bytenr >= 0)
    diskRanges.push([read.bytenr, read.bytenr + read.length]);
  const dLo = Math.min(...diskRanges.map((r) => r[0]));
  const dHi = Math.max(...diskRanges.map((r) => r[1]));
  const pad = Math.max(ps, (dHi - dLo) * 0.1);
  const dx =
    diskRanges.length > 0
      ? byteScale(Math.max(0, dLo - pad), dHi + pad, LEFT, width - 10)
      : null;
  const lanes: { label: string; map: IomapRec; name: string }[] = [
    { label: 'iomap', map: iter.iomap, name: 'iomap' },
  ];
  if (iter.srcmap !== null)
    lanes.push({ label: 'srcmap', map: iter.srcmap, name: 'srcmap' });
  const yWrite = Y_WRITE;
  const yFileAxis = Y_FILE_AXIS;
  const yDisk = Y_DISK;
  return (
    <Panel title={title} testId={`iomap-${side}`}>
      <p className="hint iomap-text" data-testid={`iomap-text-${side}`}>
        {live ? 'This iteration' : 'The last iteration (finished)'}: pos{' '}
        {size(iter.pos)}, len {size(iter.len)}. {mapLabel('iomap', iter.iomap)}
        {iter.iomap.srcaddr !== undefined &&
          `, srcaddr ${addr(iter.iomap.srcaddr)}`}
        {iter.srcmap === null
          ? ' (this design has no srcmap)'
          : `; ${mapLabel('srcmap', iter.srcmap)}`}
        {iter.srcmap?.type === 'HOLE' &&
          ' — a HOLE srcmap means “no separate source: use the iomap” (v5.5).'}
      </p>
      <div ref={ref}>
        <svg
          width={width}
          height={HEIGHT}
          role="img"
          aria-label={`File axis with the iteration, ${mapLabel('iomap', iter.iomap)}${iter.srcmap === null ? '' : `, ${mapLabel('srcmap', iter.srcmap)}`}${read !== null && read.bytenr >= 0 ? `; reading ${size(read.length)} from disk ${addr(read.bytenr)} into page ${String(read.index)}` : ''}`}
          data-export="iomap"
          style={{ opacity: live ? 1 : 0.7 }}
        >
          <defs>
            <marker
              id={`arrow-${side}`}
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path d="M0,0 L10,5 L0,10 z" fill="var(--io-read)" />
            </marker>
          </defs>
          <text x={LEFT - 6} y={yWrite + 13} textAnchor="end" className="muted">
            write
          </text>
          <rect
            className="moving"
            x={fx(iter.pos)}
            y={yWrite}
            width={Math.max(2, fx(iter.pos + iter.len) - fx(iter.pos))}
            height={18}
            fill="none"
            stroke="var(--fg)"
            strokeDasharray="4 2"
            strokeWidth={1.5}
          />
          <text x={fx(iter.pos) + 4} y={yWrite - 4} className="muted">
            pos {size(iter.pos)} len {size(iter.len)}
          </text>
          {lanes.map((lane, i) => (
            <MapLaneBar
              key={lane.name}
              label={lane.label}
              map={lane.map}
              fx={fx}
              y={yLane(i)}
            />
          ))}
          {iter.srcmap === null && (
            <text x={LEFT} y={yLane(1) + 16} className="muted">
              no srcmap in this design
            </text>
          )}
          <Axis scale={fx} y={yFileAxis} label="file" />
          {dx === null && (
            <text x={LEFT} y={yDisk} className="muted">
              no disk address in this iteration
            </text>
          )}
          {dx !== null && (
            <>
              <Axis scale={dx} y={yDisk} label="disk" count={6} />
              {lanes.map((lane, i) =>
                lane.map.addr >= 0 ? (
                  <DiskBand
                    key={lane.name}
                    map={lane.map}
                    fx={fx}
                    dx={dx}
                    yTop={yLane(i) + LANE_H}
                    yDisk={yDisk}
                  />
                ) : null,
              )}
              {read !== null && read.bytenr >= 0 && (
                <g className="flash" data-testid="srcmap-read-arrow">
                  <rect
                    x={dx(read.bytenr)}
                    y={yDisk - 12}
                    width={Math.max(
                      3,
                      dx(read.bytenr + read.length) - dx(read.bytenr),
                    )}
                    height={10}
                    fill="var(--io-read)"
                  />
                  <path
                    d={`M${String(dx(read.bytenr + read.length / 2))},${String(yDisk - 12)} L${String(fx(read.index * ps + read.from + read.length / 2))},${String(yWrite + 20)}`}
                    stroke="var(--io-read)"
                    strokeWidth={2.5}
                    fill="none"
                    markerEnd={`url(#arrow-${side})`}
                  />
                  <ReadPacket
                    seq={view.seq}
                    from={[dx(read.bytenr + read.length / 2), yDisk - 12]}
                    to={[
                      fx(read.index * ps + read.from + read.length / 2),
                      yWrite + 20,
                    ]}
                  />
                  <text
                    x={dx(read.bytenr) + 4}
                    y={yDisk + 30}
                    style={{ fontWeight: 700 }}
                  >
                    read {size(read.length)} from {addr(read.bytenr)} → page{' '}
                    {read.index}
                  </text>
                </g>
              )}
            </>
          )}
          {/* The maps' words over everything, the read's arrow included, so the arrow never hides them. */}
          {lanes.map((lane, i) => (
            <MapLaneText key={lane.name} map={lane.map} fx={fx} y={yLane(i)} />
          ))}
        </svg>
      </div>
    </Panel>
  );
}

/** A map's lane: its name at the left and its range as a bar (the type and flags come on top, MapLaneText). */
function MapLaneBar({
  label,
  map,
  fx,
  y,
}: {
  label: string;
  map: IomapRec;
  fx: ByteScale;
  y: number;
}) {
  const x0 = fx(map.offset);
  const w = Math.max(2, fx(map.offset + map.length) - x0);
  return (
    <g>
      <text
        x={LEFT - 6}
        y={y + 16}
        textAnchor="end"
        style={{ fontWeight: 700 }}
      >
        {label}
      </text>
      <rect
        x={x0}
        y={y}
        width={w}
        height={LANE_H}
        rx={3}
        fill={iomapTypeVar(map.type)}
        stroke="var(--fg)"
        strokeWidth={0.5}
        strokeDasharray={map.type === 'HOLE' ? '4 3' : undefined}
      />
    </g>
  );
}

/**
 * A map's type and flags: inside its bar when they fit (haloed in the bar's colour, so a line crossing the
 * bar passes behind the letters), else just after it (haloed in the panel's).
 */
function MapLaneText({
  map,
  fx,
  y,
}: {
  map: IomapRec;
  fx: ByteScale;
  y: number;
}) {
  const x0 = fx(map.offset);
  const w = Math.max(2, fx(map.offset + map.length) - x0);
  const flags = map.flags.length > 0 ? ` F_${map.flags.join('|F_')}` : '';
  const text = `${map.type}${flags}`;
  const dark = map.type === 'MAPPED' || map.type === 'COW';
  const inside = w > text.length * 6.5;
  return (
    <text
      x={inside ? x0 + 5 : x0 + w + 4}
      y={y + 16}
      className="map-lane-text"
      style={
        inside
          ? {
              fill: dark ? '#fff' : '#000',
              stroke: iomapTypeVar(map.type),
              fontWeight: 600,
            }
          : { stroke: 'var(--panel)' }
      }
    >
      {text}
    </text>
  );
}

function DiskBand({
  map,
  fx,
  dx,
  yTop,
  yDisk,
}: {
  map: IomapRec;
  fx: ByteScale;
  dx: ByteScale;
  yTop: number;
  yDisk: number;
}) {
  const a = fx(map.offset);
  const b = fx(map.offset + map.length);
  const c = dx(map.addr);
  const d = dx(map.addr + map.length);
  return (
    <path
      d={`M${String(a)},${String(yTop)} L${String(b)},${String(yTop)} L${String(d)},${String(yDisk)} L${String(c)},${String(yDisk)} z`}
      fill={iomapTypeVar(map.type)}
      opacity={0.18}
    >
      <title>{`${map.type} [${size(map.offset)}, +${size(map.length)}) → disk ${addr(map.addr)}`}</title>
    </path>
  );
}

/** The bytes of a srcmap read travelling from the disk extent up to the page, once per step that reads
 * (down again when the step is reached backwards); at rest it is hidden under the arrow's head. */
function ReadPacket({
  seq,
  from,
  to,
}: {
  seq: number;
  from: readonly [number, number];
  to: readonly [number, number];
}) {
  const ref = useRef<SVGRectElement>(null);
  const [x0, y0] = from;
  const [x1, y1] = to;
  useLayoutEffect(() => {
    const shift = `translate(${String(x0 - x1)}px, ${String(y0 - y1)}px)`;
    playStep(ref.current, [
      { transform: shift, opacity: 1 },
      { transform: 'translate(0, 0)', opacity: 1 },
    ]);
  }, [seq, x0, y0, x1, y1]);
  return (
    <rect
      ref={ref}
      data-testid="srcmap-read-packet"
      x={x1 - 7}
      y={y1 - 5}
      width={14}
      height={10}
      rx={2}
      fill="var(--io-read)"
      opacity={0}
    />
  );
}
