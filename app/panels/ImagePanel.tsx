// The disk image the engine runs on: its size, generation and identity, or why it cannot be used, and
// whether the run on screen ran on it.

import { formatSize } from '@engine';
import { useRun } from '../hooks/useRun.ts';
import { useAppStore } from '../store/appStore.ts';

interface Props {
  readonly onReset: () => void;
  readonly onRetry: () => void;
  readonly onTakeOver: () => void;
}

/** Whether the run on screen is the one on the image. */
function RunOnImage() {
  const run = useRun('primary');
  if (run === undefined) return null;
  return (
    <p className="hint" data-testid="image-run">
      {run.device.kind === 'image'
        ? `The run on screen (${run.scenario.id} under ${run.variant}) ran on this image.`
        : `The run on screen ran in memory: ${run.device.reason ?? 'it was asked to'}.`}
    </p>
  );
}

export function ImagePanel({ onReset, onRetry, onTakeOver }: Props) {
  const image = useAppStore((s) => s.image);
  switch (image.kind) {
    case 'opening':
      return (
        <section className="panel" aria-label="Disk image" aria-busy="true">
          <h2>Disk image</h2>
          <p role="status">Opening the disk image…</p>
        </section>
      );
    case 'released':
      return (
        <section className="panel" aria-label="Disk image">
          <h2>Disk image</h2>
          <p role="status" data-testid="image-released">
            Another tab took over the disk image; this tab no longer uses it.
            Runs here are in memory.
          </p>
          <div className="actions">
            <button type="button" onClick={onTakeOver}>
              Take it back
            </button>
          </div>
        </section>
      );
    case 'error': {
      const inUse = image.error.errno === 'EBUSY';
      return (
        <section className="panel panel-error" aria-label="Disk image">
          <h2>Disk image</h2>
          <p
            role="alert"
            data-testid="image-error"
            data-errno={image.error.errno}
          >
            {inUse
              ? 'This disk image is open in another tab. Close that tab, use it there, or take it over here.'
              : image.error.message}
          </p>
          <div className="actions">
            {inUse && (
              <button type="button" onClick={onTakeOver}>
                Take over
              </button>
            )}
            <button type="button" onClick={onRetry}>
              Try again
            </button>
            {!inUse && (
              <button type="button" onClick={onReset}>
                Reset disk image
              </button>
            )}
          </div>
        </section>
      );
    }
    case 'ready': {
      const { info } = image;
      return (
        <section className="panel" aria-label="Disk image">
          <h2>Disk image</h2>
          <dl className="facts">
            <dt>File</dt>
            <dd>OPFS: {info.name}</dd>
            <dt>Size</dt>
            <dd data-testid="image-size">{formatSize(info.sizeBytes)}</dd>
            <dt>Generation</dt>
            <dd data-testid="image-generation">{info.generation}</dd>
            <dt>fsid</dt>
            <dd data-testid="image-fsid" className="mono">
              {info.fsid}
            </dd>
            <dt>Sector / node</dt>
            <dd>
              {formatSize(info.sectorsize)} / {formatSize(info.nodesize)}
            </dd>
          </dl>
          <p role="status" data-testid="image-origin">
            {info.opened.created
              ? 'Created and formatted a new image when this tab opened it.'
              : `Mounted the existing image when this tab opened it (generation ${String(info.opened.generation)}).`}
            {info.damagedCopies.length > 0 &&
              ` Damaged superblock copies: ${info.damagedCopies.join('; ')}.`}
          </p>
          <p data-testid="image-written-by">
            {info.writtenBy === null
              ? 'No run has written it in this tab yet.'
              : `It holds the filesystem of the last run on it, ${info.writtenBy}: each run formats the image (mkfs), runs its operations on it and flushes what the disk cache held at the end.`}
          </p>
          <RunOnImage />
          <div className="actions">
            <button type="button" onClick={onReset}>
              Reset disk image
            </button>
          </div>
        </section>
      );
    }
  }
}
