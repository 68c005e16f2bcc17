// After a power cut: which operation it interrupted, what the disk lost, and, once the filesystem is mounted
// again, what each file reads against what the interrupted operation would have left had it completed.

import type { CutReport, FileSurvival } from '@engine/protocol';
import { opLabel, type Run } from '../client/runRegistry.ts';
import { useStepView, type Side } from '../hooks/useRun.ts';
import { useAppStore } from '../store/appStore.ts';
import { range, size } from '../viz/format.ts';
import { Panel } from './Panel.tsx';

const SHOWN_RANGES = 6;

export function SurvivalPanel({ side }: { side: Side }) {
  const at = useStepView(side);
  const asked = useAppStore((s) => s.cut);
  const cut = at?.run.cut ?? null;
  if (at === undefined || cut === null) return null;
  const { run, view } = at;
  const mount = mountAfter(run, cut.event);
  const lostNote = run.events[cut.event]?.note ?? '';
  return (
    <Panel title="After the power cut" testId="survival">
      <p>
        The power fails right after step {(asked?.event ?? cut.event) - 1},
        during operation {cut.op + 1} (
        <span className="mono">{opLabel(run, cut.op)}</span>)
        {cut.seed === null
          ? ': the disk loses every write it had not flushed.'
          : `: a seeded part (seed ${String(cut.seed)}) of the disk's unflushed writes lands, the rest is lost.`}{' '}
        The page cache vanishes at step {cut.event}
        {mount >= 0
          ? `; the filesystem is mounted again from the disk at step ${String(mount)}.`
          : '.'}
      </p>
      {view.seq < cut.event ? (
        <p className="hint">Step on to watch it happen.</p>
      ) : view.seq < mount ? (
        <p>{lostNote}</p>
      ) : (
        <Survivors report={cut} />
      )}
    </Panel>
  );
}

function mountAfter(run: Run, from: number): number {
  for (let s = from; s < run.events.length; s++)
    if (run.events[s]?.kind === 'fs.mount') return s;
  return -1;
}

function Survivors({ report }: { report: CutReport }) {
  return (
    <ul className="survivors" data-testid="survivors">
      {report.files.map((f) => (
        <li key={f.name} data-testid={`survivor-${f.name}`}>
          <FileLine file={f} />
        </li>
      ))}
    </ul>
  );
}

function FileLine({ file }: { file: FileSurvival }) {
  const name = <strong className="mono">{file.name}</strong>;
  if (file.skipped)
    return (
      <>
        {name}: too large to compare byte by byte; it reads{' '}
        {size(file.sizeAfter)} after the mount.
      </>
    );
  const sizeNote =
    file.sizeAfter === file.sizeIntended
      ? ''
      : ` Its size is ${size(file.sizeAfter)}, not the ${size(file.sizeIntended)} the operation would have left${file.sizeAfter === file.sizeBefore ? ' (its size before it)' : ''}.`;
  if (file.lost.length === 0)
    return (
      <>
        {name}: survived — it reads exactly what the operation would have left
        had the power not failed.{sizeNote}
      </>
    );
  const lostBytes = file.lost.reduce((n, r) => n + r.length, 0);
  const allOld = file.lost.every((r) => r.reads === 'before-op');
  return (
    <>
      {name}: {size(lostBytes)} lost —{' '}
      {allOld
        ? 'it reads its old bytes, what it held before the interrupted operation,'
        : 'it reads older bytes from the disk'}{' '}
      in{' '}
      {file.lost
        .slice(0, SHOWN_RANGES)
        .map((r) => range(r.offset, r.offset + r.length))
        .join(', ')}
      {file.lost.length > SHOWN_RANGES
        ? ` and ${String(file.lost.length - SHOWN_RANGES)} more ranges`
        : ''}
      . Only what was flushed to the disk before the cut survives.{sizeNote}
    </>
  );
}
