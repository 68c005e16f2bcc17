// The space machinery at the cursor: the device's chunks and unallocated space, the block groups of each
// type as bars (used / reserved / pinned / free), the ticket queue, the reclaim worker's flush states and
// the block reserves. Layout comes from spaceModel.ts; this only draws.

import type { Tables } from '@engine';
import { scaleLinear } from 'd3';
import { useHighlight } from '../tutorials/useHighlight.ts';
import { size } from '../viz/format.ts';
import {
  deviceSegments,
  flushSteps,
  groupRows,
  placeGroups,
  reserveLines,
  ticketLines,
  unallocatedBytes,
  type DeviceKind,
  type GroupPart,
  type GroupRow,
} from './spaceModel.ts';

const KIND_COLOR: Readonly<Record<DeviceKind, string>> = {
  data: 'var(--chunk-data)',
  metadata: 'var(--chunk-metadata)',
  system: 'var(--chunk-system)',
  reserved: 'var(--chunk-reserved)',
  free: 'var(--space-free)',
};

const PART_COLOR: Readonly<Record<GroupPart, string>> = {
  used: 'var(--space-used)',
  reserved: 'var(--space-reserved)',
  pinned: 'var(--space-pinned)',
};

export function SpaceChunks({
  tables,
  width,
}: {
  tables: Tables;
  width: number;
}) {
  const highlightDevice = useHighlight('device-bar');
  const highlightTickets = useHighlight('ticket-queue');
  const device = tables.device.get('device');
  if (device === undefined) return null;
  const groups = [...tables.blockGroup.values()];
  const segments = deviceSegments(device, groups);
  const unallocated = unallocatedBytes(segments);
  const x = scaleLinear()
    .domain([0, device.total])
    .range([0, width - 2]);
  const tickets = ticketLines([...tables.ticket.values()]);
  return (
    <div data-testid="space-chunks">
      <h3>
        Device {size(device.total)}: {size(device.allocated)} in chunks,{' '}
        <span data-testid="device-unallocated">
          {size(unallocated)} unallocated
        </span>
      </h3>
      <svg
        width={width}
        height={20}
        role="img"
        aria-label={`Device: ${segments.map((s) => s.label).join('; ')}`}
        data-testid="device-bar"
        data-highlight={highlightDevice}
        data-export="device-bar"
      >
        {segments.map((s) => (
          <rect
            key={`${s.kind}-${String(s.start)}`}
            x={x(s.start)}
            y={1}
            width={Math.max(1, x(s.start + s.length) - x(s.start))}
            height={18}
            fill={KIND_COLOR[s.kind]}
            stroke="var(--border)"
          >
            <title>{s.label}</title>
          </rect>
        ))}
      </svg>
      <ul className="legend" aria-label="Device colours">
        {(['data', 'metadata', 'system', 'reserved', 'free'] as const).map(
          (k) => (
            <li key={k}>
              <span className="swatch" style={{ background: KIND_COLOR[k] }} />
              {k === 'free' ? 'unallocated' : k}
            </li>
          ),
        )}
      </ul>
      {groupRows(groups).map((row) => (
        <GroupBars key={row.type} row={row} width={width} />
      ))}
      <h3>Ticket queue</h3>
      {tickets.length === 0 ? (
        <p
          className="hint"
          data-testid="ticket-queue"
          data-highlight={highlightTickets}
        >
          No reservation waits.
        </p>
      ) : (
        <ol data-testid="ticket-queue" data-highlight={highlightTickets}>
          {tickets.map((t) => (
            <li key={t}>{t}</li>
          ))}
        </ol>
      )}
      {(['data', 'metadata'] as const).map((space) => (
        <FlushStates
          key={space}
          space={space}
          running={tables.flush.get(space) !== undefined}
          steps={flushSteps(space, tables.flush.get(space))}
        />
      ))}
      <ul
        className="hint"
        aria-label="Block reserves"
        data-testid="block-reserves"
      >
        {reserveLines([...tables.blockRsv.values()]).map((l) => (
          <li key={l}>{l}</li>
        ))}
      </ul>
    </div>
  );
}

function GroupBars({ row, width }: { row: GroupRow; width: number }) {
  const highlight = useHighlight(`groups-${row.type}`);
  return (
    <div data-testid={`groups-${row.type}`} data-highlight={highlight}>
      <h4>
        {row.name}: {row.groups.length} block group
        {row.groups.length === 1 ? '' : 's'}, {size(row.total)}
      </h4>
      <svg
        width={width}
        height={16}
        role="img"
        aria-label={row.groups.map((g) => g.label).join('; ')}
        data-export={`groups-${row.type}`}
      >
        {placeGroups(row, width - 2, 3).map((p) => (
          <g key={p.bar.start}>
            <title>{p.bar.label}</title>
            <rect
              x={p.x}
              y={1}
              width={p.width}
              height={14}
              fill="var(--space-free)"
              stroke="var(--border)"
            />
            {p.parts.map((part) => (
              <rect
                key={part.part}
                x={part.x}
                y={1}
                width={part.width}
                height={14}
                fill={PART_COLOR[part.part]}
              />
            ))}
          </g>
        ))}
      </svg>
    </div>
  );
}

function FlushStates({
  space,
  running,
  steps,
}: {
  space: 'data' | 'metadata';
  running: boolean;
  steps: ReturnType<typeof flushSteps>;
}) {
  const highlight = useHighlight(`flush-${space}`);
  if (!running)
    return (
      <p
        className="hint"
        data-testid={`flush-${space}`}
        data-highlight={highlight}
      >
        {space} reclaim worker: idle
      </p>
    );
  return (
    <div data-testid={`flush-${space}`} data-highlight={highlight}>
      <h4>{space} reclaim worker: running</h4>
      <ol className="flush-states" aria-label={`${space} flush states`}>
        {steps.map((s, i) => (
          <li
            key={`${s.state}-${String(i)}`}
            aria-current={s.status === 'running' ? 'step' : undefined}
            className={s.status === 'running' ? 'flush-running' : ''}
          >
            {s.state}
          </li>
        ))}
      </ol>
    </div>
  );
}
