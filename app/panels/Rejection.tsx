// Why a scenario was not accepted: every bad field with its path, as the engine's validator reported it.

import { useAppStore } from '../store/appStore.ts';

export function Rejection() {
  const rejection = useAppStore((s) => s.rejection);
  const setSession = useAppStore((s) => s.setSession);
  if (rejection === null) return null;
  // A valid scenario under a design of the other filesystem (or a power cut XFS does not take) is refused
  // by the worker with the reason; it is not an invalid scenario.
  const refused = rejection.errors.every(
    (e) => e.path === 'filesystem' || e.path === 'cut',
  );
  return (
    <div className="notice bad" role="alert" data-testid="scenario-errors">
      <strong>
        {rejection.origin} {refused ? 'was not run' : 'is not a valid scenario'}{' '}
        ({rejection.errors.length} problem
        {rejection.errors.length === 1 ? '' : 's'}); the previous scenario is
        still shown.
      </strong>
      <ul className="errors">
        {rejection.errors.map((e) => (
          <li key={`${e.path}:${e.message}`}>
            <code>{e.path}</code>: {e.message}
          </li>
        ))}
      </ul>
      <button
        type="button"
        onClick={() => {
          setSession({ rejection: null });
        }}
      >
        Dismiss
      </button>
    </div>
  );
}
