// Choosing what runs: a built-in scenario or a loaded file, the design, and a second design to compare.

import { BUILTIN_SCENARIOS, VARIANT_IDS, type VariantId } from '@engine';
import { useRef } from 'react';
import { choiceSelectProps } from '../client/focusStage.ts';
import type { SessionActions } from '../client/sessionActions.ts';
import { useRun } from '../hooks/useRun.ts';
import { useAppStore } from '../store/appStore.ts';

const CUSTOM = '(custom)';

function isVariant(v: string): v is VariantId {
  return (VARIANT_IDS as readonly string[]).includes(v);
}

export function ScenarioBar({ actions }: { actions: SessionActions }) {
  const source = useAppStore((s) => s.source);
  const variant = useAppStore((s) => s.variant);
  const compare = useAppStore((s) => s.compareVariant);
  const editorOpen = useAppStore((s) => s.editorOpen);
  const setUi = useAppStore((s) => s.setUi);
  const run = useRun('primary');
  const fileInput = useRef<HTMLInputElement>(null);
  const selected = source.kind === 'builtin' ? source.id : CUSTOM;
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
            void actions.show({ source: { kind: 'builtin', id }, cursor: 0 });
          })}
        >
          {source.kind === 'inline' && (
            <option value={CUSTOM}>
              {run?.scenario.id ?? 'custom'} (loaded)
            </option>
          )}
          {BUILTIN_SCENARIOS.map((s) => (
            <option key={s.id} value={s.id}>
              {s.id}: {s.title}
            </option>
          ))}
        </select>
      </label>
      <label>
        Design
        <select
          aria-label="Design"
          value={variant}
          {...choiceSelectProps((v) => {
            if (isVariant(v)) void actions.show({ variant: v });
          })}
        >
          {VARIANT_IDS.map((v) => (
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
            void actions.show({ compareVariant: isVariant(v) ? v : null });
          })}
        >
          <option value="">— (single view)</option>
          {VARIANT_IDS.map((v) => (
            <option key={v} value={v}>
              {v}
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
