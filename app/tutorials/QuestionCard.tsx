// A checkpoint's "what happens next?" question: options as radio buttons, a check button, and the verdict
// with the explanation. The verdict comes from the engine's state at the next checkpoint (see
// tutorialActions.answer), never from the lesson text.

import { useId, useState } from 'react';
import type { SavedAnswer } from '../store/tutorialSlice.ts';
import type { Question } from './types.ts';

interface Props {
  readonly question: Question;
  /** The learner's last answer (saved progress): the verdict shown. */
  readonly saved: SavedAnswer | undefined;
  readonly onAnswer: (choice: string) => void;
}

export function QuestionCard({ question, saved, onAnswer }: Props) {
  const id = useId();
  const [choice, setChoice] = useState<string | null>(saved?.choice ?? null);
  const verdict = saved ?? null;
  const answeredLabel = question.options.find(
    (o) => o.id === verdict?.choice,
  )?.label;
  return (
    <form
      className="question"
      data-testid="tutorial-question"
      onSubmit={(e) => {
        e.preventDefault();
        if (choice === null) return;
        onAnswer(choice);
      }}
    >
      <fieldset>
        <legend>Predict: {question.prompt}</legend>
        {question.options.map((o) => (
          <label key={o.id} className="option">
            <input
              type="radio"
              name={id}
              value={o.id}
              checked={choice === o.id}
              onChange={() => {
                setChoice(o.id);
              }}
            />
            {o.label}
          </label>
        ))}
      </fieldset>
      <button type="submit" disabled={choice === null}>
        Check answer
      </button>
      <div role="status" aria-live="polite">
        {verdict !== null && (
          <div
            className={verdict.correct ? 'verdict ok' : 'verdict bad'}
            data-testid="answer-feedback"
            data-correct={verdict.correct ? 'true' : 'false'}
          >
            <p>
              <strong>{verdict.correct ? 'Right.' : 'Not quite.'}</strong>{' '}
              {verdict.correct
                ? `The engine's next checkpoint shows: ${answeredLabel ?? ''}.`
                : `The engine's next checkpoint does not show “${answeredLabel ?? ''}”. Try another answer, or go on and see.`}
            </p>
            <p>{question.explanation}</p>
          </div>
        )}
      </div>
    </form>
  );
}
