// The scenario and design in one line under the header: reserved before the run arrives (no layout shift),
// shown whole on hover and on keyboard focus, over what is below it (never pushing the stage down).

import { DESIGNS } from '@engine';
import { useRun } from '../hooks/useRun.ts';
import { useAppStore } from '../store/appStore.ts';

export function ScenarioSummary() {
  const variant = useAppStore((s) => s.variant);
  const run = useRun('primary');
  return (
    <div className="scenario-summary-line">
      {run !== undefined && (
        <p
          className="hint scenario-summary"
          data-testid="scenario-summary"
          tabIndex={0}
        >
          <strong>
            {run.scenario.id}: {run.scenario.title}
          </strong>{' '}
          — {run.scenario.description} <em>Design {variant}:</em>{' '}
          {DESIGNS[variant].summary}
        </p>
      )}
    </div>
  );
}
