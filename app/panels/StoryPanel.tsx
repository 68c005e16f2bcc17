// Call stack and narration: the kernel-function frames at this step and one sentence of why it happens
// (the steps around this one are RecentSteps, in the stage's side column). One rule: the panel keeps one
// height whatever the step says, so nothing below it moves while a run plays: the narration takes the room it
// needs and the call stack the rest, scrolling inside with the innermost frame kept in view.

import { useRef } from 'react';
import { useKeepInView } from '../hooks/useKeepInView.ts';
import { opLabel } from '../client/runRegistry.ts';
import { useStepView, type StagePanelProps } from '../hooks/useRun.ts';
import { Panel } from './Panel.tsx';

export function StoryPanel({ side, suffix = '' }: StagePanelProps) {
  const at = useStepView(side);
  const frames = useRef<HTMLDivElement>(null);
  const stack = at?.view.state.stack;
  useKeepInView(frames, 'li.top', 0, [stack]);
  if (at === undefined || stack === undefined) return null;
  const { run, view } = at;
  const event = view.event;
  const op = event?.op ?? -1;
  const opText =
    op < 0
      ? 'Setup: the prepared filesystem is mounted.'
      : `Operation ${String(op + 1)} of ${String(run.opCount)}: ${opLabel(run, op)}`;
  return (
    <Panel
      title={`Narration and call stack${suffix}`}
      className="story-panel"
      testId={`story-${side}`}
    >
      <p className="hint story-op" title={opText}>
        {opText}
      </p>
      <p
        className="narration"
        data-testid={`narration-${side}`}
        aria-live="polite"
        tabIndex={0}
      >
        <span className="event-kind mono">{event?.kind ?? '—'}</span>
        {event?.note ?? 'Before the first step.'}
      </p>
      <h3>Call stack</h3>
      <div className="story-frames" ref={frames}>
        {stack.length === 0 ? (
          <p className="hint">No kernel function is running (user space).</p>
        ) : (
          <ol
            className="stack mono"
            aria-label="Kernel call stack, outermost first"
            data-testid={`stack-${side}`}
            tabIndex={0}
          >
            {stack.map((fn, i) => (
              <li
                key={`${String(i)}-${fn}`}
                className={i === stack.length - 1 ? 'top' : ''}
                style={{ paddingLeft: 6 + i * 10 }}
              >
                {fn}
              </li>
            ))}
          </ol>
        )}
      </div>
    </Panel>
  );
}
