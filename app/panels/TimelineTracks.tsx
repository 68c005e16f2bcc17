// The timeline's tracks, Perfetto-like: one lane per kind of event (two in compare, the first design above),
// each drawn as one SVG path per style whatever the run's length. Hover or keyboard focus shows a span's
// details; the wheel zooms, dragging pans, a click goes there. The math is timelineTracksModel.ts's.

import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent, PointerEvent } from 'react';
import { nav } from '../client/navActions.ts';
import { opLabel, type Run } from '../client/runRegistry.ts';
import { zoom } from '../client/timelineZoom.ts';
import { linkByOp } from '../model/navigation.ts';
import type { TrackSpan } from '../model/trackSpans.ts';
import { useWidth } from '../hooks/useWidth.ts';
import {
  LABEL_W,
  lanePaths,
  plotScale,
  spanAt,
  spanDetails,
  stepSpan,
  trackLayout,
  type Lane,
  type StepWindow,
  type TrackLayout,
} from './timelineTracksModel.ts';

/** The details box's widest (styles.css .track-details). */
const DETAILS_W = 520;

interface Props {
  readonly a: Run;
  /** The second design's run, in compare. */
  readonly b: Run | undefined;
  readonly window: StepWindow;
  readonly length: number;
  readonly cursor: number;
  readonly cursorB: number;
  readonly divergence: number | null;
}

/** A span picked by the pointer or the keyboard: its lane (index into the layout) and index in its track. */
interface Pick {
  readonly lane: number;
  readonly span: number;
}

function laneRun(lane: Lane, a: Run, b: Run | undefined): Run | undefined {
  return lane.side === 'primary' ? a : b;
}

function spansOf(lane: Lane, a: Run, b: Run | undefined): readonly TrackSpan[] {
  return laneRun(lane, a, b)?.index.tracks[lane.track] ?? [];
}

/** A span's narration: the operation's description for an operation band, else its event's note. */
function noteOf(run: Run, lane: Lane, span: TrackSpan): string {
  if (lane.track === 'op') {
    const op = run.events[span.at]?.op ?? -1;
    return `${String(op + 1)}. ${opLabel(run, op)}`;
  }
  return run.events[span.at]?.note ?? '';
}

/** Goes to a span's first step (a second-design span: the first design's step linked to it). */
function goTo(lane: Lane, span: TrackSpan, a: Run, b: Run | undefined): void {
  nav.seek(
    lane.side === 'primary' || b === undefined
      ? span.start
      : linkByOp(b, a, span.start),
  );
}

export function TimelineTracks(props: Props) {
  const { a, b, window: w, length, cursor, cursorB, divergence } = props;
  const [ref, width] = useWidth(1000);
  const layout = useMemo(() => trackLayout(b !== undefined), [b]);
  const [hover, setHover] = useState<Pick | null>(null);
  const [focused, setFocused] = useState<Pick | null>(null);
  const [hasFocus, setHasFocus] = useState(false);
  const drag = useRef<{ x: number; window: StepWindow; moved: boolean } | null>(
    null,
  );
  const svg = useRef<SVGSVGElement>(null);
  const s = plotScale(w, width);
  // The wheel listener is native (React's is passive, so it could not keep the page from scrolling).
  const latest = useRef(s);
  useEffect(() => {
    latest.current = s;
  });
  useEffect(() => {
    const el = svg.current;
    if (el === null) return;
    const onWheel = (e: WheelEvent) => {
      const sc = latest.current;
      e.preventDefault();
      const x = e.clientX - el.getBoundingClientRect().left;
      if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY))
        zoom.panSteps((e.shiftKey ? e.deltaY : e.deltaX) / sc.px);
      else zoom.by(Math.exp(e.deltaY * 0.002), sc.step(x));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => {
      el.removeEventListener('wheel', onWheel);
    };
  }, []);

  const shown = hover ?? (hasFocus ? focused : null);
  const shownLane = shown === null ? undefined : layout.lanes[shown.lane];
  const shownRun =
    shownLane === undefined ? undefined : laneRun(shownLane, a, b);
  const shownSpan =
    shownLane === undefined || shown === null
      ? undefined
      : spansOf(shownLane, a, b)[shown.span];

  const hit = (e: PointerEvent<SVGSVGElement>): Pick | null => {
    const r = e.currentTarget.getBoundingClientRect();
    const x = e.clientX - r.left;
    const y = e.clientY - r.top;
    if (x < s.x0) return null;
    const lane = layout.lanes.findIndex(
      (l) => y >= l.y - 1 && y <= l.y + l.height + 1,
    );
    const l = layout.lanes[lane];
    if (l === undefined) return null;
    const run = laneRun(l, a, b);
    if (run === undefined) return null;
    const span = spanAt(
      spansOf(l, a, b),
      run.events.length,
      s.step(x),
      4 / s.px,
    );
    return span < 0 ? null : { lane, span };
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.shiftKey || e.ctrlKey || e.altKey || e.metaKey) return;
    const current = focused ?? { lane: 0, span: -1 };
    const lane = layout.lanes[current.lane];
    if (lane === undefined) return;
    const at = lane.side === 'primary' ? cursor : cursorB;
    let next: Pick | null = null;
    if (e.key === 'ArrowLeft' || e.key === 'ArrowRight')
      next = {
        lane: current.lane,
        span: stepSpan(
          spansOf(lane, a, b),
          current.span,
          e.key === 'ArrowRight' ? 1 : -1,
          at,
        ),
      };
    else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      const to = Math.max(
        0,
        Math.min(
          layout.lanes.length - 1,
          current.lane + (e.key === 'ArrowDown' ? 1 : -1),
        ),
      );
      const toLane = layout.lanes[to] as Lane;
      const from = spansOf(lane, a, b)[current.span]?.start ?? at;
      const spans = spansOf(toLane, a, b);
      const near = spanAt(spans, length, from + 0.5, Infinity);
      next = { lane: to, span: near };
    } else if (e.key === 'Enter') {
      const span = spansOf(lane, a, b)[current.span];
      if (span !== undefined) goTo(lane, span, a, b);
    } else return;
    e.preventDefault();
    e.stopPropagation();
    if (next !== null) {
      setFocused(next);
      const span = spansOf(layout.lanes[next.lane] as Lane, a, b)[next.span];
      if (span !== undefined) zoom.show(span.start);
    }
  };

  return (
    <div
      ref={ref}
      className="tracks"
      role="group"
      tabIndex={0}
      aria-label={`Timeline tracks${b === undefined ? '' : ` (each track: ${a.variant} above, ${b.variant} below)`}: hover or focus a span for its details; arrow keys pick a span, Enter goes there`}
      aria-describedby="track-details"
      data-testid="timeline-tracks"
      onFocus={() => {
        setHasFocus(true);
      }}
      onBlur={() => {
        setHasFocus(false);
      }}
      onKeyDown={onKeyDown}
    >
      <svg
        ref={svg}
        width={width}
        height={layout.height}
        aria-hidden="true"
        data-export="timeline"
        onPointerDown={(e) => {
          if (e.button !== 0) return;
          e.currentTarget.setPointerCapture(e.pointerId);
          drag.current = { x: e.clientX, window: w, moved: false };
        }}
        onPointerMove={(e) => {
          const d = drag.current;
          if (d !== null && (d.moved || Math.abs(e.clientX - d.x) > 3)) {
            d.moved = true;
            setHover(null);
            const dx = (e.clientX - d.x) / s.px;
            zoom.set({ from: d.window.from - dx, to: d.window.to - dx });
            return;
          }
          setHover(hit(e));
        }}
        onPointerLeave={() => {
          setHover(null);
        }}
        onPointerUp={(e) => {
          const d = drag.current;
          drag.current = null;
          if (d === null || d.moved) return;
          const picked = hit(e);
          const lane = picked === null ? undefined : layout.lanes[picked.lane];
          const span =
            picked === null || lane === undefined
              ? undefined
              : spansOf(lane, a, b)[picked.span];
          // A narrow span (a marker) is easy to miss by a step: a click near it goes to it.
          if (
            lane !== undefined &&
            span !== undefined &&
            (span.end - span.start + 1) * s.px < 8
          )
            goTo(lane, span, a, b);
          else {
            const x = e.clientX - e.currentTarget.getBoundingClientRect().left;
            if (x >= s.x0) nav.seek(Math.floor(s.step(x)));
          }
        }}
      >
        <Paths a={a} b={b} window={w} width={width} layout={layout} />
        {divergence !== null && (
          <line
            x1={s.x(divergence + 0.5)}
            x2={s.x(divergence + 0.5)}
            y1={0}
            y2={layout.height}
            className="track-divergence"
          />
        )}
        {b !== undefined && (
          <path
            className="track-cursor-b"
            d={layout.lanes
              .filter((l) => l.side === 'secondary')
              .map(
                (l) =>
                  `M${String(s.x(cursorB + 0.5))},${String(l.y - 1)}v${String(l.height + 2)}`,
              )
              .join('')}
          />
        )}
        <line
          x1={s.x(cursor + 0.5)}
          x2={s.x(cursor + 0.5)}
          y1={0}
          y2={layout.height}
          className="track-cursor"
        />
        {shownLane !== undefined && shownSpan !== undefined && shownRun && (
          <rect
            className="track-focus"
            x={Math.max(s.x0, s.x(shownSpan.start)) - 1.5}
            y={shownLane.y - 1.5}
            width={Math.max(
              3,
              Math.min(
                s.x1,
                s.x(Math.max(shownSpan.end, shownSpan.start) + 1),
              ) -
                Math.max(s.x0, s.x(shownSpan.start)) +
                3,
            )}
            height={shownLane.height + 3}
          />
        )}
      </svg>
      <div
        id="track-details"
        className="track-details"
        role="status"
        data-testid="track-details"
        data-shown={shownSpan === undefined ? undefined : 'true'}
        style={{
          top: layout.height + 2,
          left:
            shownSpan === undefined
              ? 0
              : Math.max(
                  0,
                  Math.min(s.x(shownSpan.start) - 24, width - DETAILS_W),
                ),
        }}
      >
        {shownLane !== undefined &&
          shownSpan !== undefined &&
          shownRun !== undefined &&
          `${b === undefined ? '' : `${shownRun.variant}: `}${spanDetails(
            shownSpan,
            noteOf(shownRun, shownLane, shownSpan),
            shownRun.events.length,
          )}`}
      </div>
    </div>
  );
}

interface PathsProps {
  readonly a: Run;
  readonly b: Run | undefined;
  readonly window: StepWindow;
  readonly width: number;
  readonly layout: TrackLayout;
}

/** The labels and the spans: recomputed when the runs, the window or the width change, never per step. */
const Paths = memo(function Paths({
  a,
  b,
  window: w,
  width,
  layout,
}: PathsProps) {
  const s = plotScale(w, width);
  return (
    <>
      {layout.rows.map((row) =>
        // In compare the operations row names the two designs, one per lane (each track: first above).
        b !== undefined && row.track === 'op' ? (
          layout.lanes.slice(0, 2).map((lane) => (
            <text
              key={lane.side}
              x={4}
              y={lane.y + lane.height / 2}
              dominantBaseline="central"
              className="track-label track-design"
            >
              {clip(laneRun(lane, a, b)?.variant ?? '', LABEL_W - 8)}
            </text>
          ))
        ) : (
          <text
            key={row.track}
            x={4}
            y={row.mid}
            dominantBaseline="central"
            className="track-label"
          >
            {row.name}
          </text>
        ),
      )}
      <rect
        x={s.x0}
        y={0}
        width={s.x1 - s.x0}
        height={layout.height}
        className="track-plot"
      />
      {layout.lanes.map((lane) => {
        const run = laneRun(lane, a, b);
        if (run === undefined) return null;
        const spans = run.index.tracks[lane.track];
        // Operations alternate two shades, so neighbours stay apart.
        const groups =
          lane.track === 'op'
            ? [
                ['op-even', spans.filter((_, i) => i % 2 === 0)] as const,
                ['op-odd', spans.filter((_, i) => i % 2 === 1)] as const,
              ]
            : [['', spans] as const];
        return groups.flatMap(([cls, list]) =>
          lanePaths(list, run.events.length, w, width, lane).map((p) => (
            <path
              key={`${lane.track}-${lane.side}-${cls}-${p.style}`}
              d={p.d}
              className={`track-span track-${cls === '' ? p.style : cls}`}
              data-track={lane.track}
              data-side={lane.side}
            />
          )),
        );
      })}
      <OpLabels a={a} window={w} width={width} lane={layout.lanes[0]} />
    </>
  );
});

/** The first design's operations named inside their bands, where a band is wide enough for it. */
function OpLabels({
  a,
  window: w,
  width,
  lane,
}: {
  readonly a: Run;
  readonly window: StepWindow;
  readonly width: number;
  readonly lane: Lane | undefined;
}) {
  if (lane === undefined || lane.height < 11) return null;
  const s = plotScale(w, width);
  const labels = [];
  for (const span of a.index.tracks.op) {
    if (span.start >= w.to) break;
    const left = Math.max(s.x0, s.x(span.start));
    const right = Math.min(
      s.x1,
      s.x((span.end < 0 ? a.events.length - 1 : span.end) + 1),
    );
    if (right - left < 60) continue;
    const op = a.events[span.at]?.op ?? -1;
    labels.push(
      <text
        key={span.start}
        x={left + 4}
        y={lane.y + lane.height / 2}
        dominantBaseline="central"
        className="track-op-label"
      >
        {clip(`${String(op + 1)}. ${opLabel(a, op)}`, right - left - 8)}
      </text>,
    );
  }
  return <>{labels}</>;
}

function clip(text: string, px: number): string {
  const max = Math.max(4, Math.floor(px / 6.2));
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
