// The disk image the engine runs on: its size, generation and identity, or why it cannot be used.

import { formatSize } from '@engine';
import { useAppStore } from '../store/appStore.ts';

interface Props {
  readonly onReset: () => void;
  readonly onRetry: () => void;
}

export function ImagePanel({ onReset, onRetry }: Props) {
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
          <p role="status">The disk image was released.</p>
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
              ? 'This disk image is open in another tab. Close that tab, or use it there.'
              : image.error.message}
          </p>
          <div className="actions">
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
            {info.created
              ? 'Created and formatted a new image.'
              : 'Mounted the existing image.'}
            {info.damagedCopies.length > 0 &&
              ` Damaged superblock copies: ${info.damagedCopies.join('; ')}.`}
          </p>
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
