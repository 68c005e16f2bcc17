// The Source pane: the innermost frame's function as pseudo-C with the line this step executes marked
// (aria-current="step"), the outer frames one click away, and for a clicked line the steps that ran it.
// A view over app/source (framesAt, indexLines); SourcePane reads the store, SourceView only draws.

import { useMemo, useRef, useState } from 'react';
import type { StepEvent } from '@engine';
import { nav } from '../client/navActions.ts';
import type { Run, StepView } from '../client/runRegistry.ts';
import { useKeepInView } from '../hooks/useKeepInView.ts';
import { useRun, useStepView, type Side } from '../hooks/useRun.ts';
import { linkByOp } from '../model/navigation.ts';
import { indexLines, stepsOf } from '../source/lineOf.ts';
import { frameLabel, framesAt } from '../source/sourceModel.ts';
import {
  markText,
  originLinks,
  originText,
  patchesOf,
} from '../source/sourceLinks.ts';
import type { Listing, SourceLine } from '../source/types.ts';
import { Panel } from './Panel.tsx';
import './sourcePane.css';

/** A run's Source pane at its cursor; a clicked step moves the cursor (the secondary's step through the
 * operation link, as compare's cursors are linked). */
export function SourcePane({
  side = 'primary',
  suffix = '',
}: {
  side?: Side;
  suffix?: string;
}) {
  const at = useStepView(side);
  const primary = useRun('primary');
  if (at === undefined) return null;
  const jump =
    side === 'primary' || primary === undefined
      ? nav.seek
      : (seq: number) => {
          nav.seek(linkByOp(at.run, primary, seq));
        };
  return (
    <SourceView
      run={at.run}
      view={at.view}
      onJump={jump}
      suffix={suffix}
      testId={`source-${side}`}
    />
  );
}

interface ViewProps {
  readonly run: Run;
  readonly view: StepView;
  readonly onJump: (seq: number) => void;
  /** Told after the panel's and the call stack's names in compare (" — v1-posted"). */
  readonly suffix?: string;
  readonly testId?: string;
}

/** The most steps listed for one line (a line in a loop can run thousands of times). */
const MAX_STEPS = 200;

export function SourceView({
  run,
  view,
  onJump,
  suffix = '',
  testId = 'source-primary',
}: ViewProps) {
  const design = run.variant;
  const frames = useMemo(
    () => framesAt(view.event, view.state.stack, design),
    [view.event, view.state.stack, design],
  );
  // An outer frame picked at this step; moving the cursor shows the innermost frame again.
  const [picked, setPicked] = useState<number | null>(null);
  const [pickedAt, setPickedAt] = useState(view.seq);
  if (pickedAt !== view.seq) {
    setPickedAt(view.seq);
    setPicked(null);
  }
  const shown =
    picked !== null && picked < frames.length ? picked : frames.length - 1;
  const frame = frames[shown];
  const [selected, setSelected] = useState<{ fn: string; line: string } | null>(
    null,
  );
  // Counted once the whole run is here (a streaming run would be re-scanned at every batch).
  const index = useMemo(
    () => (run.complete ? indexLines(run.events, design) : undefined),
    [run.complete, run.events, design],
  );
  if (frame === undefined) return null;
  const listing = frame.listing;
  const selectedLine =
    listing !== undefined && selected?.fn === listing.fn
      ? listing.lines.find((l) => l.id === selected.line)
      : undefined;
  return (
    <Panel title={`Source${suffix}`} testId={testId} className="source-pane">
      {/* The frames and the listing's origin, whole (wrapped): a user needs every frame and the link. */}
      <div className="source-head">
        <nav aria-label={`Call stack${suffix}`}>
          <ol className="source-frames mono">
            {frames.map((f, i) => (
              <li key={`${String(i)}-${f.fn}`}>
                <button
                  type="button"
                  aria-current={i === shown ? 'true' : undefined}
                  onClick={() => {
                    setPicked(i);
                  }}
                >
                  {frameLabel(f.fn)}
                </button>
              </li>
            ))}
          </ol>
        </nav>
        {listing === undefined ? (
          <p className="hint">
            The engine runs {frameLabel(frame.fn)} here, but no listing of it is
            written: the built-in scenarios never reach it.
          </p>
        ) : (
          <ListingHeader listing={listing} />
        )}
      </div>
      {listing !== undefined && (
        <>
          <ListingLines
            listing={listing}
            current={frame.line}
            selected={selectedLine?.id}
            counts={index}
            onSelect={(line) => {
              setSelected(
                selectedLine?.id === line.id
                  ? null
                  : { fn: listing.fn, line: line.id },
              );
            }}
          />
          {selectedLine !== undefined && (
            <LineSteps
              listing={listing}
              line={selectedLine}
              steps={
                index === undefined
                  ? undefined
                  : stepsOf(index, listing, selectedLine)
              }
              events={run.events}
              cursor={view.seq}
              onJump={onJump}
            />
          )}
        </>
      )}
    </Panel>
  );
}

function ListingHeader({ listing }: { listing: Listing }) {
  const patches = patchesOf(listing);
  return (
    <div className="source-origin">
      <p>
        {originText(listing)}
        {originLinks(listing).map((link) => (
          <a key={link.href} href={link.href} target="_blank" rel="noreferrer">
            {link.label}
          </a>
        ))}
      </p>
      {patches.length > 0 && (
        <p>
          Lines marked + or ± are added or changed by{' '}
          {patches.map((p, i) => (
            <span key={p.href}>
              {i > 0 && ', '}
              {/* The short name keeps the line to one line; the title says the whole subject. */}
              <a href={p.href} target="_blank" rel="noreferrer" title={p.label}>
                {p.short}
              </a>
            </span>
          ))}
        </p>
      )}
    </div>
  );
}

interface LinesProps {
  readonly listing: Listing;
  readonly current: string | undefined;
  readonly selected: string | undefined;
  readonly counts: ReadonlyMap<string, readonly number[]> | undefined;
  readonly onSelect: (line: SourceLine) => void;
}

function ListingLines({
  listing,
  current,
  selected,
  counts,
  onSelect,
}: LinesProps) {
  const box = useRef<HTMLDivElement>(null);
  // The listing scrolls on its own: keep the current line inside it (a line of context beyond it) without
  // moving the stage's column.
  useKeepInView(box, 'li.current', 1, [current, listing]);
  return (
    // The listing's note follows its lines (a footnote to them), so the head above keeps to the frames and
    // the origin and the lines get the room.
    <div ref={box} className="source-scroll">
      <ol
        className="source-lines mono"
        aria-label={`${frameLabel(listing.fn)}, pseudo-C`}
      >
        {listing.lines.map((line, i) => {
          const n =
            counts === undefined
              ? undefined
              : stepsOf(counts, listing, line).length;
          const mark =
            line.diff === undefined
              ? ''
              : line.diff.change === 'added'
                ? '+'
                : '±';
          const classes = [
            line.id === current ? 'current' : '',
            line.diff === undefined ? '' : 'diff',
            line.notRun === undefined ? '' : 'not-run',
          ].join(' ');
          return (
            <li
              key={line.id}
              className={classes}
              data-line={line.id}
              aria-current={line.id === current ? 'step' : undefined}
            >
              <button
                type="button"
                aria-pressed={line.id === selected}
                aria-label={`Line ${String(i + 1)}: ${line.text}${line.diff === undefined ? '' : `, ${markText(line.diff)}`}${n === undefined ? '' : `; ran ${String(n)} times`}`}
                title={
                  line.diff === undefined ? undefined : markText(line.diff)
                }
                onClick={() => {
                  onSelect(line);
                }}
              >
                <span className="ln" aria-hidden="true">
                  {i + 1}
                </span>
                <span className="mark" aria-hidden="true">
                  {mark}
                </span>
                <span className="hits" aria-hidden="true">
                  {n === undefined || n === 0 ? '' : `${String(n)}×`}
                </span>
                <code style={{ paddingLeft: `${String(line.depth * 2)}ch` }}>
                  {line.text}
                </code>
              </button>
            </li>
          );
        })}
      </ol>
      {listing.note !== undefined && (
        <p className="hint source-note">{listing.note}</p>
      )}
    </div>
  );
}

interface StepsProps {
  readonly listing: Listing;
  readonly line: SourceLine;
  readonly steps: readonly number[] | undefined;
  readonly events: readonly StepEvent[];
  readonly cursor: number;
  readonly onJump: (seq: number) => void;
}

function LineSteps({
  listing,
  line,
  steps,
  events,
  cursor,
  onJump,
}: StepsProps) {
  const n = listing.lines.indexOf(line) + 1;
  const withLine =
    line.with === undefined
      ? undefined
      : listing.lines.findIndex((l) => l.id === line.with) + 1;
  const before = steps?.filter((s) => s < cursor).at(-1);
  const after = steps?.find((s) => s > cursor);
  return (
    <section className="source-steps" aria-label="Steps that ran this line">
      <h3>
        Line {n}:{' '}
        {steps === undefined
          ? ''
          : `${String(steps.length)} step${steps.length === 1 ? '' : 's'} ran it`}
      </h3>
      {line.notRun !== undefined && (
        <p className="hint">
          Never runs in the built-in scenarios: {line.notRun}.
        </p>
      )}
      {withLine !== undefined && (
        <p className="hint">
          Straight-line code without a step of its own: it runs with line{' '}
          {withLine}.
        </p>
      )}
      {steps === undefined ? (
        <p className="hint">Counted when the whole run has arrived.</p>
      ) : steps.length === 0 ? (
        line.notRun === undefined && (
          <p className="hint">No step of this run executed it.</p>
        )
      ) : (
        <>
          <div className="source-step-nav">
            <button
              type="button"
              disabled={before === undefined}
              onClick={() => {
                if (before !== undefined) onJump(before);
              }}
            >
              ◀ Earlier run of this line
            </button>
            <button
              type="button"
              disabled={after === undefined}
              onClick={() => {
                if (after !== undefined) onJump(after);
              }}
            >
              Later run of this line ▶
            </button>
          </div>
          <ol className="source-step-list">
            {steps.slice(0, MAX_STEPS).map((seq) => {
              const e = events[seq];
              return (
                <li key={seq}>
                  <button
                    type="button"
                    className={seq === cursor ? 'here' : ''}
                    onClick={() => {
                      onJump(seq);
                    }}
                  >
                    Step {seq}
                    {seq === cursor ? ' (here)' : ''}: {e?.kind}
                    {e === undefined ? '' : ` — ${e.note}`}
                  </button>
                </li>
              );
            })}
          </ol>
          {steps.length > MAX_STEPS && (
            <p className="hint">
              The first {MAX_STEPS} of {steps.length}; the buttons above walk
              through all of them.
            </p>
          )}
        </>
      )}
    </section>
  );
}
