// The states a checkpoint's narration asserts, each checked against the engine's state at the checkpoint
// and shown as a fact that holds (✓) or does not (✗, which means the lesson no longer matches the engine).

import type { ReducedState } from '@engine';
import { claimHolds, describeClaim } from './claims.ts';
import type { Claim } from './types.ts';

interface Props {
  readonly claims: readonly Claim[];
  readonly state: ReducedState;
  readonly start: ReducedState;
  readonly seq: number;
}

export function ClaimList({ claims, state, start, seq }: Props) {
  const checks = claims.map((c) => ({
    text: describeClaim(c),
    holds: claimHolds(c, { state, start }),
  }));
  const failing = checks.filter((c) => !c.holds).length;
  return (
    <section aria-labelledby="tutorial-claims-title">
      <h3 id="tutorial-claims-title">What the engine shows at step {seq}</h3>
      <ul className="claims" data-testid="tutorial-claims">
        {checks.map((c, i) => (
          <li
            key={i}
            data-testid={`claim-${String(i + 1)}`}
            data-holds={c.holds ? 'true' : 'false'}
            className={c.holds ? 'claim ok' : 'claim bad'}
          >
            <span aria-hidden="true" className="claim-mark">
              {c.holds ? '✓' : '✗'}
            </span>
            <span className="visually-hidden">
              {c.holds ? 'Holds: ' : 'Does not hold: '}
            </span>
            {c.text}
          </li>
        ))}
      </ul>
      {failing > 0 && (
        <p role="alert" className="notice bad" data-testid="claims-failing">
          {failing} of these statements do not hold in the engine: this lesson
          no longer matches the simulation.
        </p>
      )}
    </section>
  );
}
