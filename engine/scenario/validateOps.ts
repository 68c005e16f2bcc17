// Validates a scenario's operations: each op kind with exactly its fields, naming a defined file.
// Offsets and lengths may be negative or fractional numbers on purpose: the engine answers those with EINVAL.

import type { Op, PatternSpec } from './types.ts';
import {
  bool,
  byteOr,
  isRecord,
  list,
  record,
  show,
  size,
  str,
  type Report,
} from './fieldReaders.ts';

const OP_FIELDS: Readonly<Record<Op['op'], readonly string[]>> = {
  write: ['op', 'file', 'offset', 'length', 'pattern', 'shortCopyAt'],
  read: ['op', 'file', 'offset', 'length'],
  writeback: ['op', 'file', 'wait'],
  'complete-io': ['op'],
};

export function readOps(
  r: Report,
  input: unknown,
  files: ReadonlySet<string>,
): readonly Op[] | null {
  const items = list(r, input, 'ops', 'ops');
  if (items === null) return null;
  const out: Op[] = [];
  const before = r.errors.length;
  for (const [i, v] of items.entries()) {
    const op = readOp(r, v, `ops[${String(i)}]`, files);
    if (op !== null) out.push(op);
  }
  return r.errors.length > before ? null : out;
}

function readOp(
  r: Report,
  v: unknown,
  at: string,
  files: ReadonlySet<string>,
): Op | null {
  if (!isRecord(v))
    return r.add(at, `must be an object (an op), got ${show(v)}`);
  const kinds = Object.keys(OP_FIELDS) as Op['op'][];
  const kind = kinds.find((k) => k === v.op);
  if (kind === undefined)
    return r.add(
      `${at}.op`,
      v.op === undefined
        ? `is required (one of: ${kinds.join(', ')})`
        : `${show(v.op)} is not an op (expected one of: ${kinds.join(', ')})`,
    );
  const before = r.errors.length;
  const o = record(r, v, at, `${kind} op`, OP_FIELDS[kind]);
  if (o === null) return null;
  if (kind === 'complete-io')
    return r.errors.length > before ? null : { op: kind };
  let file = str(r, o.file, `${at}.file`);
  if (file !== null && !files.has(file))
    file = r.add(
      `${at}.file`,
      `no file named ${show(file)} (files: ${[...files].join(', ') || 'none'})`,
    );
  if (kind === 'writeback') {
    const wait = o.wait === undefined ? true : bool(r, o.wait, `${at}.wait`);
    return file === null || wait === null || r.errors.length > before
      ? null
      : { op: kind, file, wait };
  }
  const offset = opNumber(r, o.offset, `${at}.offset`);
  const length = opNumber(r, o.length, `${at}.length`);
  if (kind === 'read')
    return file === null ||
      offset === null ||
      length === null ||
      r.errors.length > before
      ? null
      : { op: kind, file, offset, length };
  const pattern: PatternSpec | null = byteOr(
    r,
    o.pattern,
    `${at}.pattern`,
    'op-index',
  );
  let shortCopyAt =
    o.shortCopyAt === undefined
      ? undefined
      : size(r, o.shortCopyAt, `${at}.shortCopyAt`);
  if (
    shortCopyAt !== undefined &&
    shortCopyAt !== null &&
    length !== null &&
    shortCopyAt >= length
  )
    shortCopyAt = r.add(
      `${at}.shortCopyAt`,
      `must be less than the write's length (${String(length)}), got ${String(shortCopyAt)}`,
    );
  if (
    file === null ||
    offset === null ||
    length === null ||
    pattern === null ||
    shortCopyAt === null ||
    r.errors.length > before
  )
    return null;
  return {
    op: kind,
    file,
    offset,
    length,
    pattern,
    ...(shortCopyAt === undefined ? {} : { shortCopyAt }),
  };
}

/** An op's offset or length: any finite number (negative or fractional ones give EINVAL at run time), or a size. */
function opNumber(r: Report, v: unknown, path: string): number | null {
  if (typeof v === 'number')
    return Number.isFinite(v)
      ? v
      : r.add(path, `must be a finite number, got ${show(v)}`);
  if (v === undefined) return r.add(path, 'is required');
  return size(r, v, path);
}
