// Validates a scenario's operations: each op kind with exactly its fields, naming a defined file.
// Offsets and lengths may be negative or fractional numbers on purpose: the engine answers those with EINVAL.

import {
  FALLOC_MODES,
  type FallocMode,
  type Op,
  type PatternSpec,
} from './types.ts';
import {
  bool,
  byteOr,
  isRecord,
  list,
  record,
  show,
  size,
  str,
  type Rec,
  type Report,
} from './fieldReaders.ts';

const REMAP = ['op', 'file', 'srcOffset', 'length', 'offset'];

const OP_FIELDS: Readonly<Record<Op['op'], readonly string[]>> = {
  write: ['op', 'file', 'offset', 'length', 'pattern', 'shortCopyAt'],
  read: ['op', 'file', 'offset', 'length'],
  writeback: ['op', 'file', 'wait'],
  'complete-io': ['op'],
  truncate: ['op', 'file', 'size'],
  fallocate: ['op', 'file', 'mode', 'offset', 'length', 'keepSize'],
  'clone-range': REMAP,
  'dedupe-range': REMAP,
  'copy-range': REMAP,
  fsync: ['op', 'file'],
  sync: ['op'],
  commit: ['op'],
  'power-cut': ['op', 'seed'],
  remount: ['op'],
  'drop-caches': ['op'],
};

/** Every op a scenario may name, in one list (the hostile audit draws from it, scripts/hostile/cases.ts). */
export const OP_NAMES = Object.keys(OP_FIELDS) as readonly Op['op'][];

export function readOps(
  r: Report,
  input: unknown,
  files: ReadonlySet<string>,
  maxOps: number,
): readonly Op[] | null {
  const items = list(r, input, 'ops', 'ops');
  if (items === null) return null;
  if (items.length > maxOps)
    return r.add(
      'ops',
      `lists ${String(items.length)} operations; at most ${String(maxOps)} are allowed (split the run into several scenarios)`,
    );
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
  const op = readFields(r, kind, o, at, files);
  return r.errors.length > before ? null : op;
}

/** The op's fields by kind; null when any is wrong (its error is reported). */
function readFields(
  r: Report,
  kind: Op['op'],
  o: Rec,
  at: string,
  files: ReadonlySet<string>,
): Op | null {
  switch (kind) {
    case 'complete-io':
    case 'sync':
    case 'commit':
    case 'remount':
    case 'drop-caches':
      return { op: kind };
    case 'power-cut': {
      if (o.seed === undefined) return { op: kind };
      const seed = size(r, o.seed, `${at}.seed`);
      return seed === null ? null : { op: kind, seed };
    }
    case 'writeback': {
      const file = readFile(r, o.file, `${at}.file`, files);
      const wait = o.wait === undefined ? true : bool(r, o.wait, `${at}.wait`);
      return file === null || wait === null ? null : { op: kind, file, wait };
    }
    case 'fsync': {
      const file = readFile(r, o.file, `${at}.file`, files);
      return file === null ? null : { op: kind, file };
    }
    case 'truncate': {
      const file = readFile(r, o.file, `${at}.file`, files);
      const newSize = opNumber(r, o.size, `${at}.size`);
      return file === null || newSize === null
        ? null
        : { op: kind, file, size: newSize };
    }
    case 'read': {
      const file = readFile(r, o.file, `${at}.file`, files);
      const offset = opNumber(r, o.offset, `${at}.offset`);
      const length = opNumber(r, o.length, `${at}.length`);
      return file === null || offset === null || length === null
        ? null
        : { op: kind, file, offset, length };
    }
    case 'write':
      return readWrite(r, o, at, readFile(r, o.file, `${at}.file`, files));
    case 'fallocate':
      return readFallocate(r, o, at, readFile(r, o.file, `${at}.file`, files));
    case 'clone-range':
    case 'dedupe-range':
    case 'copy-range': {
      const file = readFile(r, o.file, `${at}.file`, files);
      const srcOffset = opNumber(r, o.srcOffset, `${at}.srcOffset`);
      const length = opNumber(r, o.length, `${at}.length`);
      const offset = opNumber(r, o.offset, `${at}.offset`);
      return file === null ||
        srcOffset === null ||
        length === null ||
        offset === null
        ? null
        : { op: kind, file, srcOffset, length, offset };
    }
  }
}

function readFile(
  r: Report,
  v: unknown,
  path: string,
  files: ReadonlySet<string>,
): string | null {
  const file = str(r, v, path);
  if (file !== null && !files.has(file))
    return r.add(
      path,
      `no file named ${show(file)} (files: ${[...files].join(', ') || 'none'})`,
    );
  return file;
}

function readWrite(
  r: Report,
  o: Rec,
  at: string,
  file: string | null,
): Op | null {
  const offset = opNumber(r, o.offset, `${at}.offset`);
  const length = opNumber(r, o.length, `${at}.length`);
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
    shortCopyAt === null
  )
    return null;
  return {
    op: 'write',
    file,
    offset,
    length,
    pattern,
    ...(shortCopyAt === undefined ? {} : { shortCopyAt }),
  };
}

function readFallocate(
  r: Report,
  o: Rec,
  at: string,
  file: string | null,
): Op | null {
  const mode: FallocMode | null =
    o.mode === undefined
      ? 'allocate'
      : (FALLOC_MODES.find((m) => m === o.mode) ??
        r.add(
          `${at}.mode`,
          `${show(o.mode)} is not a fallocate mode (expected one of: ${FALLOC_MODES.join(', ')})`,
        ));
  const offset = opNumber(r, o.offset, `${at}.offset`);
  const length = opNumber(r, o.length, `${at}.length`);
  const keepSize =
    o.keepSize === undefined
      ? mode === 'punch-hole'
      : bool(r, o.keepSize, `${at}.keepSize`);
  return file === null ||
    mode === null ||
    offset === null ||
    length === null ||
    keepSize === null
    ? null
    : { op: 'fallocate', file, mode, offset, length, keepSize };
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
