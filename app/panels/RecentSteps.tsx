// The steps around the cursor, one line each (calls, returns and state changes), the current one marked:
// the run's recent history, in the stage's side column so the narration and the Source pane keep the head.

import { useStepView, type StagePanelProps } from '../hooks/useRun.ts';
import { Panel } from './Panel.tsx';

/** Steps listed before the current one (and one after it). */
const RECENT = 7;

export function RecentSteps({ side, suffix = '' }: StagePanelProps) {
  const at = useStepView(side);
  if (at === undefined) return null;
  const { run, view } = at;
  const first = Math.max(0, view.seq - RECENT + 1);
  const recent = run.events.slice(first, view.seq + 2);
  return (
    <Panel title={`Steps around here${suffix}`} testId={`recent-${side}`}>
      <ol className="recent mono" aria-label="Recent steps">
        {recent.map((e) => (
          <li
            key={e.seq}
            className={e.seq === view.seq ? 'current' : ''}
            aria-current={e.seq === view.seq ? 'step' : undefined}
            style={{ paddingLeft: e.depth * 8 }}
            title={e.note}
          >
            {String(e.seq).padStart(4, '\u2007')}{' '}
            {e.kind === 'call.enter'
              ? `→ ${e.fn}`
              : e.kind === 'call.exit'
                ? `← ${e.fn}`
                : `${e.kind}: ${e.note}`}
          </li>
        ))}
      </ol>
    </Panel>
  );
}
