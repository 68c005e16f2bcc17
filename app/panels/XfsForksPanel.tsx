// XFS's extents: the file's data fork and COW fork on the file axis (delalloc, unwritten, written), where
// their real extents sit on the disk, and the disk blocks shared by reflink. What XFS has where btrfs has
// the io tree, ordered extents and file extent items. A view over xfsForksModel.ts.

import { useStepView, type StagePanelProps } from '../hooks/useRun.ts';
import { useWidth } from '../hooks/useWidth.ts';
import { Axis } from '../viz/axis.tsx';
import { fileInode } from './pageModel.ts';
import { useFileName } from './PageCachePanel.tsx';
import { Panel } from './Panel.tsx';
import { XFS_LEFT, xfsForksLayout, type ForkBand } from './xfsForksModel.ts';

const FILL: Record<ForkBand['state'], string> = {
  delalloc: 'var(--map-delalloc)',
  unwritten: 'var(--map-unwritten)',
  written: 'var(--map-mapped)',
};

const LEGEND: readonly (readonly [string, string])[] = [
  ['var(--map-delalloc)', 'delalloc (reserved, no blocks yet)'],
  ['var(--map-unwritten)', 'unwritten (allocated, reads as zeroes)'],
  ['var(--map-mapped)', 'written'],
  ['var(--io-write)', 'outline on disk: a COW fork extent'],
  ['var(--flag-private)', 'shared disk blocks (refcount > 1)'],
];

function RowName({ y, text }: { y: number; text: string }) {
  return (
    <text x={XFS_LEFT - 6} y={y + 13} textAnchor="end" className="muted">
      {text}
    </text>
  );
}

function Bands({ bands, y }: { bands: readonly ForkBand[]; y: number }) {
  return (
    <>
      {bands.map((b) => (
        <g key={b.key}>
          <rect
            className="moving"
            x={b.x}
            y={y}
            width={b.width}
            height={18}
            fill={FILL[b.state]}
            opacity={b.state === 'delalloc' ? 0.55 : 0.85}
            stroke="var(--fg)"
            strokeDasharray={b.state === 'delalloc' ? '3 2' : undefined}
          >
            <title>{b.title}</title>
          </rect>
          {b.label !== null && (
            <text x={b.x + 4} y={y + 13} style={{ fontSize: 'var(--fs-1)' }}>
              {b.label}
            </text>
          )}
        </g>
      ))}
    </>
  );
}

export function XfsForksPanel({ side, suffix = '' }: StagePanelProps) {
  const at = useStepView(side);
  const name = useFileName(side);
  const [ref, width] = useWidth();
  if (at === undefined || name === null) return null;
  const { run, view } = at;
  const inode = fileInode(view.state.tables, name);
  if (inode === undefined) return null;
  const l = xfsForksLayout({
    tables: view.state.tables,
    ino: inode.ino,
    maxFileEnd: run.index.maxFileEnd,
    width,
  });
  const { rows } = l;
  return (
    <Panel
      title={`Data fork, COW fork and disk${suffix}`}
      testId={`xfs-forks-${side}`}
    >
      <p className="hint">{l.summary}</p>
      <div ref={ref}>
        <svg
          width={width}
          height={l.height}
          role="img"
          aria-label={l.description}
          data-export="xfs-forks"
          data-testid={`xfs-forks-svg-${side}`}
        >
          <RowName y={rows.data} text="data fork" />
          <Bands bands={l.data} y={rows.data} />
          <RowName y={rows.cow} text="COW fork" />
          {l.hasCowFork ? (
            <Bands bands={l.cow} y={rows.cow} />
          ) : (
            <text x={XFS_LEFT} y={rows.cow + 13} className="muted">
              none: the file shares no blocks
            </text>
          )}
          <Axis scale={l.fx} y={rows.fileAxis} label="file offset" />
          <RowName y={rows.disk} text="on disk" />
          {l.disk.map((b) => (
            <rect
              key={b.key}
              className="moving"
              x={b.x}
              y={rows.disk}
              width={b.width}
              height={18}
              fill={FILL[b.state]}
              opacity={0.85}
              stroke={b.fork === 'cow' ? 'var(--io-write)' : 'var(--fg)'}
              strokeWidth={b.fork === 'cow' ? 2 : 1}
            >
              <title>{b.title}</title>
            </rect>
          ))}
          <RowName y={rows.shared} text="shared" />
          {l.shared.map((b) => (
            <rect
              key={b.key}
              x={b.x}
              y={rows.shared + 4}
              width={b.width}
              height={10}
              fill="var(--flag-private)"
            >
              <title>{b.title}</title>
            </rect>
          ))}
          <Axis scale={l.dx} y={rows.diskAxis} label="disk address" count={6} />
        </svg>
      </div>
      <ul className="legend" aria-label="XFS forks legend">
        {LEGEND.map(([colour, label]) => (
          <li key={label}>
            <span className="swatch" style={{ background: colour }} /> {label}
          </li>
        ))}
      </ul>
    </Panel>
  );
}
