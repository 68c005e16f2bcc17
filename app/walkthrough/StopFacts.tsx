// What the engine says about the current stop, computed from the two runs on screen: the step the stop is
// about, where the runs first diverge, the data verdicts, and the counters that differ. A contradiction
// between the stop's text and the engine is shown as an alert, never hidden.

import { builtinFor } from '../model/designChoice.ts';
import { useRun } from '../hooks/useRun.ts';
import { nav } from '../client/navActions.ts';
import type { Run } from '../client/runRegistry.ts';
import { countersDiffer } from '../model/divergence.ts';
import { COUNTER_LABELS, sharedCounterKeys } from '../panels/countersModel.ts';
import { size } from '../viz/format.ts';
import {
  countersProblem,
  differingCounters,
  oracleProblem,
  oracleVerdict,
  resolveStop,
} from './resolveStop.ts';
import type { WalkthroughStop } from './walkthroughModel.ts';
import { KernelText } from '../viz/KernelText.tsx';

interface Props {
  readonly stop: WalkthroughStop;
  readonly onReshow: () => void;
}

function verdictText(ok: boolean | null): string {
  if (ok === null) return 'no verdict';
  return ok ? 'data intact' : 'DATA LOSS';
}

function stepText(run: Run, seq: number): string {
  const e = run.events[seq];
  if (e === undefined) return '';
  return `${e.kfn === '' ? e.kind : e.kfn}: ${e.note}`;
}

export function StopFacts({ stop, onReshow }: Props) {
  const a = useRun('primary');
  const b = useRun('secondary');
  const matches =
    a !== undefined &&
    b !== undefined &&
    a.scenario.id === stop.scenario &&
    a.variant === stop.primary &&
    b.scenario.id === builtinFor(stop.scenario, stop.compare) &&
    b.variant === stop.compare;
  if (!matches || !a.complete || !b.complete) {
    return (
      <div
        className="wt-facts"
        data-testid="walkthrough-facts"
        data-ready="false"
      >
        <p>
          {matches
            ? 'Running the two designs…'
            : 'The view now shows other runs than this stop.'}{' '}
          {!matches && (
            <button type="button" onClick={onReshow}>
              Show this stop again
            </button>
          )}
        </p>
      </div>
    );
  }
  const resolved = resolveStop(stop.anchor, a.events, b.events);
  const shared = sharedCounterKeys(stop.primary, stop.compare);
  const measured = differingCounters(a.outcomes, b.outcomes, shared);
  const problems = [
    resolved.problem,
    oracleProblem(stop.oracle, a.events, b.events),
    countersProblem(stop.countersDiffer, measured),
  ].filter((p): p is string => p !== null);
  const va = oracleVerdict(a.events, 0);
  const vb = oracleVerdict(b.events, 0);
  return (
    <div
      className="wt-facts"
      data-testid="walkthrough-facts"
      data-ready="true"
      data-step={resolved.step}
    >
      {problems.length > 0 && (
        <div
          role="alert"
          className="wt-problem"
          data-testid="walkthrough-problem"
        >
          The engine disagrees with this stop: {problems.join('; ')}.
        </div>
      )}
      <dl className="wt-facts-list">
        <dt>This stop</dt>
        <dd data-testid="walkthrough-step">
          step {resolved.step} of {a.events.length - 1} ({stop.primary}):{' '}
          <span className="mono">{stepText(a, resolved.step)}</span>{' '}
          <button
            type="button"
            onClick={() => {
              nav.seek(resolved.step);
            }}
          >
            Go to step {resolved.step}
          </button>
        </dd>
        <dt>First divergence</dt>
        <dd data-testid="walkthrough-divergence">
          {resolved.divergence === null
            ? `none: the two runs take the same ${String(a.events.length)} steps`
            : `step ${String(resolved.divergence)}: ${stop.primary} ${stepText(a, resolved.divergence)} — ${stop.compare} ${stepText(b, resolved.divergence)}`}
        </dd>
        <dt>After the write</dt>
        <dd>
          <span data-testid="walkthrough-verdict-primary">
            {stop.primary}: {verdictText(va)}
          </span>
          {'; '}
          <span data-testid="walkthrough-verdict-compare">
            {stop.compare}: {verdictText(vb)}
          </span>
        </dd>
        <dt>Counters that differ</dt>
        <dd data-testid="walkthrough-counters">
          {measured.length === 0
            ? 'none'
            : a.outcomes.map((o, i) => {
                const other = b.outcomes[i];
                if (other === undefined) return null;
                const differ = countersDiffer(
                  o.counters,
                  other.counters,
                  shared,
                );
                if (differ.length === 0) return null;
                const values = COUNTER_LABELS.filter((c) =>
                  differ.includes(c.key),
                ).map((c) => {
                  const show = (n: number) => (c.bytes ? size(n) : String(n));
                  return `${c.label} ${show(o.counters[c.key])} vs ${show(other.counters[c.key])}`;
                });
                return (
                  <span key={o.op} className="wt-op-counters">
                    <KernelText
                      text={`${o.description}: ${values.join('; ')}`}
                    />
                  </span>
                );
              })}
        </dd>
      </dl>
    </div>
  );
}
