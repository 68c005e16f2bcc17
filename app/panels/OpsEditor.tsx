// A small form for a scenario's operations: kind, file, offset and length per row, without writing JSON.
// The edited scenario runs as inline JSON, validated in the worker; bad fields come back with their paths.

import { derive, specOf } from '../model/scenarioSpec.ts';
import { useState } from 'react';
import type { SessionActions } from '../client/sessionActions.ts';
import { useAppStore } from '../store/appStore.ts';

type Row = Record<string, unknown>;

/** A new operation of each kind the form offers; kinds it does not know stay editable where they share fields. */
const TEMPLATES: Readonly<Record<string, (file: string) => Row>> = {
  write: (file) => ({ op: 'write', file, offset: 0, length: 4096 }),
  read: (file) => ({ op: 'read', file, offset: 0, length: 4096 }),
  writeback: (file) => ({ op: 'writeback', file, wait: true }),
  'complete-io': () => ({ op: 'complete-io' }),
};

/** "4096" -> 4096, "4K" stays a size string (the validator reads both). */
function sizeValue(text: string): unknown {
  const t = text.trim();
  return /^\d+$/.test(t) ? Number(t) : t;
}

export function OpsEditor({ actions }: { actions: SessionActions }) {
  const open = useAppStore((s) => s.editorOpen);
  const source = useAppStore((s) => s.source);
  // Keyed by the accepted scenario: a rejected edit (or a run in flight) keeps the form as the user left it.
  const key = source.kind === 'builtin' ? source.id : source.json;
  if (!open) return null;
  const base = specOf(source);
  const files = Array.isArray(base?.files)
    ? (base.files as Row[]).map((f) => String(f.name))
    : [];
  return <EditorForm key={key} actions={actions} base={base} files={files} />;
}

function EditorForm({
  actions,
  base,
  files,
}: {
  actions: SessionActions;
  base: Row | null;
  files: readonly string[];
}) {
  const initial = Array.isArray(base?.ops) ? (base.ops as Row[]) : [];
  const [rows, setRows] = useState<Row[]>(initial);
  const setUi = useAppStore((s) => s.setUi);
  if (base === null) return null;
  const update = (i: number, patch: Row) => {
    setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  };
  const changeKind = (i: number, kind: string) => {
    const old = rows[i] ?? {};
    const template = TEMPLATES[kind]?.(
      typeof old.file === 'string' ? old.file : (files[0] ?? 'F'),
    ) ?? { op: kind };
    const kept = Object.fromEntries(
      Object.keys(template).map((k) => [
        k,
        k === 'op' ? kind : (old[k] ?? template[k]),
      ]),
    );
    setRows(rows.map((r, j) => (j === i ? kept : r)));
  };
  const submit = () => {
    const spec = derive(base, '-edited', rows);
    void actions
      .show({
        source: { kind: 'inline', json: JSON.stringify(spec, null, 2) },
        cursor: 0,
        origin: 'The edited scenario',
      })
      .then((result) => {
        if (result === 'shown') setUi({ editorOpen: false });
      });
  };
  return (
    <section
      className="panel"
      aria-label="Operations editor"
      data-testid="ops-editor"
      style={{ marginBottom: 10 }}
    >
      <h2>Operations</h2>
      <p className="hint">
        Sizes are bytes or binary sizes (4096, 4K, 1M). Run the edited scenario
        to see it step by step; a bad field is listed with its path.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <ol className="editor-rows">
          {rows.map((row, i) => {
            const kind = typeof row.op === 'string' ? row.op : '';
            const n = String(i + 1);
            return (
              <li key={i} className="editor-row" data-testid={`op-row-${n}`}>
                <select
                  aria-label={`Operation ${n} kind`}
                  value={kind}
                  onChange={(e) => {
                    changeKind(i, e.target.value);
                  }}
                >
                  {[...new Set([...Object.keys(TEMPLATES), kind])].map((k) => (
                    <option key={k} value={k}>
                      {k}
                    </option>
                  ))}
                </select>
                {'file' in row && (
                  <select
                    aria-label={`Operation ${n} file`}
                    value={String(row.file)}
                    onChange={(e) => {
                      update(i, { file: e.target.value });
                    }}
                  >
                    {[...new Set([...files, String(row.file)])].map((f) => (
                      <option key={f}>{f}</option>
                    ))}
                  </select>
                )}
                {(['offset', 'length'] as const).map((field) =>
                  field in row ? (
                    <label key={field}>
                      {field}
                      <input
                        type="text"
                        aria-label={`Operation ${n} ${field}`}
                        value={String(row[field])}
                        onChange={(e) => {
                          update(i, { [field]: sizeValue(e.target.value) });
                        }}
                      />
                    </label>
                  ) : null,
                )}
                <button
                  type="button"
                  aria-label={`Remove operation ${n}`}
                  onClick={() => {
                    setRows(rows.filter((_, j) => j !== i));
                  }}
                >
                  Remove
                </button>
              </li>
            );
          })}
        </ol>
        <div className="actions">
          <button
            type="button"
            onClick={() => {
              setRows([...rows, TEMPLATES.write?.(files[0] ?? 'F') ?? {}]);
            }}
          >
            Add operation
          </button>
          <button
            type="button"
            onClick={() => {
              setRows(initial);
            }}
          >
            Undo changes
          </button>
          <button type="submit" className="primary">
            Run edited scenario
          </button>
        </div>
      </form>
    </section>
  );
}
