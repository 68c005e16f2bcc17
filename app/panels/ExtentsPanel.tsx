// Extents: the file's extent io tree bits as lanes, its ordered extents, its file extent items mapped
// onto the disk's extent items (CoW relocation shows as the band moving and the range travelling on the disk
// axis to its new address), and disk I/O flashing. A view over extentsModel.ts, which does all the layout;
// each row is drawn by its own component in extents/. An XFS run shows its forks instead (XfsForksPanel).

import type { ExtentBitName } from '@engine';
import type { Run } from '../client/runRegistry.ts';
import { useRun, useStepView, type StagePanelProps } from '../hooks/useRun.ts';
import { useWidth } from '../hooks/useWidth.ts';
import { Axis } from '../viz/axis.tsx';
import { DiskIoRow } from './extents/DiskIoRow.tsx';
import { ExtentMovePacket } from './extents/ExtentMovePacket.tsx';
import { ExtentsLegend } from './extents/ExtentsLegend.tsx';
import { IoTreeLanes } from './extents/IoTreeLanes.tsx';
import {
  ExtentItemRow,
  FileExtentRow,
  OrderedRow,
} from './extents/MappingRows.tsx';
import { extentsLayout, laneBits } from './extentsModel.ts';
import { extentMove } from './extentMoveModel.ts';
import { useFileName } from './PageCachePanel.tsx';
import { Panel } from './Panel.tsx';
import { XfsForksPanel } from './XfsForksPanel.tsx';

const bitsCache = new WeakMap<Run, ExtentBitName[]>();

/** The run's lanes, computed once per run snapshot. */
function runBits(run: Run): ExtentBitName[] {
  let bits = bitsCache.get(run);
  if (bits === undefined) {
    bits = laneBits(run.events);
    bitsCache.set(run, bits);
  }
  return bits;
}

/** The extents of the run on `side`: btrfs's io tree and extents, or XFS's forks for an XFS run. */
export function ExtentsPanel(props: StagePanelProps) {
  return useRun(props.side)?.variant === 'xfs' ? (
    <XfsForksPanel {...props} />
  ) : (
    <BtrfsExtentsPanel {...props} />
  );
}

function BtrfsExtentsPanel({ side, suffix = '' }: StagePanelProps) {
  const at = useStepView(side);
  const name = useFileName(side);
  const [ref, width] = useWidth();
  if (at === undefined) return null;
  const { run, view } = at;
  const inode = [...view.state.tables.inode.values()].find(
    (i) => i.name === name,
  );
  if (inode === undefined) return null;
  const l = extentsLayout({
    tables: view.state.tables,
    inode,
    bits: runBits(run),
    event: view.event,
    maxFileEnd: run.index.maxFileEnd,
    sectorSize: run.scenario.geometry.sectorSize,
    width,
  });
  const { rows } = l;
  const move = extentMove(run.events, view.seq);
  return (
    <Panel
      title={`Extents, io tree and disk${suffix}`}
      testId={`extents-${side}`}
    >
      <p className="hint">{l.summary}</p>
      <div ref={ref}>
        <svg
          width={width}
          height={l.height}
          role="img"
          aria-label={l.description}
          data-export="extents"
          data-testid={`extents-svg-${side}`}
        >
          <IoTreeLanes lanes={l.lanes} width={width} />
          <OrderedRow ordered={l.ordered} y={rows.ordered} />
          <FileExtentRow extents={l.fileExtents} y={rows.fileExt} />
          <Axis scale={l.fx} y={rows.fileAxis} label="file offset" />
          <ExtentItemRow items={l.items} y={rows.items} />
          {move !== null && move.ino === inode.ino && (
            <ExtentMovePacket
              seq={view.seq}
              from={l.dx(move.fromDisk)}
              to={l.dx(move.toDisk)}
              width={l.dx(move.toDisk + move.numBytes) - l.dx(move.toDisk)}
              y={rows.items}
            />
          )}
          <Axis scale={l.dx} y={rows.diskAxis} label="disk address" count={6} />
          <DiskIoRow ordered={l.ordered} io={l.io} y={rows.io} />
        </svg>
      </div>
      <ExtentsLegend />
    </Panel>
  );
}
