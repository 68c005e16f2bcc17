// Call stack and narration: the kernel-function frames at this step and one sentence of why it happens
// (the steps around this one are RecentSteps, in the stage's side column).

import { opLabel } from '../client/runRegistry.ts';
import { useStepView, type StagePanelProps } from '../hooks/useRun.ts';
import { Panel } from './Panel.tsx';

export function StoryPanel({ side, suffix = '' }: StagePanelProps) {
  const at = useStepView(side);
  if (at === undefined) return null;
  const { run, view } = at;
  const event = view.event;
  const op = event?.op ?? -1;
  const stack = view.state.stack;
  return (
    <Panel title={`Narration and call stack${suffix}`} testId={`story-${side}`}>
      <p className="hint">
        {op < 0
          ? 'Setup: the prepared filesystem is mounted.'
          : `Operation ${String(op + 1)} of ${String(run.opCount)}: ${opLabel(run, op)}`}
      </p>
      <p
        className="narration"
        data-testid={`narration-${side}`}
        aria-live="polite"
      >
        <span className="event-kind mono">{event?.kind ?? '—'}</span>
        {event?.note ?? 'Before the first step.'}
      </p>
      <h3>Call stack</h3>
      {stack.length === 0 ? (
        <p className="hint">No kernel function is running (user space).</p>
      ) : (
        <ol
          className="stack mono"
          aria-label="Kernel call stack, outermost first"
          data-testid={`stack-${side}`}
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
    </Panel>
  );
}
