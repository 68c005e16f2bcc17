// Extents: the file's extent io tree bits as lanes, its ordered extents, its file extent items mapped
// onto the disk's extent items (CoW relocation shows as the band moving and the range travelling on the disk
// axis to its new address), and disk I/O flashing. A view over
// extentsModel.ts, which does all the layout.

import { useLayoutEffect, useRef } from 'react';
import type { ExtentBitName } from '@engine';
import type { Run } from '../client/runRegistry.ts';
import { playStep } from '../client/stepMotion.ts';
import { useStepView, type StagePanelProps } from '../hooks/useRun.ts';
import { useWidth } from '../hooks/useWidth.ts';
import { useAppStore } from '../store/appStore.ts';
import { selectHighlights } from '../tutorials/useHighlight.ts';
import { Axis } from '../viz/axis.tsx';
import { extentsLayout, laneBits, LEFT, BIT_H } from './extentsModel.ts';
import { extentMove } from './extentMoveModel.ts';
import { useFileName } from './PageCachePanel.tsx';
import { Panel } from './Panel.tsx';

const bitsCache = new WeakMap<Run, ExtentBitName[]>();

/** The run's lanes, computed once per run snapshot. */
function runBits(run: Run): ExtentBitName[] {
  let bits = bitsCache.get(run);
  if (bits === undefined) {
    bits = laneBits(run.events);
    bitsCache.set(run, bits);
  }
  return bits;
}

export function ExtentsPanel({ side, suffix = '' }: StagePanelProps) {
  const at = useStepView(side);
  const name = useFileName(side);
  const [ref, width] = useWidth();
  const highlights = useAppStore(selectHighlights);
  if (at === undefined) return null;
  const { run, view } = at;
  const inode = [...view.state.tables.inode.values()].find(
    (i) => i.name === name,
  );
  if (inode === undefined) return null;
  const l = extentsLayout({
    tables: view.state.tables,
    inode,
    bits: runBits(run),
    event: view.event,
    maxFileEnd: run.index.maxFileEnd,
    sectorSize: run.scenario.geometry.sectorSize,
    width,
  });
  const { rows } = l;
  const move = extentMove(run.events, view.seq);
  return (
    <Panel
      title={`Extents, io tree and disk${suffix}`}
      testId={`extents-${side}`}
    >
      <p className="hint">{l.summary}</p>
      <div ref={ref}>
        <svg
          width={width}
          height={l.height}
          role="img"
          aria-label={l.description}
          data-export="extents"
          data-testid={`extents-svg-${side}`}
        >
          {l.lanes.map((lane) => (
            <g
              key={lane.bit}
              data-testid={`bit-lane-${lane.bit}`}
              data-highlight={
                highlights.includes(`bit-lane-${lane.bit}`) ? 'true' : undefined
              }
            >
              <text
                x={LEFT - 6}
                y={lane.y + 11}
                textAnchor="end"
                className="mono"
                style={{ fontSize: 'var(--fs-1)' }}
              >
                {lane.bit}
              </text>
              <line
                x1={LEFT}
                x2={width - 10}
                y1={lane.y + BIT_H / 2}
                y2={lane.y + BIT_H / 2}
                stroke="var(--grid)"
              />
              {lane.ranges.map((r) => (
                <rect
                  key={r.key}
                  className="moving"
                  x={r.x}
                  y={lane.y}
                  width={r.width}
                  height={BIT_H}
                  rx={2}
                  fill={lane.locked ? 'var(--flag-locked)' : 'var(--accent)'}
                  opacity={lane.locked ? 1 : 0.75}
                >
                  <title>{r.title}</title>
                </rect>
              ))}
            </g>
          ))}
          <text
            x={LEFT - 6}
            y={rows.ordered + 13}
            textAnchor="end"
            style={{ fontWeight: 600 }}
          >
            ordered
          </text>
          {l.ordered.map((o) => (
            <g key={o.key}>
              <rect
                className="moving"
                x={o.x}
                y={rows.ordered}
                width={o.width}
                height={18}
                rx={3}
                fill="var(--flag-ordered)"
                stroke="var(--fg)"
                strokeDasharray={o.inFlight ? '4 2' : undefined}
              />
              <text x={o.x + 4} y={rows.ordered + 13} style={{ fill: '#000' }}>
                {o.label}
              </text>
            </g>
          ))}
          <text
            x={LEFT - 6}
            y={rows.fileExt + 13}
            textAnchor="end"
            style={{ fontWeight: 600 }}
          >
            file extents
          </text>
          {l.fileExtents.map((f) => {
            const fill = f.prealloc
              ? 'var(--map-unwritten)'
              : 'var(--map-mapped)';
            return (
              <g key={f.key}>
                <path className="moving" d={f.path} fill={fill} opacity={0.2} />
                <rect
                  className="moving"
                  x={f.x}
                  y={rows.fileExt}
                  width={f.width}
                  height={18}
                  rx={3}
                  fill={fill}
                  stroke="var(--panel)"
                >
                  <title>{f.title}</title>
                </rect>
                {f.showLabel && (
                  <text
                    x={f.x + 4}
                    y={rows.fileExt + 13}
                    style={{
                      fill: f.prealloc ? '#000' : '#fff',
                      fontWeight: 600,
                    }}
                  >
                    {f.label}
                  </text>
                )}
              </g>
            );
          })}
          <Axis scale={l.fx} y={rows.fileAxis} label="file offset" />
          <text
            x={LEFT - 6}
            y={rows.items + 13}
            textAnchor="end"
            style={{ fontWeight: 600 }}
          >
            extent items
          </text>
          {l.items.map((i) => (
            <g key={i.key}>
              <rect
                className="moving"
                x={i.x}
                y={rows.items}
                width={i.width}
                height={18}
                rx={3}
                fill="var(--panel-2)"
                stroke="var(--fg)"
              >
                <title>{i.title}</title>
              </rect>
              <text x={i.x + 4} y={rows.items + 13}>
                {i.label}
              </text>
            </g>
          ))}
          {move !== null && move.ino === inode.ino && (
            <ExtentMovePacket
              seq={view.seq}
              from={l.dx(move.fromDisk)}
              to={l.dx(move.toDisk)}
              width={l.dx(move.toDisk + move.numBytes) - l.dx(move.toDisk)}
              y={rows.items}
            />
          )}
          <Axis scale={l.dx} y={rows.diskAxis} label="disk address" count={6} />
          <text
            x={LEFT - 6}
            y={rows.io + 13}
            textAnchor="end"
            style={{ fontWeight: 600 }}
          >
            disk I/O
          </text>
          {l.ordered.map((o) => (
            <rect
              key={o.key}
              x={o.disk.x}
              y={rows.io}
              width={o.disk.width}
              height={16}
              fill="none"
              stroke="var(--io-write)"
              strokeDasharray="3 2"
            />
          ))}
          {l.io !== null && (
            <g
              className="flash"
              data-testid="disk-io-flash"
              data-dir={l.io.dir}
            >
              <rect
                x={l.io.band.x}
                y={rows.io}
                width={l.io.band.width}
                height={16}
                fill={
                  l.io.dir === 'read' ? 'var(--io-read)' : 'var(--io-write)'
                }
              />
              <text
                x={l.io.band.x + l.io.band.width + 6}
                y={rows.io + 12}
                style={{ fontWeight: 700 }}
              >
                {l.io.text}
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

/** At CoW completion the file range's data travels on the disk axis from its old extent to its new one, once
 * per step that moves it (back again when the step is reached backwards); at rest it is hidden. */
function ExtentMovePacket({
  seq,
  from,
  to,
  width,
  y,
}: {
  seq: number;
  from: number;
  to: number;
  width: number;
  y: number;
}) {
  const ref = useRef<SVGRectElement>(null);
  useLayoutEffect(() => {
    playStep(ref.current, [
      { transform: `translate(${String(from - to)}px, 0)`, opacity: 1 },
      { transform: 'translate(0, 0)', opacity: 1 },
    ]);
  }, [seq, from, to]);
  return (
    <rect
      ref={ref}
      data-testid="extent-move"
      x={to}
      y={y - 3}
      width={Math.max(4, width)}
      height={24}
      rx={3}
      fill="none"
      stroke="var(--io-write)"
      strokeWidth={2.5}
      opacity={0}
    />
  );
}
