// Which of the chapter's patch lines ran at this stop, and how often, in each of the stop's two designs:
// the link from a hunk to the behaviour it changes. A view over app/source/patchLines; a count in the
// left-hand design jumps to the first step that ran the line.

import { useMemo } from 'react';
import { nav } from '../client/navActions.ts';
import { useRun } from '../hooks/useRun.ts';
import { patchLineRows, rowKey } from '../source/patchLines.ts';
import type { PatchMark } from '../source/types.ts';
import type {
  WalkthroughChapter,
  WalkthroughStop,
} from './walkthroughModel.ts';

interface Props {
  readonly chapter: WalkthroughChapter;
  readonly stop: WalkthroughStop;
}

/** Patch k of a chapter id "pK-...", or undefined for a chapter that is not one patch. */
function patchOf(chapterId: string): PatchMark['patch'] | undefined {
  const k = Number(/^p([1-6])-/.exec(chapterId)?.[1]);
  return k >= 1 && k <= 6 ? (k as PatchMark['patch']) : undefined;
}

export function PatchLines({ chapter, stop }: Props) {
  const a = useRun('primary');
  const b = useRun('secondary');
  const patch = patchOf(chapter.id);
  const ready =
    a?.complete === true &&
    b?.complete === true &&
    a.scenario.id === stop.scenario &&
    a.variant === stop.primary &&
    b.variant === stop.compare;
  const rows = useMemo(
    () =>
      ready && patch !== undefined
        ? patchLineRows(patch, [
            { design: a.variant, events: a.events },
            { design: b.variant, events: b.events },
          ])
        : undefined,
    [ready, patch, a, b],
  );
  if (patch === undefined || rows === undefined) return null;
  if (rows.length === 0)
    return (
      <p className="hint" data-testid="walkthrough-patch-lines">
        Patch {patch}/6 adds or changes no line that the engine runs: it only
        deletes the legacy loop (the legacy design&apos;s btrfs_buffered_write
        listing in the Source pane).
      </p>
    );
  return (
    <div className="wt-patch-lines" data-testid="walkthrough-patch-lines">
      <table className="data">
        <caption>
          Lines patch {patch}/6 adds or changes: how often each ran in this
          stop&apos;s runs ({stop.scenario})
        </caption>
        <thead>
          <tr>
            <th scope="col">line (as posted)</th>
            <th scope="col">{stop.primary}</th>
            <th scope="col">{stop.compare}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const [left, right] = row.steps;
            const first = left?.[0];
            return (
              <tr key={rowKey(row)}>
                <th scope="row" className="mono">
                  {row.fn}: {row.line.text}
                </th>
                <td>
                  {left === null || left === undefined ? (
                    '—'
                  ) : first === undefined ? (
                    '0'
                  ) : (
                    <button
                      type="button"
                      title={`Jump to step ${String(first)}, the first that ran it`}
                      onClick={() => {
                        nav.seek(first);
                      }}
                    >
                      {left.length}× (first: step {first})
                    </button>
                  )}
                </td>
                <td>
                  {right === null || right === undefined
                    ? '—'
                    : `${String(right.length)}×`}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="hint">
        — : the design has no such line. 0: the line exists but no step of this
        run executed it.
      </p>
    </div>
  );
}
