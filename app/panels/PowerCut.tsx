// Power cut at the current step: rerun the same scenario and design with the power failing just before the
// next step (the engine's cutAt), so stepping on shows the page cache vanish, the mount, and what survived.
// Events before the cut are identical, so the cursor stays on the step the user is looking at.

import { useState } from 'react';
import { choiceSelectProps } from '../client/focusStage.ts';
import type { SessionActions } from '../client/sessionActions.ts';
import { useRun } from '../hooks/useRun.ts';
import { useAppStore } from '../store/appStore.ts';

type Mode = 'lose-all' | 'seeded';

export function PowerCutControls({ actions }: { actions: SessionActions }) {
  const run = useRun('primary');
  const cursor = useAppStore((s) => s.cursor);
  const cut = useAppStore((s) => s.cut);
  const [mode, setMode] = useState<Mode>('lose-all');
  const compare = useAppStore((s) => s.compareVariant);
  if (run === undefined) return null;
  if (run.variant === 'xfs' || compare === 'xfs')
    return (
      <span className="transport" role="group" aria-label="Power cut">
        <button
          type="button"
          disabled
          title="XFS takes no power cut here: the model keeps XFS metadata in memory and writes no log, so what survives is not modelled (docs/xfs.md)"
        >
          ⚡ No power cut on XFS
        </button>
      </span>
    );
  if (cut !== null)
    return (
      <span className="transport" role="group" aria-label="Power cut">
        <button
          type="button"
          title="Run the scenario again without the power cut, at this step"
          onClick={() => {
            void actions.show({ cut: null, cursor });
          }}
        >
          ⚡ Undo the power cut
        </button>
      </span>
    );
  const atEnd = cursor >= run.events.length - 1;
  return (
    <span className="transport" role="group" aria-label="Power cut">
      <button
        type="button"
        disabled={atEnd}
        title={
          atEnd
            ? 'The run has no step after this one to interrupt'
            : `Rerun with the power failing right after step ${String(cursor)}: memory and the disk's cache are lost, then the filesystem is mounted again`
        }
        onClick={() => {
          void actions.show({
            cut:
              mode === 'seeded'
                ? { event: cursor + 1, seed: run.scenario.seed }
                : { event: cursor + 1 },
            cursor,
          });
        }}
      >
        ⚡ Power cut here
      </button>
      <select
        aria-label="What the disk keeps of its unflushed writes at the power cut"
        value={mode}
        {...choiceSelectProps((m) => {
          setMode(m === 'seeded' ? 'seeded' : 'lose-all');
        })}
      >
        <option value="lose-all">lose every unflushed write</option>
        <option value="seeded">let a seeded part land</option>
      </select>
    </span>
  );
}
