// The mapping rows of the extents picture: ordered extents (dashed while in flight), file extent items with
// the band down to their bytes on the disk axis, and the extent items on the disk. Views over extentsModel.ts.

import type { FileExtentBand, ItemBand, OrderedBand } from '../extentsModel.ts';
import { RowLabel } from './RowLabel.tsx';

export function OrderedRow({
  ordered,
  y,
}: {
  ordered: readonly OrderedBand[];
  y: number;
}) {
  return (
    <>
      <RowLabel y={y}>ordered</RowLabel>
      {ordered.map((o) => (
        <g key={o.key}>
          <rect
            className="moving"
            x={o.x}
            y={y}
            width={o.width}
            height={18}
            rx={3}
            fill="var(--flag-ordered)"
            stroke="var(--fg)"
            strokeDasharray={o.inFlight ? '4 2' : undefined}
          />
          <text x={o.x + 4} y={y + 13} style={{ fill: '#000' }}>
            {o.label}
          </text>
        </g>
      ))}
    </>
  );
}

export function FileExtentRow({
  extents,
  y,
}: {
  extents: readonly FileExtentBand[];
  y: number;
}) {
  return (
    <>
      <RowLabel y={y}>file extents</RowLabel>
      {extents.map((f) => {
        const fill = f.prealloc ? 'var(--map-unwritten)' : 'var(--map-mapped)';
        return (
          <g key={f.key}>
            <path className="moving" d={f.path} fill={fill} opacity={0.2} />
            <rect
              className="moving"
              x={f.x}
              y={y}
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
                y={y + 13}
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
    </>
  );
}

export function ExtentItemRow({
  items,
  y,
}: {
  items: readonly ItemBand[];
  y: number;
}) {
  return (
    <>
      <RowLabel y={y}>extent items</RowLabel>
      {items.map((i) => (
        <g key={i.key}>
          <rect
            className="moving"
            x={i.x}
            y={y}
            width={i.width}
            height={18}
            rx={3}
            fill="var(--panel-2)"
            stroke="var(--fg)"
          >
            <title>{i.title}</title>
          </rect>
          <text x={i.x + 4} y={y + 13}>
            {i.label}
          </text>
        </g>
      ))}
    </>
  );
}
