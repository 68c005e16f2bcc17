// A form for a scenario's operations, without writing JSON: every op of the scenario format with its own
// fields (app/model/opForms.ts, typed from the format). The edited scenario runs as inline JSON, validated in
// the worker; bad fields come back with their paths. Values the kernel answers with an errno (a negative
// offset: EINVAL) are warned about here and run, so the run shows the errno.

import { FALLOC_MODES } from '@engine';
import { derive, specOf } from '../model/scenarioSpec.ts';
import {
  changeKind,
  fieldsOf,
  fieldText,
  fieldWarning,
  newOp,
  OP_KINDS,
  parseField,
  type FieldForm,
  type OpKind,
  type Row,
} from '../model/opForms.ts';
import { useId, useState } from 'react';
import type { SessionActions } from '../client/sessionActions.ts';
import { useAppStore } from '../store/appStore.ts';

function isOpKind(k: string): k is OpKind {
  return (OP_KINDS as readonly string[]).includes(k);
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
  const [rows, setRows] = useState<readonly Row[]>(initial);
  const firstFile = files[0] ?? 'F';
  const setUi = useAppStore((s) => s.setUi);
  if (base === null) return null;
  const update = (i: number, name: string, value: unknown) => {
    setRows(
      rows.map((r, j) => {
        if (j !== i) return r;
        return Object.fromEntries(
          Object.entries({ ...r, [name]: value }).filter(
            ([, v]) => v !== undefined,
          ),
        );
      }),
    );
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
                    const k = e.target.value;
                    if (isOpKind(k))
                      setRows(
                        rows.map((r, j) =>
                          j === i ? changeKind(r, k, firstFile) : r,
                        ),
                      );
                  }}
                >
                  {[...new Set<string>([...OP_KINDS, kind])].map((k) => (
                    <option key={k} value={k}>
                      {k}
                    </option>
                  ))}
                </select>
                {fieldsOf(kind).map(([name, form]) => (
                  <FieldInput
                    key={name}
                    label={`Operation ${n} ${name}`}
                    name={name}
                    form={form}
                    value={row[name]}
                    files={files}
                    onChange={(v) => {
                      update(i, name, v);
                    }}
                  />
                ))}
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
              setRows([...rows, newOp('write', firstFile)]);
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

interface FieldProps {
  readonly label: string;
  readonly name: string;
  readonly form: FieldForm;
  readonly value: unknown;
  readonly files: readonly string[];
  readonly onChange: (value: unknown) => void;
}

/** One field of an op: a select (file, mode, yes/no/default) or a text box, with its hint and any warning. */
function FieldInput({ label, name, form, value, files, onChange }: FieldProps) {
  const warningId = useId();
  const warning = fieldWarning(form, value);
  const optional = form.optional ? ' (optional)' : '';
  const title = `${form.hint}${optional}`;
  if (form.kind === 'file' || form.kind === 'mode') {
    const choices =
      form.kind === 'file' ? files : (FALLOC_MODES as readonly string[]);
    const current = typeof value === 'string' ? value : '';
    return (
      <label title={title}>
        {name}
        <select
          aria-label={label}
          value={current}
          onChange={(e) => {
            onChange(e.target.value === '' ? undefined : e.target.value);
          }}
        >
          {form.optional && <option value="">(default)</option>}
          {[...new Set([...choices, current])]
            .filter((c) => c !== '')
            .map((c) => (
              <option key={c}>{c}</option>
            ))}
        </select>
      </label>
    );
  }
  if (form.kind === 'bool')
    // Three states: left out (the format's default, which may be either), yes, no.
    return (
      <label title={title}>
        {name}
        <select
          aria-label={label}
          value={value === true ? 'true' : value === false ? 'false' : ''}
          onChange={(e) => {
            const v = e.target.value;
            onChange(v === '' ? undefined : v === 'true');
          }}
        >
          <option value="">(default)</option>
          <option value="true">yes</option>
          <option value="false">no</option>
        </select>
      </label>
    );
  return (
    <label title={title}>
      {name}
      <input
        type="text"
        aria-label={label}
        aria-describedby={warning === null ? undefined : warningId}
        placeholder={form.optional ? 'default' : undefined}
        value={fieldText(value)}
        size={8}
        onChange={(e) => {
          onChange(parseField(form, e.target.value));
        }}
      />
      {warning !== null && (
        <span
          className="field-warning"
          id={warningId}
          data-testid="field-warning"
        >
          {warning}
        </span>
      )}
    </label>
  );
}
