// A run on its way (a progress bar while its batches stream in), a run that failed, and where the shown run
// ran: on the OPFS image, or in memory and why.

import { formatSize } from '@engine';
import { useRun } from '../hooks/useRun.ts';
import { useAppStore } from '../store/appStore.ts';
import { exact } from '../viz/format.ts';

export function RunStatus() {
  const primary = useAppStore((s) => s.primary);
  const secondary = useAppStore((s) => s.secondary);
  const progress = useAppStore((s) => s.progress);
  const run = useRun('primary');
  const failed =
    primary.kind === 'failed'
      ? primary
      : secondary.kind === 'failed'
        ? secondary
        : null;
  const memory =
    run?.device.kind === 'memory' && run.device.reason !== null
      ? run.device.reason
      : null;
  return (
    <>
      {progress !== null && (
        <div className="notice run-progress" data-testid="run-progress">
          <label htmlFor="run-progress-bar">
            Running {progress.label}
            {progress.side === 'secondary'
              ? ' (the compared design)'
              : ''}: {exact(progress.received)} steps received
            {progress.ops > 0
              ? `, ${String(progress.opsDone)} of ${String(progress.ops)} operations done`
              : ''}
            . You can step through what has arrived.
          </label>
          <progress
            id="run-progress-bar"
            max={Math.max(1, progress.ops)}
            value={progress.ops > 0 ? progress.opsDone : undefined}
          />
        </div>
      )}
      {failed !== null && (
        <p className="notice bad" role="alert" data-testid="run-status">
          The engine could not run this scenario: {failed.message}
        </p>
      )}
      {memory !== null && run !== undefined && (
        <p className="notice" role="status" data-testid="run-device">
          This run is in memory ({formatSize(run.device.sizeBytes)} disk):{' '}
          {memory}.
        </p>
      )}
    </>
  );
}
