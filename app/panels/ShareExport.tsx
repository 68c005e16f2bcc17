// Share (copy the link that restores this exact view) and export (PNG, SVG, Chrome trace JSON).

import { useState } from 'react';
import {
  composeSvg,
  download,
  svgToPng,
  traceJson,
} from '../client/exporters.ts';
import { useRun } from '../hooks/useRun.ts';
import { useAppStore } from '../store/appStore.ts';

interface Props {
  /** Writes the pending URL change now. */
  readonly flushUrl: () => Promise<void>;
  /** The element whose drawings are exported. */
  readonly viewRoot: () => HTMLElement | null;
  /** Tracks an export for the idle signal. */
  readonly track: (body: () => Promise<void>) => Promise<void>;
}

export function ShareExport({ flushUrl, viewRoot, track }: Props) {
  const run = useRun('primary');
  const cursor = useAppStore((s) => s.cursor);
  const [status, setStatus] = useState('');
  const base =
    run === undefined
      ? 'view'
      : `${run.scenario.id}-${run.variant}-step${String(cursor)}`;
  const disabled = run === undefined;
  return (
    <div className="toolbar" role="group" aria-label="Share and export">
      <button
        type="button"
        disabled={disabled}
        onClick={() =>
          void track(async () => {
            await flushUrl();
            try {
              await navigator.clipboard.writeText(location.href);
              setStatus('Link copied.');
            } catch {
              setStatus('The address bar holds the link to this view.');
            }
          })
        }
      >
        Copy link
      </button>
      <button
        type="button"
        disabled={disabled}
        onClick={() =>
          void track(() => {
            const root = viewRoot();
            if (root !== null)
              download(`${base}.svg`, composeSvg(root), 'image/svg+xml');
            return Promise.resolve();
          })
        }
      >
        Export SVG
      </button>
      <button
        type="button"
        disabled={disabled}
        onClick={() =>
          void track(async () => {
            const root = viewRoot();
            if (root !== null)
              download(
                `${base}.png`,
                await svgToPng(composeSvg(root)),
                'image/png',
              );
          })
        }
      >
        Export PNG
      </button>
      <button
        type="button"
        disabled={disabled}
        onClick={() =>
          void track(() => {
            if (run !== undefined)
              download(
                `${run.scenario.id}-${run.variant}.trace.json`,
                traceJson(run),
                'application/json',
              );
            return Promise.resolve();
          })
        }
      >
        Export trace (Perfetto)
      </button>
      <span role="status" className="hint">
        {status}
      </span>
    </div>
  );
}
