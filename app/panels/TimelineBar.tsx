// The scrubbable timeline: one band per operation, ticks for I/O, waits, errors and oracle disagreements,
// the cursor, and (in compare view) the first divergence. The range input below is the accessible scrubber;
// the legend shares its line with `extra` (the power cut). Before the first run arrives the same frame is
// drawn empty, so nothing below it moves when the run lands.

import type { ReactNode } from 'react';
import { scaleLinear } from 'd3';
import { nav } from '../client/navActions.ts';
import { opLabel } from '../client/runRegistry.ts';
import { useRun } from '../hooks/useRun.ts';
import { useWidth } from '../hooks/useWidth.ts';
import type { Marker, MarkerKind } from '../model/runIndex.ts';
import { useAppStore } from '../store/appStore.ts';

const H = 46;
const MARKER_ROWS: Record<Exclude<MarkerKind, 'op'>, number> = {
  io: 26,
  wait: 33,
  error: 40,
  oracle: 40,
};
/** Each marker kind: its full name (tooltips, accessible names) and its short legend text. */
const LEGEND: readonly { kind: MarkerKind; label: string; short: string }[] = [
  { kind: 'op', label: 'operation', short: 'operation' },
  { kind: 'io', label: 'I/O submitted', short: 'I/O' },
  { kind: 'wait', label: 'wait on ordered extent', short: 'ordered wait' },
  { kind: 'error', label: 'error', short: 'error' },
  {
    kind: 'oracle',
    label: 'data loss (the oracle disagrees)',
    short: 'data loss',
  },
];

interface Props {
  readonly divergence: number | null;
  /** Controls at the end of the legend's line. */
  readonly extra?: ReactNode;
}

export function TimelineBar({ divergence, extra }: Props) {
  const run = useRun('primary');
  const cursor = useAppStore((s) => s.cursor);
  const [ref, width] = useWidth(1000);
  const legend = (
    <div className="timeline-foot">
      <ul className="legend" aria-label="Timeline legend">
        {LEGEND.map((l) => (
          <li key={l.kind} title={l.label}>
            <span
              className="swatch"
              style={{
                background:
                  l.kind === 'op' ? 'var(--grid)' : `var(--marker-${l.kind})`,
              }}
            />
            {l.short}
          </li>
        ))}
        {divergence !== null && (
          <li>
            <span
              className="swatch"
              style={{
                borderStyle: 'dashed',
                borderColor: 'var(--marker-error)',
              }}
            />
            first divergence
          </li>
        )}
      </ul>
      {extra}
    </div>
  );
  if (run === undefined)
    return (
      <div ref={ref} className="timeline">
        <svg width={width} height={H} aria-hidden="true" />
        <input
          type="range"
          disabled
          defaultValue={0}
          aria-label="Step (scrub the timeline)"
        />
        {legend}
      </div>
    );
  const last = Math.max(1, run.events.length - 1);
  const x = scaleLinear()
    .domain([0, last])
    .range([6, width - 6]);
  const ops = run.index.opStarts;
  return (
    <div ref={ref} className="timeline" data-testid="timeline">
      <svg
        width={width}
        height={H}
        role="group"
        aria-label="Timeline: operations and markers (click to go there)"
        data-export="timeline"
        onClick={(e) => {
          const rect = e.currentTarget.getBoundingClientRect();
          nav.seek(Math.round(x.invert(e.clientX - rect.left)));
        }}
      >
        {ops.map((start, i) => {
          const end = run.index.opEnds[i] ?? start;
          const w = x(end) - x(start);
          return (
            <g key={start}>
              <title>{`Operation ${String(i + 1)}: ${opLabel(run, i)}`}</title>
              <rect
                x={x(start)}
                y={2}
                width={Math.max(2, w)}
                height={18}
                rx={3}
                fill={i % 2 === 0 ? 'var(--panel-2)' : 'var(--grid)'}
                stroke="var(--border)"
              />
              {w > 60 && (
                <text
                  x={x(start) + 4}
                  y={15}
                  style={{ fontSize: 'var(--fs-1)', fill: 'var(--fg)' }}
                >
                  {clip(`${String(i + 1)}. ${opLabel(run, i)}`, w - 8)}
                </text>
              )}
            </g>
          );
        })}
        {run.index.markers
          .filter((m) => m.kind !== 'op')
          .map((m) => {
            const row = MARKER_ROWS[m.kind as Exclude<MarkerKind, 'op'>];
            const name = markerName(m);
            return (
              <g
                key={`${m.kind}-${String(m.seq)}`}
                role="img"
                aria-label={name}
                data-testid={`marker-${m.kind}`}
                data-seq={m.seq}
              >
                <title>{name}</title>
                <line
                  x1={x(m.seq)}
                  x2={x(m.seq)}
                  y1={row - 4}
                  y2={row + 3}
                  stroke={`var(--marker-${m.kind})`}
                  strokeWidth={m.kind === 'io' ? 2 : 3}
                />
                {/* A wider, invisible target, so the tooltip is easy to reach. */}
                <line
                  x1={x(m.seq)}
                  x2={x(m.seq)}
                  y1={row - 6}
                  y2={row + 5}
                  stroke="transparent"
                  strokeWidth={8}
                />
              </g>
            );
          })}
        {divergence !== null && (
          <g>
            <line
              x1={x(divergence)}
              x2={x(divergence)}
              y1={0}
              y2={H}
              stroke="var(--marker-error)"
              strokeDasharray="3 2"
              strokeWidth={2}
            />
          </g>
        )}
        <line
          x1={x(cursor)}
          x2={x(cursor)}
          y1={0}
          y2={H}
          stroke="var(--cursor)"
          strokeWidth={2.5}
        />
        <path
          d={`M${String(x(cursor) - 5)},0 h10 l-5,6 z`}
          fill="var(--cursor)"
        />
      </svg>
      <input
        type="range"
        min={0}
        max={last}
        value={cursor}
        aria-label="Step (scrub the timeline)"
        aria-valuetext={`step ${String(cursor)} of ${String(last)}: ${run.events[cursor]?.note ?? ''}`}
        onChange={(e) => {
          nav.seek(Number(e.target.value));
        }}
      />
      {legend}
    </div>
  );
}

/** A marker's tooltip and accessible name: what it marks, at which step. */
export function markerName(m: Marker): string {
  const what = LEGEND.find((l) => l.kind === m.kind)?.label ?? m.kind;
  return `${what} at step ${String(m.seq)}: ${m.label}`;
}

function clip(text: string, px: number): string {
  const max = Math.max(4, Math.floor(px / 6.2));
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
