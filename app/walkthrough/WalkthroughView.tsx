// The patch-review walkthrough: the open chapter (what the patch changes, which designs stand for before
// and after), its stops as a numbered list, and the current stop: its text, what the engine computes for
// it, and the review points at that step. The compare view below shows the two runs; this view drives
// it through walkthroughActions. Renders nothing while no chapter is open.

import { builtinFor } from '../model/designChoice.ts';
import { useId, useMemo } from 'react';
import { loreUrl } from './lore.ts';
import { PatchLines } from './PatchLines.tsx';
import { ReviewPoints } from './ReviewPoints.tsx';
import { StopFacts } from './StopFacts.tsx';
import { choiceSelectProps } from '../client/focusStage.ts';
import type { WalkthroughActions } from './walkthroughActions.ts';
import type { WalkthroughStop } from './walkthroughModel.ts';
import { CHAPTERS, chapterById } from './walkthroughContent.ts';
import { useWalkthroughStore } from './walkthroughStore.ts';
import { KernelText } from '../viz/KernelText.tsx';

interface Props {
  readonly actions: WalkthroughActions;
}

export function WalkthroughView({ actions }: Props) {
  const location = useWalkthroughStore((s) => s.location);
  const headingId = useId();
  const chapterIndex =
    location === null
      ? -1
      : CHAPTERS.findIndex((c) => c.id === location.chapterId);
  const chapter = chapterById(location?.chapterId ?? '');
  const stopIndex = location?.stop ?? 0;
  const stop = chapter?.stops[stopIndex];

  const keys = useMemo(
    () => ({
      prevStop: () => {
        actions.move('prevStop');
      },
      nextStop: () => {
        actions.move('nextStop');
      },
      prevChapter: () => {
        actions.move('prevChapter');
      },
      nextChapter: () => {
        actions.move('nextChapter');
      },
      goStop: (i: number) => {
        if (chapter !== undefined) void actions.open(chapter.id, i);
      },
    }),
    [actions, chapter],
  );

  if (chapter === undefined || stop === undefined) return null;
  const lastStop = stopIndex === chapter.stops.length - 1;
  const lastChapter = chapterIndex === CHAPTERS.length - 1;
  return (
    <section
      className="walkthrough"
      aria-labelledby={headingId}
      data-testid="walkthrough"
      data-chapter={chapter.id}
      data-stop={stopIndex + 1}
    >
      <div className="wt-bar">
        <p className="wt-kicker">
          Patch-review walkthrough: chapter {chapterIndex + 1} of{' '}
          {CHAPTERS.length}
        </p>
        <nav aria-label="Walkthrough chapters" className="wt-chapter-nav">
          <button
            type="button"
            disabled={chapterIndex === 0}
            aria-keyshortcuts="{"
            onClick={keys.prevChapter}
          >
            ← Previous chapter
          </button>
          <label>
            Chapter{' '}
            <select
              value={chapter.id}
              {...choiceSelectProps((id) => {
                void actions.open(id, 0);
              })}
            >
              {CHAPTERS.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.title}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            disabled={lastChapter}
            aria-keyshortcuts="}"
            onClick={keys.nextChapter}
          >
            Next chapter →
          </button>
          <button
            type="button"
            onClick={() => {
              actions.close();
            }}
          >
            Close walkthrough
          </button>
        </nav>
      </div>
      <h2 id={headingId} data-testid="walkthrough-chapter-title">
        {chapter.title}
      </h2>
      <p className="wt-changes">
        {chapter.changes}{' '}
        <a
          href={loreUrl(chapter.patch.messageId)}
          target="_blank"
          rel="noreferrer"
          data-testid="walkthrough-patch-link"
        >
          {chapter.patch.label} on lore
        </a>
      </p>
      <details className="wt-designs">
        <summary>Which designs stand for before and after</summary>
        <p>{chapter.designs}</p>
      </details>
      <nav aria-label="Stops in this chapter">
        <ol className="wt-stops">
          {chapter.stops.map((s, i) => (
            <li key={s.title}>
              <button
                type="button"
                aria-current={i === stopIndex ? 'step' : undefined}
                onClick={() => {
                  keys.goStop(i);
                }}
              >
                {i + 1}. <KernelText text={s.title} />
              </button>
            </li>
          ))}
        </ol>
      </nav>
      <div className="wt-body">
        <div className="wt-stop">
          <h3 data-testid="walkthrough-stop-title">
            Stop {stopIndex + 1} of {chapter.stops.length}:{' '}
            <KernelText text={stop.title} />
          </h3>
          <SetupLine stop={stop} />
          <p>{stop.text}</p>
          <StopFacts
            stop={stop}
            onReshow={() => {
              void actions.reshow();
            }}
          />
          <PatchLines chapter={chapter} stop={stop} />
          <div className="wt-stop-nav">
            <button
              type="button"
              disabled={stopIndex === 0}
              aria-keyshortcuts="["
              onClick={keys.prevStop}
            >
              ← Previous stop
            </button>
            {lastStop ? (
              <button
                type="button"
                disabled={lastChapter}
                aria-keyshortcuts="}"
                onClick={keys.nextChapter}
              >
                Next chapter →
              </button>
            ) : (
              <button
                type="button"
                aria-keyshortcuts="]"
                onClick={keys.nextStop}
              >
                Next stop →
              </button>
            )}
            <span className="hint">
              Keys: [ and ] for stops, {'{'} and {'}'} for chapters.
            </span>
          </div>
        </div>
        <div className="wt-points">
          <h3>Review</h3>
          <ReviewPoints points={stop.review} />
        </div>
      </div>
    </section>
  );
}

/** Which runs a stop shows: the scenario under each design, and the twin a design of the other filesystem runs. */
function SetupLine({ stop }: { readonly stop: WalkthroughStop }) {
  const twin = builtinFor(stop.scenario, stop.compare);
  return (
    <p className="wt-setup">
      {stop.scenario}: <strong>{stop.primary}</strong> (left) beside{' '}
      <strong>{stop.compare}</strong> (right)
      {twin !== stop.scenario &&
        ` on ${twin}, its version for the other filesystem`}
    </p>
  );
}
