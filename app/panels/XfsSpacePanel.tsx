// XFS's free space, where btrfs has space reservations: m_fdblocks, m_delalloc_blks and the allocated
// blocks as one bar, this step's change beside each, and every inode's i_delayed_blks. XFS has no
// space_info, tickets or reclaim workers: a delalloc reservation takes from m_fdblocks at once or fails.

import { useStepView, type StagePanelProps } from '../hooks/useRun.ts';
import { useWidth } from '../hooks/useWidth.ts';
import { exact, size } from '../viz/format.ts';
import { Panel } from './Panel.tsx';
import { xfsSpaceView } from './xfsSpaceModel.ts';

export function XfsSpacePanel({ side, suffix = '' }: StagePanelProps) {
  const at = useStepView(side);
  const [ref, width] = useWidth(400);
  if (at === undefined) return null;
  const { view } = at;
  const change = view.event?.changes?.find(
    (c) => c.table === 'xfsSpace' && c.before !== null,
  );
  const v = xfsSpaceView(
    view.state.tables,
    change?.table === 'xfsSpace' ? (change.before ?? undefined) : undefined,
  );
  if (v === null) return null;
  return (
    <Panel title={`Free space (XFS)${suffix}`} testId={`xfs-space-${side}`}>
      <p className="hint">
        XFS has no space_info or tickets: a delayed allocation takes its blocks
        from m_fdblocks at once and counts them in m_delalloc_blks until
        writeback allocates them.
      </p>
      <div ref={ref}>
        <svg
          width={width}
          height={22}
          role="img"
          aria-label={v.description}
          data-testid={`xfs-space-bar-${side}`}
        >
          {v.segments.map((s) => {
            const w = (s.blocks / v.dblocks) * width;
            return (
              <rect
                key={s.key}
                className="moving"
                x={(s.start / v.dblocks) * width}
                y={2}
                width={Math.max(s.blocks > 0 ? 2 : 0, w)}
                height={18}
                fill={s.colour}
                stroke="var(--border)"
              >
                <title>
                  {s.label}: {exact(s.blocks)} blocks
                </title>
              </rect>
            );
          })}
        </svg>
      </div>
      <table
        className="data xfs-space"
        data-testid={`xfs-space-table-${side}`}
        aria-label="XFS free-space counters"
      >
        <thead>
          <tr>
            <th scope="col">counter</th>
            <th scope="col">blocks (size) and this step</th>
          </tr>
        </thead>
        <tbody>
          {v.segments.map((s) => (
            <tr key={s.key} data-changed={s.delta === 0 ? undefined : 'true'}>
              <th scope="row">
                <span className="swatch" style={{ background: s.colour }} />{' '}
                {s.label}
              </th>
              <td>
                {exact(s.blocks)} ({size(s.bytes)})
                {s.delta === 0
                  ? ''
                  : ` ${s.delta > 0 ? '+' : '−'}${exact(Math.abs(s.delta))}`}
              </td>
            </tr>
          ))}
          {v.inodes.map((i) => (
            <tr key={i.name}>
              <th scope="row">i_delayed_blks of {i.name}</th>
              <td>
                {exact(i.delayedBlocks)} ({size(i.delayedBlocks * v.blockSize)})
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}
