// The start screen, in the guide drawer beside the live stage (on a first visit, the demo of firstVisit.ts):
// shown on a bare first visit and from the header's "Start screen" button. Three ways in, all at its top: the
// free visualizer, the tutorials with the learner's progress, and the patch-review walkthrough's chapters,
// listed from data-only catalogs (a guide's code loads when it opens). A link that named a tutorial or checkpoint that does not exist lands here with the
// reason.

import { useEffect, useRef } from 'react';
import { useAppStore } from '../store/appStore.ts';
import { TUTORIAL_CATALOG } from '../tutorials/catalog.ts';
import type { Guides } from '../guide/guides.ts';
import { WALKTHROUGH_CHAPTERS } from '../walkthrough/chapters.ts';
import { DEMO_SCENARIO, DEMO_VARIANT } from './firstVisit.ts';
import { progressText } from './progressText.ts';

interface Props {
  readonly guides: Guides;
}

export function StartScreen({ guides }: Props) {
  const open = useAppStore((s) => s.startOpen);
  const notice = useAppStore((s) => s.startNotice);
  const progress = useAppStore((s) => s.tutorialProgress);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (open && document.activeElement?.closest('.app-header') !== null)
      heading.current?.focus();
  }, [open]);
  if (!open) return null;
  return (
    <section
      className="start-screen"
      id="start-screen"
      aria-labelledby="start-title"
      data-testid="start-screen"
    >
      <h2 id="start-title" ref={heading} tabIndex={-1}>
        Start here
      </h2>
      <p className="start-intro">
        Beside this list, {DEMO_SCENARIO} runs under the series as posted (
        {DEMO_VARIANT}) and stops where the oracle catches it zeroing old bytes:
        the bug the review found. Step it, play it, or take a way in:
      </p>
      <ul className="ways-in" aria-label="Three ways in">
        <li>
          <strong>Explore</strong>
          <span className="start-note">any scenario, any design</span>
          <button
            type="button"
            className="primary"
            onClick={() => {
              guides.explore();
            }}
          >
            Open the visualizer
          </button>
        </li>
        <li>
          <strong>Tutorials</strong>
          <span className="start-note">
            {TUTORIAL_CATALOG.length} guided lessons
          </span>
          <a href="#start-tutorials">the lessons ↓</a>
        </li>
        <li>
          <strong>Patch review</strong>
          <span className="start-note">
            {WALKTHROUGH_CHAPTERS.length} chapters, one per patch
          </span>
          <a href="#start-walkthrough">the chapters ↓</a>
        </li>
      </ul>
      {notice !== null && (
        <p className="notice bad" role="alert" data-testid="start-notice">
          {notice}
        </p>
      )}
      <div className="start-columns">
        <section aria-labelledby="start-tutorials">
          <h3 id="start-tutorials">Tutorials</h3>
          <ol className="start-list" data-testid="start-tutorials">
            {TUTORIAL_CATALOG.map((t) => {
              const p = progress[t.id];
              const resume = Math.min(
                Math.max((p?.reached ?? 1) - 1, 0),
                t.checkpoints - 1,
              );
              return (
                <li key={t.id} data-testid={`start-tutorial-${t.id}`}>
                  <a
                    href={`?tutorial=${t.id}&checkpoint=${String(resume + 1)}`}
                    onClick={(e) => {
                      e.preventDefault();
                      void guides
                        .tutorials()
                        .then((tutorials) => tutorials.open(t.id, resume));
                    }}
                  >
                    {t.title}
                  </a>{' '}
                  <span className="start-note">({t.scenario})</span>
                  <span
                    className="start-progress"
                    data-testid={`progress-${t.id}`}
                  >
                    {progressText(t, p)}
                  </span>
                  <span className="start-summary">{t.summary}</span>
                </li>
              );
            })}
          </ol>
        </section>
        <section aria-labelledby="start-walkthrough">
          <h3 id="start-walkthrough">Patch review</h3>
          <p className="start-note">
            The v1 “Btrfs iomap” series (2019), one chapter per patch, each
            design run side by side.
          </p>
          <ol className="start-list" data-testid="start-walkthrough">
            {WALKTHROUGH_CHAPTERS.map((c) => (
              <li key={c.id}>
                <a
                  href={`?walkthrough=${encodeURIComponent(c.id)}`}
                  onClick={(e) => {
                    e.preventDefault();
                    void guides
                      .walkthrough()
                      .then((walkthrough) => walkthrough.open(c.id));
                  }}
                >
                  {c.title}
                </a>
                <span className="start-summary">{c.summary}</span>
              </li>
            ))}
          </ol>
        </section>
      </div>
    </section>
  );
}
