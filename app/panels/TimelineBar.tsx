// The timeline: the tracks (one per kind of event; both designs in compare), then one line with zoom and
// pan, the scrubber (the accessible way through the whole run, the zoom window marked on it), the jumps to
// the next or previous error and I/O, and `extra` (the power cut). Before the first run arrives the same
// frame is drawn empty, so nothing below it moves when the run lands.

import { useEffect, useRef, type ReactNode } from 'react';
import { nav } from '../client/navActions.ts';
import { shortcutOf, type KeyCommand } from '../client/keyTable.ts';
import { windowOf, zoom } from '../client/timelineZoom.ts';
import { useCursor, useRun } from '../hooks/useRun.ts';
import type { MarkerKind } from '../model/runIndex.ts';
import { useAppStore } from '../store/appStore.ts';
import { TimelineTracks } from './TimelineTracks.tsx';
import {
  follow,
  isWhole,
  MIN_SPAN,
  trackLayout,
  wholeWindow,
} from './timelineTracksModel.ts';

interface Props {
  readonly divergence: number | null;
  /** Two designs are compared: the second's tracks too. */
  readonly compare: boolean;
  /** Controls at the end of the line under the tracks. */
  readonly extra: ReactNode;
}

export function TimelineBar({ divergence, compare, extra }: Props) {
  const a = useRun('primary');
  const secondary = useRun('secondary');
  const b = compare ? secondary : undefined;
  const cursor = useAppStore((s) => s.cursor);
  const cursorB = useCursor('secondary');
  const zoomState = useAppStore((s) => s.timelineZoom);
  const length = Math.max(a?.events.length ?? 0, b?.events.length ?? 0);
  const runId = a?.runId ?? -1;
  // Read through the store's zoom (a dependency, so a zoom re-renders), clamped to this run.
  const w = zoomState === null ? wholeWindow(length) : windowOf(runId, length);
  const whole = isWhole(w, length);
  // A cursor that moves past the window's edge (playing, stepping, a jump) pans the window along; panning
  // the window away from a cursor that stays put is the person's choice.
  const shownAt = useRef(cursor);
  useEffect(() => {
    if (shownAt.current === cursor) return;
    shownAt.current = cursor;
    if (!whole && follow(w, cursor, length) !== w) zoom.show(cursor);
  }, [cursor, whole, w, length]);
  const last = Math.max(1, (a?.events.length ?? 1) - 1);
  const markers = a?.index.markers ?? [];
  const has = (kind: MarkerKind, dir: 1 | -1) =>
    markers.some(
      (m) => m.kind === kind && (dir === 1 ? m.seq > cursor : m.seq < cursor),
    );
  const jump = (
    command: KeyCommand,
    label: string,
    text: string,
    onClick: () => void,
    enabled: boolean,
  ) => (
    <button
      type="button"
      aria-label={label}
      title={`${label} (${shortcutOf(command)})`}
      aria-keyshortcuts={shortcutOf(command)}
      disabled={a === undefined || !enabled}
      onClick={onClick}
    >
      {text}
    </button>
  );
  return (
    <div className="timeline" data-testid="timeline">
      {a === undefined ? (
        <div
          className="tracks"
          style={{ height: trackLayout(compare).height }}
          aria-hidden="true"
        />
      ) : (
        <TimelineTracks
          a={a}
          b={b}
          window={w}
          length={length}
          cursor={cursor}
          cursorB={cursorB}
          divergence={divergence}
        />
      )}
      <div className="timeline-foot">
        <div className="transport" role="group" aria-label="Timeline zoom">
          {jump('zoomOut', 'Zoom out', '−', zoom.out, !whole)}
          <output className="zoom-range" data-testid="zoom-range">
            {whole
              ? `all ${String(length)} steps`
              : `steps ${String(Math.floor(w.from))}–${String(Math.ceil(w.to) - 1)}`}
          </output>
          {jump('zoomIn', 'Zoom in', '+', zoom.in, w.to - w.from > MIN_SPAN)}
          {jump('zoomAll', 'Show the whole run', 'all', zoom.all, !whole)}
        </div>
        <div className="scrub">
          {!whole && (
            <span
              className="scrub-window"
              data-testid="zoom-window"
              style={{
                left: `${String((w.from / length) * 100)}%`,
                width: `${String(((w.to - w.from) / length) * 100)}%`,
              }}
            />
          )}
          <input
            type="range"
            min={0}
            max={last}
            value={a === undefined ? 0 : cursor}
            disabled={a === undefined}
            aria-label="Step (scrub the timeline)"
            aria-valuetext={
              a === undefined
                ? undefined
                : `step ${String(cursor)} of ${String(last)}: ${a.events[cursor]?.note ?? ''}`
            }
            onChange={(e) => {
              nav.seek(Number(e.target.value));
            }}
          />
        </div>
        <div
          className="transport"
          role="group"
          aria-label="Jump to the next or previous error or I/O"
        >
          {jump(
            'prevError',
            'Previous error',
            '◀ error',
            nav.prevError,
            has('error', -1),
          )}
          {jump(
            'nextError',
            'Next error',
            'error ▶',
            nav.nextError,
            has('error', 1),
          )}
          {jump('prevIo', 'Previous I/O', '◀ I/O', nav.prevIo, has('io', -1))}
          {jump('nextIo', 'Next I/O', 'I/O ▶', nav.nextIo, has('io', 1))}
        </div>
        {extra}
      </div>
    </div>
  );
}
