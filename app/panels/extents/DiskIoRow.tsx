// The disk I/O row of the extents picture: where each ordered extent will be written (dashed), and the I/O
// of this step flashing in its direction's colour with what it moves.

import type { ExtentsLayout } from '../extentsModel.ts';
import { RowLabel } from './RowLabel.tsx';

export function DiskIoRow({
  ordered,
  io,
  y,
}: {
  ordered: ExtentsLayout['ordered'];
  io: ExtentsLayout['io'];
  y: number;
}) {
  return (
    <>
      <RowLabel y={y}>disk I/O</RowLabel>
      {ordered.map((o) => (
        <rect
          key={o.key}
          x={o.disk.x}
          y={y}
          width={o.disk.width}
          height={16}
          fill="none"
          stroke="var(--io-write)"
          strokeDasharray="3 2"
        />
      ))}
      {io !== null && (
        <g className="flash" data-testid="disk-io-flash" data-dir={io.dir}>
          <rect
            x={io.band.x}
            y={y}
            width={io.band.width}
            height={16}
            fill={io.dir === 'read' ? 'var(--io-read)' : 'var(--io-write)'}
          />
          <text
            x={io.band.x + io.band.width + 6}
            y={y + 12}
            style={{ fontWeight: 700 }}
          >
            {io.text}
          </text>
        </g>
      )}
    </>
  );
}
