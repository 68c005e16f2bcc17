// Counters and the data oracle's verdict for the operation at the cursor.

import { designFilesystem, type CountersRec } from '@engine';
import { opLabel } from '../client/runRegistry.ts';
import { useStepView, type StagePanelProps } from '../hooks/useRun.ts';
import { exact, size } from '../viz/format.ts';
import { countersFor, type CounterLabel } from './countersModel.ts';
import { Panel } from './Panel.tsx';

export function CountersPanel({ side, suffix = '' }: StagePanelProps) {
  const at = useStepView(side);
  if (at === undefined) return null;
  const { run, view } = at;
  const op = view.event?.op ?? -1;
  const title = `Counters and oracle${suffix}`;
  if (op < 0)
    return (
      <Panel title={title} testId={`counters-${side}`}>
        <p className="hint">Counters start with the first operation.</p>
      </Panel>
    );
  const counters = view.state.tables.counters.get(String(op));
  const result = view.state.tables.opResult.get(String(op));
  const fs = designFilesystem(run.variant);
  const shown = countersFor(fs);
  const changed = new Set<string>();
  for (const c of view.event?.changes ?? [])
    if (c.table === 'counters' && c.before !== null && c.after !== null)
      for (const { key } of shown)
        if (c.before[key] !== c.after[key]) changed.add(key);
  const description = opLabel(run, op);
  return (
    <Panel title={title} testId={`counters-${side}`}>
      <p className="hint">
        Operation {op + 1}: <span className="mono">{description}</span>
      </p>
      <div data-testid={`verdict-${side}`}>
        {result === undefined ? (
          <p className="hint">
            Result and oracle verdict: pending (checked when the operation
            ends).
          </p>
        ) : (
          <p>
            Returns <strong className="mono">{result.result}</strong>
            {result.errno !== null && (
              <strong className="verdict-bad"> ({result.errno})</strong>
            )}
            {' · '}
            {result.oracleOk ? (
              <span className="verdict-ok">oracle: data intact ✓</span>
            ) : (
              <span className="verdict-bad">oracle: DATA LOSS ✗</span>
            )}
          </p>
        )}
        {result !== undefined && result.mismatches.length > 0 && (
          <ul className="errors">
            {result.mismatches.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        )}
      </div>
      {counters !== undefined && (
        <CounterTable counters={counters} shown={shown} changed={changed} />
      )}
      {fs === 'xfs' && (
        <p className="hint">
          On XFS the model counts what the iomap core does; btrfs's own counters
          (mapping lookups, extent locks, reservations, ordered waits) have no
          XFS run to count.
        </p>
      )}
    </Panel>
  );
}

function CounterTable({
  counters,
  shown,
  changed,
}: {
  counters: CountersRec;
  shown: readonly CounterLabel[];
  changed: ReadonlySet<string>;
}) {
  return (
    <table className="data" aria-label="Counters of this operation so far">
      <thead>
        <tr>
          <th scope="col">counter</th>
          <th scope="col">value</th>
        </tr>
      </thead>
      <tbody>
        {shown.map(({ key, label, bytes }) => (
          <tr key={key} className={changed.has(key) ? 'changed' : ''}>
            <th scope="row" style={{ fontWeight: 'normal' }}>
              {label}
            </th>
            <td title={exact(counters[key])}>
              {bytes ? size(counters[key]) : String(counters[key])}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
