// Space reservations: the device's chunks and block groups, the ticket queue and the flush state running
// (SpaceChunks), data and metadata space_info gauges with this step's change, the per-operation ledger
// (reserved, returned, held, leaked), and the counters over the whole run. An XFS run shows XfsSpacePanel.

import type { SpaceRec } from '@engine';
import { curveStepAfter, line, scaleLinear } from 'd3';
import { useMemo } from 'react';
import { opLabel, type Run } from '../client/runRegistry.ts';
import { useRun, useStepView, type StagePanelProps } from '../hooks/useRun.ts';
import { useWidth } from '../hooks/useWidth.ts';
import { buildLedger, type LedgerRow, type Pair } from '../model/ledger.ts';
import type { SpacePoint } from '../model/runIndex.ts';
import { useHighlight } from '../tutorials/useHighlight.ts';
import { exact, size } from '../viz/format.ts';
import { Panel } from './Panel.tsx';
import { SpaceChunks } from './SpaceChunks.tsx';
import { XfsSpacePanel } from './XfsSpacePanel.tsx';

type Field = 'used' | 'reserved' | 'pinned' | 'mayUse';
const FIELDS: readonly {
  key: Field;
  label: string;
  color: string;
  dash?: string;
}[] = [
  { key: 'used', label: 'bytes_used', color: 'var(--space-used)' },
  {
    key: 'reserved',
    label: 'bytes_reserved',
    color: 'var(--space-reserved)',
    dash: '6 3',
  },
  {
    key: 'pinned',
    label: 'bytes_pinned',
    color: 'var(--space-pinned)',
    dash: '2 2',
  },
  {
    key: 'mayUse',
    label: 'bytes_may_use',
    color: 'var(--space-may-use)',
    dash: '8 2 2 2',
  },
];

function signed(n: number): string {
  return n > 0 ? `+${size(n)}` : n < 0 ? `−${size(-n)}` : '';
}

/** Space on the run's filesystem: btrfs's reservations, or XFS's free-space counters for an XFS run. */
export function ReservationsPanel(props: StagePanelProps) {
  return useRun(props.side)?.variant === 'xfs' ? (
    <XfsSpacePanel {...props} />
  ) : (
    <BtrfsReservationsPanel {...props} />
  );
}

function BtrfsReservationsPanel({ side, suffix = '' }: StagePanelProps) {
  const at = useStepView(side);
  const [ref, width] = useWidth(400);
  if (at === undefined) return null;
  const { run, view } = at;
  const deltas = new Map<string, SpaceRec>();
  for (const c of view.event?.changes ?? [])
    if (
      c.table === 'space' &&
      c.before !== null &&
      c.after !== null &&
      !deltas.has(c.key)
    )
      deltas.set(c.key, c.before);
  return (
    <Panel title={`Space reservations${suffix}`} testId={`space-${side}`}>
      <div ref={ref}>
        <SpaceChunks tables={view.state.tables} width={width} />
        {(['data', 'metadata'] as const).map((kind) => {
          const rec = view.state.tables.space.get(kind);
          if (rec === undefined) return null;
          return (
            <Gauge
              key={kind}
              kind={kind}
              run={run}
              rec={rec}
              before={deltas.get(kind)}
              width={width}
            />
          );
        })}
        <h3>Per-write ledger</h3>
        <Ledger run={run} cursor={view.seq} />
        <h3>Over the whole run</h3>
        {(['data', 'metadata'] as const).map((kind) => (
          <Plot
            key={kind}
            kind={kind}
            points={run.index.space[kind]}
            cursor={view.seq}
            last={run.events.length - 1}
            width={width}
          />
        ))}
        <ul className="legend" aria-label="Reservation colours">
          {FIELDS.map((f) => (
            <li key={f.key}>
              <span className="swatch" style={{ background: f.color }} />
              {f.label}
            </li>
          ))}
        </ul>
      </div>
    </Panel>
  );
}

function Gauge({
  run,
  kind,
  rec,
  before,
  width,
}: {
  run: Run;
  kind: 'data' | 'metadata';
  rec: SpaceRec;
  before: SpaceRec | undefined;
  width: number;
}) {
  const highlight = useHighlight(`gauge-${rec.kind}`);
  // Scale to the busiest moment of the run, so a 4K reservation in a 32M space is still visible.
  const peak = Math.max(
    1,
    ...run.index.space[kind].map(
      (p) => p.rec.used + p.rec.reserved + p.rec.pinned + p.rec.mayUse,
    ),
  );
  const free = rec.total - rec.used - rec.reserved - rec.pinned - rec.mayUse;
  const x = scaleLinear()
    .domain([0, peak])
    .range([0, width - 2]);
  const starts = FIELDS.map((_, i) =>
    FIELDS.slice(0, i).reduce((sum, g) => sum + x(rec[g.key]), 0),
  );
  return (
    <div data-testid={`gauge-${rec.kind}`} data-highlight={highlight}>
      <h3>
        {rec.kind} space_info: total {size(rec.total)}, free {size(free)}
      </h3>
      <svg
        width={width}
        height={22}
        role="img"
        aria-label={`${rec.kind}: used ${size(rec.used)}, reserved ${size(rec.reserved)}, pinned ${size(rec.pinned)}, may_use ${size(rec.mayUse)}, free ${size(free)}`}
        data-export={`gauge-${rec.kind}`}
      >
        <rect
          x={0}
          y={2}
          width={width - 2}
          height={18}
          fill="var(--space-free)"
          stroke="var(--border)"
        />
        {FIELDS.map((f, i) => {
          const w = x(rec[f.key]);
          const x0 = starts[i] ?? 0;
          // Always drawn (an empty counter has no width), so the bands slide as bytes move between them.
          return (
            <rect
              key={f.key}
              className="moving"
              x={x0}
              y={2}
              width={w}
              height={18}
              fill={f.color}
              stroke={w > 0 ? 'var(--panel)' : 'none'}
            />
          );
        })}
      </svg>
      <table
        className="data gauge-values"
        aria-label={`${rec.kind} space_info counters`}
      >
        <tbody>
          <tr>
            {FIELDS.map((f) => {
              const d = before === undefined ? 0 : rec[f.key] - before[f.key];
              return (
                <td
                  key={f.key}
                  className={d !== 0 ? 'verdict-bad' : ''}
                  title={exact(rec[f.key])}
                  style={{ textAlign: 'left' }}
                >
                  <span
                    className="swatch"
                    style={{
                      display: 'inline-block',
                      width: 10,
                      height: 10,
                      marginRight: 4,
                      background: f.color,
                    }}
                  />
                  {f.label.replace('bytes_', '')} {size(rec[f.key])}
                  {d !== 0 && (
                    <strong data-testid={`delta-${rec.kind}-${f.key}`}>
                      {' '}
                      ({signed(d)})
                    </strong>
                  )}
                </td>
              );
            })}
          </tr>
        </tbody>
      </table>
    </div>
  );
}

const LEDGER_HEAD: readonly { label: string; title: string }[] = [
  { label: 'op', title: 'The operation that reserved the space' },
  {
    label: 'reserved',
    title:
      'bytes_may_use this operation added: data (btrfs_check_data_free_space) / metadata (btrfs_delalloc_reserve_metadata)',
  },
  {
    label: 'returned',
    title:
      'What became of it so far: allocated at writeback (bytes_may_use → bytes_reserved), released, or lost with memory at a power cut. Decreases of bytes_may_use are matched to the oldest reservations first.',
  },
  {
    label: 'held now',
    title: 'Reserved and not yet returned, after this step',
  },
  {
    label: 'leaked',
    title:
      'Still held when the run ends with nothing in flight: no delalloc bytes, no outstanding extents, no ordered extent, no dirty page and no page under writeback. Nothing can legitimately hold a reservation then, so whatever is left was never given back. n/a when the run ends with such work pending.',
  },
];

function pair(p: Pair): string {
  return `${size(p.data)} / ${size(p.meta)}`;
}

function returned(r: LedgerRow): Pair {
  return {
    data: r.allocated.data + r.released.data + r.dropped.data,
    meta: r.allocated.meta + r.released.meta + r.dropped.meta,
  };
}

function rowTitle(run: Run, r: LedgerRow): string {
  const parts = (label: string, p: Pair) =>
    p.data + p.meta > 0 ? [`${label} ${pair(p)}`] : [];
  return [
    `${String(r.op + 1)}. ${opLabel(run, r.op)}`,
    ...parts('allocated at writeback', r.allocated),
    ...parts('released', r.released),
    ...parts('lost at the power cut', r.dropped),
  ].join('; ');
}

function Ledger({ run, cursor }: { run: Run; cursor: number }) {
  const ledger = useMemo(() => buildLedger(run, cursor), [run, cursor]);
  if (ledger.rows.length === 0)
    return <p className="hint">Nothing reserved yet.</p>;
  return (
    <>
      <table
        className="data"
        aria-label="Reservations per write (data / metadata)"
        data-testid="ledger"
      >
        <thead>
          <tr>
            {LEDGER_HEAD.map((h) => (
              <th key={h.label} scope="col" title={h.title}>
                {h.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {ledger.rows.map((r) => {
            const leaked = ledger.leaked?.get(r.op) ?? null;
            const leaks = leaked !== null && leaked.data + leaked.meta > 0;
            return (
              <tr key={r.op} title={rowTitle(run, r)}>
                <td>{r.op + 1}</td>
                <td>{pair(r.reserved)}</td>
                <td>{pair(returned(r))}</td>
                <td>{pair(r.held)}</td>
                <td
                  data-testid={`leaked-${String(r.op + 1)}`}
                  className={leaks ? 'verdict-bad' : ''}
                >
                  {ledger.leaked === null
                    ? 'n/a'
                    : pair(leaked ?? { data: 0, meta: 0 })}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="hint" data-testid="ledger-note">
        Data / metadata bytes_may_use per write.{' '}
        {ledger.leaked !== null
          ? `Leaked: still held when the run ended with nothing delalloc, no ordered extent and no dirty page${ledger.delayedRefs > 0 ? `, beyond the ${size(ledger.delayedRefs)} of metadata the delayed refs reserve holds until the next commit runs them` : ''}.`
          : ledger.pending !== null
            ? `Leaked is n/a: the run ends with work pending (${ledger.pending}), which may still hold its reservations.`
            : 'Leaked is known once the whole run has arrived.'}
      </p>
    </>
  );
}

function Plot({
  kind,
  points,
  cursor,
  last,
  width,
}: {
  kind: 'data' | 'metadata';
  points: readonly SpacePoint[];
  cursor: number;
  last: number;
  width: number;
}) {
  const H = 64;
  const x = scaleLinear()
    .domain([0, Math.max(1, last)])
    .range([34, width - 4]);
  const peak = Math.max(
    1,
    ...points.flatMap((p) => FIELDS.map((f) => p.rec[f.key])),
  );
  const y = scaleLinear()
    .domain([0, peak])
    .range([H - 4, 6]);
  const end = points[points.length - 1];
  return (
    <svg
      width={width}
      height={H}
      role="img"
      aria-label={`${kind} space counters over the run, peak ${size(peak)}`}
      data-export={`plot-${kind}`}
    >
      <text x={0} y={14} className="muted">
        {kind === 'data' ? 'data' : 'meta'}
      </text>
      <text x={0} y={28} className="muted" style={{ fontSize: 'var(--fs-1)' }}>
        {size(peak)}
      </text>
      <line x1={34} x2={width - 4} y1={H - 4} y2={H - 4} stroke="var(--grid)" />
      {FIELDS.map((f) => {
        const series: [number, number][] = points.map((p) => [
          p.seq,
          p.rec[f.key],
        ]);
        if (end !== undefined) series.push([last, end.rec[f.key]]);
        const d = line()
          .x((p) => x(p[0]))
          .y((p) => y(p[1]))
          .curve(curveStepAfter)(series);
        return (
          <path
            key={f.key}
            d={d ?? ''}
            fill="none"
            stroke={f.color}
            strokeWidth={2}
            strokeDasharray={f.dash}
          />
        );
      })}
      <line
        x1={x(cursor)}
        x2={x(cursor)}
        y1={2}
        y2={H - 2}
        stroke="var(--cursor)"
        strokeWidth={1.5}
      />
    </svg>
  );
}
