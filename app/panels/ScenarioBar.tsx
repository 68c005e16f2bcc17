// Choosing what runs: a built-in scenario (btrfs or XFS) or a loaded file, the design, and a second design
// to compare. Each picker offers only what runs: btrfs designs for btrfs scenarios, xfs for XFS ones, and in
// compare the other filesystem's designs where the scenario has a twin there (designChoice.ts).

import {
  BUILTIN_SCENARIOS,
  DESIGN_IDS,
  XFS_SCENARIOS,
  type DesignId,
  type FilesystemId,
} from '@engine';
import type { ScenarioSource } from '@engine/protocol';
import { useRef } from 'react';
import { choiceSelectProps } from '../client/focusStage.ts';
import type { SessionActions } from '../client/sessionActions.ts';
import { useRun } from '../hooks/useRun.ts';
import {
  builtinFilesystem,
  compareChoices,
  defaultDesign,
  designsFor,
} from '../model/designChoice.ts';
import { useAppStore } from '../store/appStore.ts';

const CUSTOM = '(custom)';

function isDesign(v: string): v is DesignId {
  return (DESIGN_IDS as readonly string[]).includes(v);
}

/** The filesystem of the scenario on screen: the run's, else the built-in's (before its run arrives). */
function useFilesystem(source: ScenarioSource): FilesystemId {
  const run = useRun('primary');
  if (source.kind === 'builtin') return builtinFilesystem(source.id) ?? 'btrfs';
  return run?.scenario.filesystem ?? 'btrfs';
}

export function ScenarioBar({ actions }: { actions: SessionActions }) {
  const source = useAppStore((s) => s.source);
  const variant = useAppStore((s) => s.variant);
  const compare = useAppStore((s) => s.compareVariant);
  const editorOpen = useAppStore((s) => s.editorOpen);
  const setUi = useAppStore((s) => s.setUi);
  const run = useRun('primary');
  const fileInput = useRef<HTMLInputElement>(null);
  const fs = useFilesystem(source);
  const selected = source.kind === 'builtin' ? source.id : CUSTOM;
  const choices = compareChoices(source, fs);
  return (
    <div
      className="toolbar scenario-bar"
      role="group"
      aria-label="Scenario and design"
    >
      <label>
        Scenario
        <select
          aria-label="Scenario"
          value={selected}
          {...choiceSelectProps((id) => {
            const next: ScenarioSource = { kind: 'builtin', id };
            const nextFs = builtinFilesystem(id) ?? 'btrfs';
            // A scenario of the other filesystem opens under that filesystem's design; a compare
            // design stays when it still runs (itself or the twin), else the view goes single.
            const design = designsFor(nextFs).includes(variant)
              ? variant
              : defaultDesign(nextFs);
            const keep =
              compare !== null &&
              compareChoices(next, nextFs).some((c) => c.design === compare);
            void actions.show({
              source: next,
              variant: design,
              compareVariant: keep ? compare : null,
              cursor: 0,
            });
          })}
        >
          {source.kind === 'inline' && (
            <option value={CUSTOM}>
              {run?.scenario.id ?? 'custom'} (loaded)
            </option>
          )}
          <optgroup label="btrfs">
            {BUILTIN_SCENARIOS.map((s) => (
              <option key={s.id} value={s.id}>
                {s.id}: {s.title}
              </option>
            ))}
          </optgroup>
          <optgroup label="XFS">
            {XFS_SCENARIOS.map((s) => (
              <option key={s.id} value={s.id}>
                {s.id}: {s.title}
              </option>
            ))}
          </optgroup>
        </select>
      </label>
      <label>
        Design
        <select
          aria-label="Design"
          value={variant}
          {...choiceSelectProps((v) => {
            if (isDesign(v)) void actions.show({ variant: v });
          })}
        >
          {designsFor(fs).map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      </label>
      <label>
        Compare with
        <select
          aria-label="Compare with"
          value={compare ?? ''}
          {...choiceSelectProps((v) => {
            void actions.show({ compareVariant: isDesign(v) ? v : null });
          })}
        >
          <option value="">— (single view)</option>
          {choices.map((c) => (
            <option key={c.design} value={c.design}>
              {c.runs === null ? c.design : `${c.design} (runs ${c.runs})`}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        onClick={() => {
          fileInput.current?.click();
        }}
      >
        Load scenario file…
      </button>
      <input
        ref={fileInput}
        type="file"
        accept=".json,application/json"
        aria-label="Scenario JSON file"
        data-testid="scenario-file"
        hidden
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file === undefined) return;
          void actions.loadFile(file);
        }}
      />
      <button
        type="button"
        aria-pressed={editorOpen}
        onClick={() => {
          setUi({ editorOpen: !editorOpen });
        }}
      >
        Edit operations
      </button>
    </div>
  );
}
