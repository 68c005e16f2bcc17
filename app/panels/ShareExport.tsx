// Share (copy the link that restores this exact view) and export (PNG, SVG, Chrome trace JSON, or the trace
// handed straight to Perfetto UI). The trace holds every run on screen: two tracks in compare.

import { chromeTrace } from '@engine';
import { useState } from 'react';
import { composeSvg, download, svgToPng } from '../client/exporters.ts';
import { openInPerfetto } from '../client/perfetto.ts';
import type { Run } from '../client/runRegistry.ts';
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

/** The trace file of the runs on screen, and its name; each run says where its own power cut fell. */
function traceOf(runs: readonly Run[]): {
  readonly json: string;
  readonly name: string;
  readonly title: string;
} {
  const name = (r: Run) =>
    `${r.scenario.id} under ${r.variant}${r.cut === null ? '' : `, power cut at step ${String(r.cut.event)}`}`;
  const title = runs.map(name).join(' vs ');
  const json = JSON.stringify(
    chromeTrace(
      runs.map((r) => ({
        scenario: r.scenario.id,
        design: r.variant,
        label: name(r),
        events: r.events,
      })),
    ),
  );
  return {
    json,
    title,
    name: `${runs.map((r) => `${r.scenario.id}-${r.variant}`).join('-vs-')}.trace.json`,
  };
}

export function ShareExport({ flushUrl, viewRoot, track }: Props) {
  const run = useRun('primary');
  const second = useRun('secondary');
  const comparing = useAppStore((s) => s.compareVariant !== null);
  const shown = (): Run[] =>
    run === undefined
      ? []
      : comparing && second !== undefined
        ? [run, second]
        : [run];
  const cursor = useAppStore((s) => s.cursor);
  const [status, setStatus] = useState('');
  const base =
    run === undefined
      ? 'view'
      : `${run.scenario.id}-${run.variant}-step${String(cursor)}`;
  const disabled = run === undefined;
  const exportInfo = async () => {
    await flushUrl();
    return {
      link: location.href,
      title: `iomap-explorer: ${shown()
        .map((r) => `${r.scenario.id} under ${r.variant}`)
        .join(' vs ')}, step ${String(cursor)}`,
    };
  };
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
          void track(async () => {
            const root = viewRoot();
            if (root === null) return;
            const info = await exportInfo();
            download(`${base}.svg`, composeSvg(root, info), 'image/svg+xml');
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
            if (root === null) return;
            const info = await exportInfo();
            download(
              `${base}.png`,
              await svgToPng(composeSvg(root, info), info),
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
            const t = traceOf(shown());
            download(t.name, t.json, 'application/json');
            return Promise.resolve();
          })
        }
      >
        Export trace (Perfetto)
      </button>
      <button
        type="button"
        disabled={disabled}
        title="Opens Perfetto UI in a new tab and hands it the trace (to Perfetto's page in this browser, to no server)"
        onClick={() =>
          void track(async () => {
            await flushUrl();
            const t = traceOf(shown());
            try {
              await openInPerfetto({
                buffer: new TextEncoder().encode(t.json).buffer,
                title: t.title,
                fileName: t.name,
                url: location.href,
              });
              setStatus('Opened in Perfetto UI.');
            } catch (error) {
              setStatus(
                `Perfetto UI could not be opened: ${error instanceof Error ? error.message : String(error)}.`,
              );
            }
          })
        }
      >
        Open in Perfetto
      </button>
      <span role="status" className="hint">
        {status}
      </span>
    </div>
  );
}
