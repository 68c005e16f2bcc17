// The page cache as SVG cells, one per page slot: flag chips, per-block uptodate/dirty sub-cells, the
// operation's byte range, and what this step does to the page (copy from user, zero, read), flashing.

import { PG } from '@engine';
import { useLayoutEffect, useRef } from 'react';
import { playStep } from '../client/stepMotion.ts';
import { flagVar, PAGE_FLAGS } from '../viz/palette.ts';
import { size } from '../viz/format.ts';
import { useHighlight } from '../tutorials/useHighlight.ts';
import type { FileView } from './pageModel.ts';

const GAP = 8;
const CELL_H = 108;

const ACTION_FILL: Record<string, string> = {
  copy: 'var(--copy)',
  zero: 'var(--zero)',
  read: 'var(--io-read)',
};

export function PageGrid({ file, width }: { file: FileView; width: number }) {
  const bpp = Math.max(1, file.pageSize / file.sectorSize);
  const minCell = Math.max(96, bpp * 9 + 24);
  const columns = Math.max(1, Math.floor((width + GAP) / (minCell + GAP)));
  const perRow = Math.min(columns, file.slots);
  // Wide enough for the per-block cells of a subpage folio (16 blocks of 4K in a 64K page).
  const cellW = Math.min(
    Math.max(220, bpp * 40 + 40),
    Math.floor((width - GAP * (perRow - 1)) / perRow),
  );
  const rows = Math.ceil(file.slots / columns);
  const height = rows * (CELL_H + GAP);
  const cells = [];
  for (let index = 0; index < file.slots; index++) {
    const x = (index % columns) * (cellW + GAP);
    const y = Math.floor(index / columns) * (CELL_H + GAP);
    cells.push(
      <PageCell
        key={index}
        file={file}
        index={index}
        x={x}
        y={y}
        w={cellW}
        bpp={bpp}
      />,
    );
  }
  return (
    <svg
      width={width}
      height={height}
      className="page-cells"
      role="img"
      aria-label={describe(file)}
      data-export="page-cache"
      data-testid="page-grid"
    >
      {cells}
    </svg>
  );
}

function describe(file: FileView): string {
  const parts = [...file.pages.values()].map((p) => {
    const flags = PAGE_FLAGS.filter((f) => (p.flags & PG[f.name]) !== 0)
      .map((f) => f.name)
      .join('|');
    return `page ${String(p.index)}: ${flags === '' ? 'no flags' : flags}`;
  });
  return `Page cache of ${file.name}: ${String(file.pages.size)} of ${String(file.slots)} pages cached. ${parts.join('; ')}`;
}

interface CellProps {
  readonly file: FileView;
  readonly index: number;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly bpp: number;
}

function PageCell({ file, index, x, y, w, bpp }: CellProps) {
  const page = file.pages.get(index);
  const ps = file.pageSize;
  const start = index * ps;
  const action = file.action?.index === index ? file.action : null;
  const inner = w - 30;
  const bx = 24;
  const blockW = inner / bpp;
  const byteX = (b: number) => bx + (Math.max(0, Math.min(ps, b)) / ps) * inner;
  const testId = `page-${String(index)}`;
  const highlight = useHighlight(testId);
  if (page === undefined)
    return (
      <g
        transform={`translate(${String(x)},${String(y)})`}
        data-testid={testId}
        data-flags=""
        data-highlight={highlight}
      >
        <rect
          className={`cell absent ${action !== null ? 'touched' : ''}`}
          width={w}
          height={CELL_H}
          rx={5}
        />
        <text x={8} y={16}>
          page {index}
        </text>
        <text x={8} y={32} className="muted">
          {size(start)}
        </text>
        <text x={8} y={48} className="muted">
          not cached
        </text>
        {start >= file.isize && (
          <text x={8} y={64} className="muted">
            past EOF
          </text>
        )}
      </g>
    );
  const chipW = (w - 12) / PAGE_FLAGS.length;
  const set = PAGE_FLAGS.filter((f) => (page.flags & PG[f.name]) !== 0);
  const op = file.opRange;
  return (
    <g
      transform={`translate(${String(x)},${String(y)})`}
      data-testid={testId}
      data-flags={set.map((f) => f.name).join('|')}
      data-highlight={highlight}
    >
      <rect
        className={`cell ${action !== null ? 'touched' : ''}`}
        width={w}
        height={CELL_H}
        rx={5}
      />
      <text x={8} y={15}>
        page {index}
        <tspan className="muted"> · {size(start)}</tspan>
      </text>
      {PAGE_FLAGS.map((f, i) => {
        const on = (page.flags & PG[f.name]) !== 0;
        return (
          <g key={f.name} transform={`translate(${String(6 + i * chipW)},22)`}>
            <title>{`${f.label}: ${on ? 'set' : 'clear'}`}</title>
            <FlagChip
              on={on}
              width={chipW - 3}
              fill={on ? flagVar(f.name) : 'none'}
            />
            <text
              x={(chipW - 3) / 2}
              y={12.5}
              textAnchor="middle"
              style={{
                fill: on
                  ? f.name === 'writeback'
                    ? '#fff'
                    : '#000'
                  : 'var(--muted)',
                fontWeight: on ? 700 : 400,
                opacity: on ? 1 : 0.7,
              }}
            >
              {f.letter}
            </text>
          </g>
        );
      })}
      {(['uptodate', 'dirty'] as const).map((kind, row) => {
        const bits = kind === 'uptodate' ? page.uptodate : page.dirty;
        const yy = 46 + row * 16;
        return (
          <g key={kind}>
            <text x={8} y={yy + 10} className="muted">
              {kind === 'uptodate' ? 'U' : 'D'}
            </text>
            {Array.from({ length: bpp }, (_, b) => (
              <rect
                key={b}
                x={bx + b * blockW + 0.5}
                y={yy}
                width={Math.max(1, blockW - 1)}
                height={12}
                fill={bits[b] === '1' ? flagVar(kind) : 'none'}
                stroke="var(--border)"
              >
                <title>{`block ${String(b)}: ${kind} ${bits[b] === '1' ? 'set' : 'clear'}`}</title>
              </rect>
            ))}
          </g>
        );
      })}
      {op !== null && op[1] > start && op[0] < start + ps && (
        <rect
          x={byteX(op[0] - start)}
          y={43}
          width={Math.max(2, byteX(op[1] - start) - byteX(op[0] - start))}
          height={34}
          fill="none"
          stroke="var(--fg)"
          strokeWidth={1.5}
          strokeDasharray="4 2"
        >
          <title>{`the operation's range ${size(op[0])}..${size(op[1])}`}</title>
        </rect>
      )}
      {action !== null &&
        action.ranges.map(([a, b], i) => (
          <g key={`${String(i)}-${String(a)}`} className="flash">
            <rect
              x={byteX(a)}
              y={80}
              width={Math.max(3, byteX(b) - byteX(a))}
              height={10}
              fill={ACTION_FILL[action.kind] ?? 'var(--flash)'}
            />
          </g>
        ))}
      {action !== null && (
        <text
          x={8}
          y={102}
          style={{ fontWeight: 700 }}
          data-testid="page-action"
        >
          {action.label}
        </text>
      )}
    </g>
  );
}

/** Flag pops in (or out) as it switches, either way. */
const SWITCH: Keyframe[] = [
  { opacity: 0.2, transform: 'scale(0.55)' },
  { opacity: 1, transform: 'scale(1)' },
];

/** A flag's chip; when the flag switches between two steps the chip pops (stepMotion.ts). */
function FlagChip({
  on,
  width,
  fill,
}: {
  on: boolean;
  width: number;
  fill: string;
}) {
  const ref = useRef<SVGRectElement>(null);
  const was = useRef(on);
  useLayoutEffect(() => {
    if (was.current === on) return;
    was.current = on;
    playStep(ref.current, SWITCH, SWITCH);
  }, [on]);
  return (
    <rect
      ref={ref}
      className="flag-chip"
      width={width}
      height={17}
      rx={3}
      fill={fill}
      stroke={on ? 'none' : 'var(--border)'}
    />
  );
}
