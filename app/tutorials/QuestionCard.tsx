// A checkpoint's "what happens next?" question: the options as radio buttons (in the question's own display
// order, so the right one is not always first), a check button, and the verdict. A wrong try says so and
// leaves the other options open; the explanation comes once the right option is found or shown. The
// verdicts come from the engine's state at the next checkpoint (see tutorialActions), never from the text.

import { useId, useState } from 'react';
import type { SavedAnswer } from '../store/tutorialSlice.ts';
import type { Question, QuestionOption } from './types.ts';

interface Props {
  readonly question: Question;
  /** The options in the order to show them. */
  readonly options: readonly QuestionOption[];
  /** The learner's tries so far (saved progress). */
  readonly saved: SavedAnswer | undefined;
  readonly onAnswer: (choice: string) => void;
  readonly onReveal: () => void;
}

function labelOf(question: Question, id: string | undefined): string {
  return question.options.find((o) => o.id === id)?.label ?? '';
}

export function QuestionCard({
  question,
  options,
  saved,
  onAnswer,
  onReveal,
}: Props) {
  const id = useId();
  const tried = saved?.tried ?? [];
  const right = saved?.right ?? null;
  const settled = right !== null;
  const last = tried.at(-1);
  const [choice, setChoice] = useState<string | null>(right ?? null);
  const wrongTried = (o: QuestionOption) =>
    tried.includes(o.id) && o.id !== right;
  const selectable = choice !== null && !settled && !tried.includes(choice);
  return (
    <form
      className="question"
      data-testid="tutorial-question"
      onSubmit={(e) => {
        e.preventDefault();
        if (selectable) onAnswer(choice);
      }}
    >
      <fieldset>
        <legend>Predict: {question.prompt}</legend>
        {options.map((o) => (
          <label
            key={o.id}
            className={
              o.id === right
                ? 'option right'
                : wrongTried(o)
                  ? 'option tried'
                  : 'option'
            }
          >
            <input
              type="radio"
              name={id}
              value={o.id}
              checked={choice === o.id}
              disabled={settled || wrongTried(o)}
              onChange={() => {
                setChoice(o.id);
              }}
            />
            {o.label}
            {wrongTried(o) && <span className="option-mark"> ✗ not this</span>}
            {o.id === right && (
              <span className="option-mark"> ✓ the engine’s answer</span>
            )}
          </label>
        ))}
      </fieldset>
      <button type="submit" disabled={!selectable}>
        Check answer
      </button>
      <div role="status" aria-live="polite">
        {last !== undefined && !settled && (
          <div
            className="verdict bad"
            data-testid="answer-feedback"
            data-correct="false"
            data-settled="false"
          >
            <p>
              <strong>Not quite.</strong> The engine’s next checkpoint does not
              show “{labelOf(question, last)}”. Try again.{' '}
              <button type="button" className="link-button" onClick={onReveal}>
                Show the answer
              </button>
            </p>
          </div>
        )}
        {settled && (
          <div
            className={last === right ? 'verdict ok' : 'verdict'}
            data-testid="answer-feedback"
            data-correct={last === right ? 'true' : 'false'}
            data-settled="true"
          >
            <p>
              <strong>
                {last !== right
                  ? 'The answer:'
                  : saved?.firstTry === true
                    ? 'Right, on the first try.'
                    : `Right, on try ${String(tried.length)}.`}
              </strong>{' '}
              The engine’s next checkpoint shows: {labelOf(question, right)}.
            </p>
            <p>{question.explanation}</p>
          </div>
        )}
      </div>
    </form>
  );
}
