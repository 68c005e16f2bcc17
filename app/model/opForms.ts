// The operations editor's model: for every op kind of the scenario format, its fields and how each is edited.
// The table is typed from the scenario types (OpSpec): an op kind or a field added to the format and missing
// here, or one here that the format lacks, does not compile. Pure: parsing and warnings are unit-tested.

import type { OpSpec } from '@engine';

export type OpKind = OpSpec['op'];

/** How a field is edited: a file name, a byte count or size, a switch, a fallocate mode, a fill, a seed. */
export type FieldKind = 'file' | 'bytes' | 'bool' | 'mode' | 'pattern' | 'seed';

export interface FieldForm {
  readonly kind: FieldKind;
  /** Optional in the format: an empty field is left out. */
  readonly optional: boolean;
  readonly hint: string;
}

type OpOf<K extends OpKind> = Extract<OpSpec, { readonly op: K }>;
type FieldsOf<K extends OpKind> = {
  readonly [F in Exclude<keyof OpOf<K>, 'op'>]-?: FieldForm;
};

const file: FieldForm = { kind: 'file', optional: false, hint: 'the file' };
const bytes = (hint: string, optional = false): FieldForm => ({
  kind: 'bytes',
  optional,
  hint,
});
const remap: FieldsOf<'clone-range'> = {
  file,
  srcOffset: bytes('where the source range starts'),
  length: bytes('how many bytes'),
  offset: bytes('where the destination starts (same file)'),
};

/** Every op of the format with its fields, in the order the editor offers them. */
export const OP_FORMS: { readonly [K in OpKind]: FieldsOf<K> } = {
  write: {
    file,
    offset: bytes('where the write starts'),
    length: bytes('how many bytes'),
    pattern: {
      kind: 'pattern',
      optional: true,
      hint: 'op-index (default) or a byte value 0-255',
    },
    shortCopyAt: bytes('the user buffer faults after this many bytes', true),
  },
  read: {
    file,
    offset: bytes('where the read starts'),
    length: bytes('how many bytes'),
  },
  writeback: {
    file,
    wait: { kind: 'bool', optional: true, hint: 'wait for the I/O' },
  },
  'complete-io': {},
  truncate: { file, size: bytes('the new size') },
  fallocate: {
    file,
    mode: { kind: 'mode', optional: true, hint: 'the fallocate mode' },
    offset: bytes('where the range starts'),
    length: bytes('how many bytes'),
    keepSize: {
      kind: 'bool',
      optional: true,
      hint: 'FALLOC_FL_KEEP_SIZE',
    },
  },
  'clone-range': remap,
  'dedupe-range': remap,
  'copy-range': remap,
  fsync: { file },
  sync: {},
  commit: {},
  'drop-caches': {},
  'power-cut': {
    seed: {
      kind: 'seed',
      optional: true,
      hint: 'a seeded part of the unflushed writes lands',
    },
  },
  remount: {},
};

export const OP_KINDS = Object.keys(OP_FORMS) as OpKind[];

export type Row = Readonly<Record<string, unknown>>;

/** The fields of `kind`, as [name, form] pairs. */
export function fieldsOf(kind: string): readonly [string, FieldForm][] {
  const forms = (
    OP_FORMS as Readonly<Record<string, Readonly<Record<string, FieldForm>>>>
  )[kind];
  return forms === undefined ? [] : Object.entries(forms);
}

/** A new op of `kind`: its required fields filled in (the file, 0 offsets, 4K lengths). */
export function newOp(kind: OpKind, fileName: string): Row {
  const row: Record<string, unknown> = { op: kind };
  for (const [name, form] of fieldsOf(kind)) {
    if (form.optional) continue;
    row[name] =
      form.kind === 'file'
        ? fileName
        : name === 'length' || name === 'size'
          ? 4096
          : 0;
  }
  return row;
}

/** `kind` keeping the fields of `old` that it shares. */
export function changeKind(old: Row, kind: OpKind, fileName: string): Row {
  const fresh = newOp(kind, typeof old.file === 'string' ? old.file : fileName);
  const kept: Record<string, unknown> = { ...fresh };
  for (const [name] of fieldsOf(kind))
    if (old[name] !== undefined) kept[name] = old[name];
  return kept;
}

/**
 * The value a text field stands for: a number ("4096", "-5", "1.5") as a number, anything else (a size
 * like "4K", or a typo) as the text, for the validator to accept or name; empty: left out.
 */
export function parseField(form: FieldForm, text: string): unknown {
  const t = text.trim();
  if (t === '') return undefined;
  if (form.kind === 'pattern') {
    if (t === 'op-index') return 'op-index';
    return /^\d+$/.test(t) ? { byte: Number(t) } : t;
  }
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
}

/** The text a field shows for its value. */
export function fieldText(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'object' && value !== null && 'byte' in value)
    return String(value.byte);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** What the run will answer a value with, said before it runs (it still runs): negative offsets give EINVAL. */
export function fieldWarning(form: FieldForm, value: unknown): string | null {
  if (form.kind !== 'bytes' || typeof value !== 'number') return null;
  if (value < 0) return 'negative: the operation will return EINVAL';
  if (!Number.isInteger(value))
    return 'not a whole byte count: the operation will return EINVAL';
  return null;
}
