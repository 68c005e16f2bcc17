// A byte axis along a file or a disk: d3 does the scale and the ticks, React draws them.

import { scaleLinear, type ScaleLinear } from 'd3';
import { size } from './format.ts';

export type ByteScale = ScaleLinear<number, number>;

export function byteScale(
  lo: number,
  hi: number,
  x0: number,
  x1: number,
): ByteScale {
  return scaleLinear()
    .domain([lo, Math.max(hi, lo + 1)])
    .range([x0, x1]);
}

/** Ticks at round binary sizes (4K, 8K, 1M...), about `count` of them. */
export function byteTicks(scale: ByteScale, count: number): number[] {
  const [lo, hi] = scale.domain() as [number, number];
  const span = hi - lo;
  let step = 512;
  while (span / step > count) step *= 2;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi; t += step) ticks.push(t);
  return ticks;
}

export function Axis({
  scale,
  y,
  label,
  count = 8,
}: {
  scale: ByteScale;
  y: number;
  label: string;
  count?: number;
}) {
  const [x0, x1] = scale.range() as [number, number];
  return (
    <g aria-hidden="true">
      <line x1={x0} x2={x1} y1={y} y2={y} stroke="var(--muted)" />
      {byteTicks(scale, count).map((t) => (
        <g key={t} transform={`translate(${String(scale(t))},${String(y)})`}>
          <line y2={4} stroke="var(--muted)" />
          <text
            y={15}
            // The last tick's label ends at the axis's end, so the drawing's edge does not cut it.
            textAnchor={scale(t) >= x1 - 1 ? 'end' : 'middle'}
            className="muted"
            style={{ fontSize: 'var(--fs-1)' }}
          >
            {size(t)}
          </text>
        </g>
      ))}
      <text x={x0 - 6} y={y + 4} textAnchor="end" className="muted">
        {label}
      </text>
    </g>
  );
}
