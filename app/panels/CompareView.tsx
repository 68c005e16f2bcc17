// Compare: two designs on the same scenario as two stages with the same layout, cursors linked by
// operation, with the per-operation results, verdicts and counters in one table (first divergence marked).

import { useState, type ReactNode } from 'react';
import { nav } from '../client/navActions.ts';
import { useCursor, useRun } from '../hooks/useRun.ts';
import { useDivergence } from '../hooks/useDivergence.ts';
import { countersDiffer, firstDivergentOp } from '../model/divergence.ts';
import { size } from '../viz/format.ts';
import { designFilesystem } from '@engine';
import {
  compareCounters,
  records,
  sharedCounterKeys,
} from './countersModel.ts';
import { CountersPanel } from './CountersPanel.tsx';
import { ExtentsPanel } from './ExtentsPanel.tsx';
import { IomapPanel } from './IomapPanel.tsx';
import { PageCachePanel, PageFlagLegend } from './PageCachePanel.tsx';
import { Panel } from './Panel.tsx';
import { ReservationsPanel } from './ReservationsPanel.tsx';
import { RecentSteps } from './RecentSteps.tsx';
import { SourcePane } from './SourcePane.tsx';
import { StoryPanel } from './StoryPanel.tsx';
import { KernelText } from '../viz/KernelText.tsx';

interface Props {
  /** The disk image panel, shown once under the two stages (only the first design runs on the image). */
  readonly image: ReactNode;
}

export function CompareView({ image }: Props) {
  const a = useRun('primary');
  const b = useRun('secondary');
  const cursorB = useCursor('secondary');
  const step = useDivergence();
  if (a === undefined || b === undefined) return null;
  // Like with like: when only one run was cut, only the operations both ran to the end are compared.
  const oneCut = (a.cut === null) !== (b.cut === null);
  const cutOp = a.cut?.op ?? b.cut?.op ?? null;
  const outA =
    oneCut && cutOp !== null ? a.outcomes.slice(0, cutOp) : a.outcomes;
  const outB =
    oneCut && cutOp !== null ? b.outcomes.slice(0, cutOp) : b.outcomes;
  const fsA = designFilesystem(a.variant);
  const fsB = designFilesystem(b.variant);
  const shared = sharedCounterKeys(a.variant, b.variant);
  const op = firstDivergentOp(outA, outB, shared, a.complete && b.complete);
  const ea = step === null ? undefined : a.events[step];
  const eb = step === null ? undefined : b.events[step];
  const columns = compareCounters(fsA, fsB);
  const sa = ` — ${a.variant}`;
  const sb = ` — ${b.variant}`;
  return (
    <div className="compare">
      <div
        className="compare-wide"
        role="region"
        aria-label="Compare table"
        tabIndex={0}
      >
        <Panel
          title={`Compare ${a.variant} with ${b.variant}`}
          testId="compare"
        >
          <p data-testid="divergence">
            {step === null ? (
              'The two designs take exactly the same steps on this scenario.'
            ) : (
              <>
                <strong>The runs first diverge at step {step}</strong>
                {ea !== undefined && (
                  <>
                    {' '}
                    — {a.variant}:{' '}
                    <span className="mono">{ea.kfn || ea.kind}</span> {ea.note}
                  </>
                )}
                {eb !== undefined && (
                  <>
                    ; {b.variant}:{' '}
                    <span className="mono">{eb.kfn || eb.kind}</span> {eb.note}
                  </>
                )}{' '}
                <button
                  type="button"
                  onClick={() => {
                    nav.seek(step);
                  }}
                >
                  Go to the divergence
                </button>
              </>
            )}
          </p>
          {cutOp !== null && (
            <p className="notice" role="note" data-testid="compare-cut">
              {oneCut
                ? `⚡ Only ${a.cut === null ? b.variant : a.variant} lost power, in operation ${String(cutOp + 1)}; the other run did not, so the table compares operations 1 to ${String(cutOp)} only.`
                : `⚡ Both runs lose power in operation ${String(cutOp + 1)} (${a.outcomes[cutOp]?.description ?? ''}): ${a.variant} at step ${String(a.cut?.event ?? 0)}, ${b.variant} at step ${String(b.cut?.event ?? 0)}, the same distance into the operation (as the cursors are linked). The table compares the two cut runs.`}
            </p>
          )}
          <p className="hint">
            Cursors are linked by operation: {b.variant} is at step {cursorB},
            the same distance into the same operation.
          </p>
          <table
            className="data"
            aria-label="Per-operation results, verdicts and counters of both designs"
            data-testid="compare-table"
          >
            <thead>
              <tr>
                <th scope="col">operation</th>
                <th scope="col">design</th>
                <th scope="col">result</th>
                <th scope="col">oracle</th>
                {columns.map((c) => (
                  <th key={c.key} scope="col">
                    <KernelText text={c.label} />
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {outA.flatMap((oa, i) => {
                const ob = outB[i];
                const diff =
                  ob === undefined
                    ? []
                    : countersDiffer(oa.counters, ob.counters, shared);
                return [oa, ob].map((o, side) =>
                  o === undefined ? null : (
                    <tr
                      key={`${String(i)}-${String(side)}`}
                      className={op === i ? 'diverges' : ''}
                      data-testid={op === i ? 'first-divergent-op' : undefined}
                    >
                      <td>
                        {side === 0 ? `${String(i + 1)}. ${o.description}` : ''}
                      </td>
                      <td>{side === 0 ? a.variant : b.variant}</td>
                      <td>
                        {o.result}
                        {o.errno === null ? '' : ` ${o.errno}`}
                      </td>
                      <td className={o.oracleOk ? 'verdict-ok' : 'verdict-bad'}>
                        {o.oracleOk ? 'ok ✓' : 'DATA LOSS ✗'}
                      </td>
                      {columns.map((c) =>
                        records(side === 0 ? fsA : fsB, c) ? (
                          <td
                            key={c.key}
                            style={
                              diff.includes(c.key)
                                ? {
                                    fontWeight: 700,
                                    textDecoration: 'underline',
                                  }
                                : undefined
                            }
                          >
                            {c.bytes
                              ? size(o.counters[c.key])
                              : String(o.counters[c.key])}
                          </td>
                        ) : (
                          <td
                            key={c.key}
                            className="muted"
                            title={`${side === 0 ? a.variant : b.variant} does not count ${c.label}`}
                          >
                            —
                          </td>
                        ),
                      )}
                    </tr>
                  ),
                );
              })}
            </tbody>
          </table>
          <p className="hint">
            {op === null
              ? 'Every operation has the same result, verdict and counters.'
              : `The highlighted operation ${String(op + 1)} is the first whose result, verdict or counters differ (differing counters underlined).`}
          </p>
        </Panel>
        {/* Outside the table's panel: on a tall screen it stays whole at the foot of the scrolling box. */}
        <PageFlagLegend />
      </div>
      <CompareStage side="primary" suffix={sa} image={image} />
      <CompareStage side="secondary" suffix={sb} />
    </div>
  );
}

/** What a narrow stage shows at its top: the picture (page cache and iomap) or the code (Source pane and
 * narration); the other follows under it. A wide stage shows both side by side and no toggle. */
type StageTop = 'picture' | 'source';

function CompareStage({
  side,
  suffix,
  image,
}: {
  side: 'primary' | 'secondary';
  suffix: string;
  image?: ReactNode;
}) {
  const [top, setTop] = useState<StageTop>('picture');
  const picture = (
    <div key="picture" className="compare-picture">
      <PageCachePanel side={side} suffix={suffix} legend={false} />
      <IomapPanel side={side} suffix={suffix} />
    </div>
  );
  const code = (
    <div key="code" className="compare-code">
      <SourcePane side={side} suffix={suffix} />
      <StoryPanel side={side} suffix={suffix} />
    </div>
  );
  return (
    <div
      className="compare-side"
      role="region"
      aria-label={`Stage${suffix}`}
      tabIndex={0}
      data-testid={`compare-${side}`}
    >
      <div
        className="stage-top"
        role="group"
        aria-label={`On top${suffix}`}
        data-testid={`stage-top-${side}`}
      >
        {(
          [
            ['picture', 'Picture'],
            ['source', 'Source'],
          ] as const
        ).map(([value, label]) => (
          <button
            key={value}
            type="button"
            aria-pressed={top === value}
            onClick={() => {
              setTop(value);
            }}
          >
            {label}
          </button>
        ))}
      </div>
      {/* In the order shown (so Tab follows what the eye sees); a wide stage places each in its column. */}
      <div className="compare-head" data-top={top}>
        {top === 'picture' ? [picture, code] : [code, picture]}
      </div>
      <ExtentsPanel side={side} suffix={suffix} />
      <RecentSteps side={side} suffix={suffix} />
      <CountersPanel side={side} suffix={suffix} />
      <ReservationsPanel side={side} suffix={suffix} />
      {image}
    </div>
  );
}
