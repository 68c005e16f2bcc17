// At CoW completion the file range's data travels on the disk axis from its old extent to its new one, once
// per step that moves it (back again when the step is reached backwards); at rest it is hidden.

import { useLayoutEffect, useRef } from 'react';
import { playStep } from '../../client/stepMotion.ts';

export function ExtentMovePacket({
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
