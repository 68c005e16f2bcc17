// The name of one row of the extents picture, right-aligned in the left margin.

import { LEFT } from '../extentsModel.ts';

export function RowLabel({ y, children }: { y: number; children: string }) {
  return (
    <text x={LEFT - 6} y={y + 13} textAnchor="end" style={{ fontWeight: 600 }}>
      {children}
    </text>
  );
}
