// The file's extent io tree, one lane per bit the run ever sets (LOCKED in its own colour): each set range
// is a band on the file axis. A view over extentsModel.ts's lanes.

import { useAppStore } from '../../store/appStore.ts';
import { selectHighlights } from '../../tutorials/useHighlight.ts';
import { BIT_H, LEFT, type Lane } from '../extentsModel.ts';

interface Props {
  readonly lanes: readonly Lane[];
  readonly width: number;
}

export function IoTreeLanes({ lanes, width }: Props) {
  const highlights = useAppStore(selectHighlights);
  return lanes.map((lane) => (
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
  ));
}
