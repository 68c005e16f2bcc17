// The tutorial beside the visualizer: where the lesson stands, the checkpoint's narration, what to look at,
// the states it claims (checked against the engine at the checkpoint), the prediction question, and the
// buttons to move between checkpoints, restart or leave.

import { useEffect, useMemo } from 'react';
import { useRun } from '../hooks/useRun.ts';
import { useAppStore } from '../store/appStore.ts';
import { ClaimList } from './ClaimList.tsx';
import { findTutorial } from './library/index.ts';
import { lookLabel, reveal } from './lookLabels.ts';
import { displayOrder, questionKey } from './optionOrder.ts';
import { QuestionCard } from './QuestionCard.tsx';
import { stateAt, type TutorialActions } from './tutorialActions.ts';

interface Props {
  readonly actions: TutorialActions;
}

export function TutorialPanel({ actions }: Props) {
  const active = useAppStore((s) => s.tutorial);
  const cursor = useAppStore((s) => s.cursor);
  const progress = useAppStore((s) =>
    s.tutorial === null ? undefined : s.tutorialProgress[s.tutorial.id],
  );
  const setGuide = useAppStore((s) => s.setGuide);
  const run = useRun('primary');
  const tutorial = active === null ? undefined : findTutorial(active.id);
  const seq = active?.seqs[active.checkpoint];
  const states = useMemo(
    () =>
      run === undefined || seq === undefined
        ? undefined
        : { state: stateAt(run, seq), start: stateAt(run, 0) },
    [run, seq],
  );
  // A checkpoint brings what it asks the learner to look at into view (the stage's columns scroll, the
  // page does not), once the run it looks at is on screen.
  const firstLook =
    active === null
      ? undefined
      : tutorial?.checkpoints[active.checkpoint]?.look[0];
  const shown = run !== undefined;
  useEffect(() => {
    if (firstLook !== undefined && shown) reveal(firstLook, 'nearest');
  }, [firstLook, seq, shown]);
  if (active === null || tutorial === undefined || seq === undefined)
    return null;
  const index = active.checkpoint;
  const cp = tutorial.checkpoints[index];
  if (cp === undefined) return null;
  const count = tutorial.checkpoints.length;
  const last = index === count - 1;
  return (
    <aside
      className="tutorial-panel"
      aria-labelledby="tutorial-title"
      data-testid="tutorial"
    >
      <p className="eyebrow">
        Tutorial · {tutorial.scenario} under {tutorial.variant}
      </p>
      <h2 id="tutorial-title">{tutorial.title}</h2>
      <nav aria-label="Checkpoints">
        <ol className="checkpoint-steps">
          {tutorial.checkpoints.map((c, i) => (
            <li key={i}>
              <button
                type="button"
                aria-current={i === index ? 'step' : undefined}
                aria-label={`Checkpoint ${String(i + 1)}: ${c.title}`}
                className={i < (progress?.reached ?? 0) ? 'reached' : ''}
                onClick={() => {
                  actions.goTo(i);
                }}
              >
                {i + 1}
              </button>
            </li>
          ))}
        </ol>
      </nav>
      <h3 data-testid="tutorial-progress">
        Checkpoint {index + 1} of {count}: {cp.title}
      </h3>
      {cursor !== seq && (
        <p className="notice" data-testid="off-checkpoint">
          You are at step {cursor}; this checkpoint is step {seq}.{' '}
          <button
            type="button"
            onClick={() => {
              actions.goTo(index);
            }}
          >
            Back to the checkpoint
          </button>
        </p>
      )}
      <p className="narration-text" data-testid="tutorial-narration">
        {cp.narration}
      </p>
      <h3 id="tutorial-look-title">Look at</h3>
      <ul className="look" aria-labelledby="tutorial-look-title">
        {cp.look.map((id) => (
          <li key={id}>
            <button
              type="button"
              className="link-button"
              onClick={() => {
                reveal(id);
              }}
            >
              {lookLabel(id)}
            </button>
          </li>
        ))}
      </ul>
      {states !== undefined && (
        <ClaimList
          claims={cp.claims}
          state={states.state}
          start={states.start}
          seq={seq}
        />
      )}
      {cp.question !== undefined && (
        <QuestionCard
          key={`${tutorial.id}:${String(index)}`}
          question={cp.question}
          options={displayOrder(
            questionKey(tutorial.id, index),
            cp.question.options,
          )}
          saved={progress?.answers[String(index)]}
          onAnswer={(choice) => {
            actions.answer(choice);
          }}
          onReveal={() => {
            actions.reveal();
          }}
        />
      )}
      {last && (
        <p className="notice ok" data-testid="tutorial-complete">
          That was the last checkpoint of this tutorial.
        </p>
      )}
      <div className="tutorial-nav">
        <button
          type="button"
          disabled={index === 0}
          onClick={() => {
            actions.goTo(index - 1);
          }}
        >
          Previous checkpoint
        </button>
        <button
          type="button"
          className="primary"
          disabled={last}
          onClick={() => {
            actions.goTo(index + 1);
          }}
        >
          Next checkpoint
        </button>
        <button
          type="button"
          onClick={() => {
            actions.restart();
          }}
        >
          Restart tutorial
        </button>
        <button
          type="button"
          onClick={() => {
            actions.leave();
            setGuide({ startOpen: true });
          }}
        >
          Leave tutorial
        </button>
      </div>
    </aside>
  );
}
