// The fsx op log: the `--record-ops` file of xfstests' fsx exerciser (ltp/fsx.c), read into engine ops,
// made into a one-file scenario, and written back from engine ops. Pure: no node APIs.
//
// THE FORMAT, as fsx's logdump() writes it and read_op() reads it back: one op per line,
//   <op> <numbers> [keep_size] [close_open] [unshare] [*]
// Numbers are hex with 0x (fsx prints %x); decimal is accepted too. fsx logs an op through log4() (two
// arguments, then the file size before the op) or log5() (three arguments, then that size), so:
//   write | mapwrite | read | mapread   OFF LEN [SIZE]
//   truncate                            0x0 NEW [OLD]
//   fallocate | punch_hole | zero_range | collapse_range | insert_range   OFF LEN [SIZE]
//   clone_range | dedupe_range | copy_range                              SRC LEN DST [SIZE]
//   fsync                               [0x0 0x0 SIZE]
// The trailing size is information: fsx's replay ignores it, and so does this reader. keep_size is
// FALLOC_FL_KEEP_SIZE (fallocate, zero_range; punch_hole always keeps the size); unshare is
// FALLOC_FL_UNSHARE_RANGE on fallocate; `*` marks ops overlapping the offset where fsx saw bad data
// (kept, not acted on). Lines starting with `#` (but see `#!` below) or `skip ` (ops fsx skipped) and
// blank lines are ignored.
//
// THE BYTE RULE: op k — the k-th line that is not ignored, from 1 — writes bytes (k mod 255) + 1. Line k
// becomes ops[k - 1] exactly, and the engine's 'op-index' pattern writes ((index + 1) mod 255) + 1, so
// the two agree by construction. fsx's own gendata() is different (testcalls % 256, plus random bytes at odd
// offsets), so byte values never equal a real fsx run's; sizes, ranges and holes do.
//
// MAPPINGS: mapread/mapwrite replay as read/write (SIMPLIFICATION: no mmap or page_mkwrite path), and
// newer fsx's read_dontcache, write_dontcache and write_atomic likewise. unshare replays as a mode-0
// allocate: FALLOC_FL_UNSHARE_RANGE leaves the contents as they are, as allocate does (btrfs itself
// refuses UNSHARE with EOPNOTSUPP, so such a log comes from another filesystem). collapse_range and
// insert_range become the engine's collapse-range and insert-range, which answer EOPNOTSUPP as btrfs
// does. close_open (fsx closes the file, drops caches and reopens it) changes no contents: it replays as
// nothing and is only counted. It is a flag on its op's line; a line holding only close_open (fsx never
// writes one, a hand-written log may) is not an op, so it is ignored and does not move k.
//
// WRITING: opsToFsxLog writes exactly one counted line per engine op, so op k keeps its number and its
// bytes on replay. An op fsx has no form for (writeback, complete-io, sync, commit, power-cut, remount,
// a write of a fixed byte or with a short copy, a punch that does not keep the size, a negative offset)
// is written as a directive, `#! <the op as scenario JSON, without its file>`. fsx skips it like any
// `#` line; this reader replays it and counts it. Writing such ops as plain `#` comments would drop
// them from the count and shift the byte of every later write. Each fsx line ends with the file size
// before the op as fsx would log it, modelled here assuming every op succeeds (information only).
//
// One file at about 600 lines rather than split: the reader, the scenario builder and the writer share
// the format tables and must change together.

import { InvariantError } from '../core/assert.ts';
import { fail, ok, type Result } from '../core/errno.ts';
import { FSX_LOG_LIMITS, MAX_FILE_SIZE } from '../core/limits.ts';
import { alignUp, formatSize, MiB } from '../core/units.ts';
import { MAX_IMAGE_BYTES } from '../disk/format/image.ts';
import { isRecord } from './fieldReaders.ts';
import type {
  FallocMode,
  GeometrySpec,
  Op,
  RemapKind,
  Scenario,
} from './types.ts';
import { validateScenario } from './validate.ts';
import { unionBytes, type Span } from './validateLimits.ts';

type WithoutFile<T> = T extends unknown ? Omit<T, 'file'> : never;

/** An engine op as a log line states it; the file is the log's one file, named when it is replayed. */
export type FsxOp = WithoutFile<Op>;

/** The op names fsx writes (op_names[] in ltp/fsx.c) that this reader replays. */
export const FSX_OP_NAMES = [
  'read',
  'write',
  'mapread',
  'mapwrite',
  'read_dontcache',
  'write_dontcache',
  'write_atomic',
  'truncate',
  'fallocate',
  'punch_hole',
  'zero_range',
  'collapse_range',
  'insert_range',
  'clone_range',
  'dedupe_range',
  'copy_range',
  'fsync',
] as const;
export type FsxOpName = (typeof FSX_OP_NAMES)[number];

/** One counted line of the log: op k is entries[k - 1]. */
export interface FsxEntry {
  /** 1-based line number in the log text. */
  readonly line: number;
  /** The line as written, trimmed. */
  readonly text: string;
  /** The fsx op name, or '#!' for a directive line. */
  readonly name: FsxOpName | '#!';
  /** The engine op it replays as. */
  readonly op: FsxOp;
  /** fsx closed and reopened the file after this op: no effect on contents, nothing replayed. */
  readonly closeOpen: boolean;
  /** fsx's `*`: the op overlaps the offset where fsx read bad data. */
  readonly marked: boolean;
}

export interface FsxLog {
  readonly entries: readonly FsxEntry[];
  /** close_open flags plus close_open-only lines: counted, never replayed. */
  readonly closeOpen: number;
  /** Lines that are not ops. */
  readonly ignored: {
    readonly comments: number;
    readonly skipped: number;
    readonly blank: number;
    readonly closeOpenOnly: number;
  };
}

// ---- reading ----

type Flag = 'keep_size' | 'unshare';

/** How one fsx op's line reads: how many numbers, which flags, and the engine op it becomes. */
interface Form {
  readonly min: number;
  /** What fsx writes: the arguments, then the file size. */
  readonly max: number;
  readonly needs: string;
  readonly flags: readonly Flag[];
  readonly op: (n: readonly number[], keepSize: boolean) => FsxOp;
}

const RANGE = 'an offset and a length';
const REMAP = 'a source offset, a length and a destination offset';

function readWrite(op: 'read' | 'write'): Form {
  return {
    min: 2,
    max: 3,
    needs: RANGE,
    flags: [],
    op: ([offset = 0, length = 0]) =>
      op === 'write'
        ? { op, offset, length, pattern: 'op-index' }
        : { op, offset, length },
  };
}

function falloc(mode: FallocMode, flags: readonly Flag[]): Form {
  return {
    min: 2,
    max: 3,
    needs: RANGE,
    flags,
    // fsx punches with PUNCH_HOLE | KEEP_SIZE always (the kernel accepts nothing else).
    op: ([offset = 0, length = 0], keepSize) => ({
      op: 'fallocate',
      mode,
      offset,
      length,
      keepSize: mode === 'punch-hole' || keepSize,
    }),
  };
}

function remap(op: RemapKind): Form {
  return {
    min: 3,
    max: 4,
    needs: REMAP,
    flags: [],
    op: ([srcOffset = 0, length = 0, offset = 0]) => ({
      op,
      srcOffset,
      length,
      offset,
    }),
  };
}

const FORMS: Readonly<Record<FsxOpName, Form>> = {
  read: readWrite('read'),
  mapread: readWrite('read'),
  read_dontcache: readWrite('read'),
  write: readWrite('write'),
  mapwrite: readWrite('write'),
  write_dontcache: readWrite('write'),
  write_atomic: readWrite('write'),
  truncate: {
    min: 2,
    max: 3,
    needs: 'a 0x0 and the new size (truncate 0x0 NEW OLD)',
    flags: [],
    op: ([, size = 0]) => ({ op: 'truncate', size }),
  },
  fallocate: falloc('allocate', ['keep_size', 'unshare']),
  punch_hole: falloc('punch-hole', ['keep_size']),
  zero_range: falloc('zero-range', ['keep_size']),
  collapse_range: falloc('collapse-range', []),
  insert_range: falloc('insert-range', []),
  clone_range: remap('clone-range'),
  dedupe_range: remap('dedupe-range'),
  copy_range: remap('copy-range'),
  fsync: { min: 0, max: 3, needs: '', flags: [], op: () => ({ op: 'fsync' }) },
};

/** Which engine ops act on a file (and so take the log's file when replayed). */
const NEEDS_FILE: Readonly<Record<Op['op'], boolean>> = {
  write: true,
  read: true,
  writeback: true,
  'complete-io': false,
  truncate: true,
  fallocate: true,
  'clone-range': true,
  'dedupe-range': true,
  'copy-range': true,
  fsync: true,
  sync: false,
  commit: false,
  'power-cut': false,
  remount: false,
  'drop-caches': false,
};

const MAX_REPORTED_ERRORS = 20;

/** Reads an fsx op log; every malformed line is reported (EINVAL), each as `line N: ...`. */
export function parseFsxLog(text: string): Result<FsxLog> {
  const entries: FsxEntry[] = [];
  const errors: string[] = [];
  const ignored = { comments: 0, skipped: 0, blank: 0, closeOpenOnly: 0 };
  let closeOpen = 0;
  // LF, CRLF and a lone CR (old Mac files) all end a line; a CR-only file is not one long line.
  const lines = text.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === '') lines.pop(); // the newline ending the last line starts no line
  for (const [i, raw] of lines.entries()) {
    const line = i + 1;
    const trimmed = raw.trim();
    const tokens = trimmed.split(/[ \t]+/);
    if (trimmed === '') ignored.blank++;
    else if (trimmed.startsWith('#!')) {
      const op = parseDirective(trimmed.slice(2).trim());
      if (typeof op === 'string')
        errors.push(`line ${String(line)}: ${clip(trimmed)}: ${op}`);
      else
        entries.push({
          line,
          text: trimmed,
          name: '#!',
          op,
          closeOpen: false,
          marked: false,
        });
    } else if (trimmed.startsWith('#')) ignored.comments++;
    else if (tokens[0] === 'skip' && tokens.length > 1) ignored.skipped++;
    else if (tokens.length === 1 && tokens[0] === 'close_open') {
      ignored.closeOpenOnly++;
      closeOpen++;
    } else {
      const entry = parseOpLine(tokens, line, trimmed);
      if (typeof entry === 'string')
        errors.push(`line ${String(line)}: ${entry}`);
      else {
        entries.push(entry);
        if (entry.closeOpen) closeOpen++;
      }
    }
  }
  if (errors.length > 0) {
    const more = errors.length - MAX_REPORTED_ERRORS;
    return fail(
      'EINVAL',
      [
        ...errors.slice(0, MAX_REPORTED_ERRORS),
        ...(more > 0 ? [`... and ${String(more)} more`] : []),
      ].join('\n'),
    );
  }
  return ok({ entries, closeOpen, ignored });
}

/** One op line, or what is wrong with it (without the line number). */
function parseOpLine(
  tokens: readonly string[],
  line: number,
  text: string,
): FsxEntry | string {
  const [name = '', ...rest] = tokens;
  const quoted = clip(text);
  const known = FSX_OP_NAMES.find((n) => n === name);
  if (known === undefined)
    return name === 'skip'
      ? `${quoted}: skip names no op`
      : `${quoted}: unknown op ${JSON.stringify(name)} (fsx ops: ${FSX_OP_NAMES.join(', ')})`;
  const form = FORMS[known];
  const numbers: number[] = [];
  let at = 0;
  for (; at < rest.length && /^[0-9]/.test(rest[at] ?? ''); at++) {
    const n = parseNumber(rest[at] ?? '');
    if (typeof n === 'string') return `${quoted}: ${n}`;
    numbers.push(n);
  }
  if (numbers.length < form.min) return `${quoted} needs ${form.needs}`;
  if (numbers.length > form.max)
    return `${quoted} has ${String(numbers.length)} numbers; ${known} takes at most ${String(form.max)}${form.needs === '' ? '' : ` (${form.needs}, then the file size fsx logs)`}`;
  let keepSize = false;
  let closeOpen = false;
  let marked = false;
  for (const token of rest.slice(at)) {
    if (token === 'close_open') closeOpen = true;
    else if (token === '*') marked = true;
    else if (token === 'keep_size' || token === 'unshare') {
      if (!form.flags.includes(token))
        return `${quoted}: ${token} does not apply to ${known}`;
      if (token === 'keep_size') keepSize = true;
    } else
      return `${quoted}: unexpected ${JSON.stringify(token)} (after the numbers come only keep_size, close_open, unshare and *)`;
  }
  return {
    line,
    text,
    name: known,
    op: form.op(numbers, keepSize),
    closeOpen,
    marked,
  };
}

/** A hex (0x...) or decimal count, or why the token is not one. */
function parseNumber(token: string): number | string {
  let n: number;
  if (/^0x[0-9a-f]+$/i.test(token)) n = Number.parseInt(token.slice(2), 16);
  else if (/^(0|[1-9][0-9]*)$/.test(token)) n = Number(token);
  else if (/^0[0-9]+$/.test(token))
    return `${token} is ambiguous (fsx reads a leading 0 as octal); write it in hex with 0x or without the 0`;
  else return `${token} is not a number (write hex with 0x, or decimal)`;
  return Number.isSafeInteger(n)
    ? n
    : `${token} is too large (at most ${String(Number.MAX_SAFE_INTEGER)})`;
}

/** A `#!` line's op: scenario JSON without a file, checked by the scenario validator. */
function parseDirective(json: string): FsxOp | string {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return `not a JSON op (${error instanceof Error ? error.message : String(error)})`;
  }
  if (!isRecord(value)) return 'a #! line holds one JSON object, an op';
  if ('file' in value)
    return 'a #! op names no file: the log is about one file';
  const kind = Object.keys(NEEDS_FILE).find((k) => k === value.op) as
    Op['op'] | undefined;
  if (kind === undefined)
    return `${JSON.stringify(value.op ?? null)} is not an op (expected one of: ${Object.keys(NEEDS_FILE).join(', ')})`;
  const checked = validateScenario(
    {
      id: 'fsx-directive',
      title: 'fsx directive',
      description: 'one #! line',
      files: [{ name: 'F', size: 0 }],
      ops: [NEEDS_FILE[kind] ? { ...value, file: 'F' } : value],
    },
    // The op's form only: the log's budgets are checked once the whole log is a scenario.
    {
      ...FSX_LOG_LIMITS,
      maxOpBytes: Infinity,
      maxTotalBytes: Infinity,
      maxTouchedBytes: Infinity,
    },
  );
  if (!checked.ok)
    return checked.errors
      .map((e) => `${e.path.replace(/^ops\[0\]\.?/, '') || 'op'}: ${e.message}`)
      .join('; ');
  const [op] = checked.scenario.ops;
  if (op === undefined)
    throw new InvariantError('parseDirective: a valid op went missing');
  return withoutFile(op);
}

function withoutFile(op: Op): FsxOp {
  const copy: Record<string, unknown> = { ...op };
  delete copy.file;
  return copy as FsxOp;
}

/** A line as an error message quotes it, shortened when long. */
function clip(text: string): string {
  return `"${text.length > 80 ? `${text.slice(0, 77)}...` : text}"`;
}

// ---- the scenario ----

export interface FsxScenarioOptions {
  /** The name of the one file the log's ops act on (fsx's test file). */
  readonly fileName: string;
  /** The scenario's id (default "fsx-replay"). */
  readonly id?: string;
  /** Geometry fields to use instead of the computed ones. */
  readonly geometry?: GeometrySpec;
}

const DEFAULT_DEVICE_SIZE = 64 * MiB;

/**
 * The log as a scenario: one empty file and the log's ops, op k at ops[k - 1], through validateScenario.
 * The device is sized by the data the log can allocate, not by how far into the file it reaches: a real fsx
 * run on btrfs needs the bytes it writes, fallocates or copies (a sparse file at a 10 GiB offset costs its
 * written blocks, not 10 GiB). The device is 4 × those bytes, at least 64 MiB: twice for CoW's old and new
 * copies until a commit frees the old, and room for the DUP metadata and system chunks. Errors name the
 * log line.
 */
export function fsxLogToScenario(
  log: FsxLog,
  options: FsxScenarioOptions,
): Result<Scenario> {
  if (log.entries.length === 0) {
    const { comments, skipped, blank, closeOpenOnly } = log.ignored;
    const lines = comments + skipped + blank + closeOpenOnly;
    return fail(
      'EINVAL',
      `the log holds no op to replay (${String(lines)} line${lines === 1 ? '' : 's'}, every one a comment, skip, blank or close_open line)`,
    );
  }
  const allocated = unionBytes(log.entries.flatMap((e) => allocates(e.op)));
  const deviceSize = Math.max(DEFAULT_DEVICE_SIZE, alignUp(4 * allocated, MiB));
  if (
    options.geometry?.deviceSize === undefined &&
    deviceSize > MAX_IMAGE_BYTES
  )
    return fail(
      'EFBIG',
      `the log allocates up to ${String(allocated)} bytes (${formatSize(allocated)}) of file data; replaying it needs a device of ${formatSize(deviceSize)}, more than the ${formatSize(MAX_IMAGE_BYTES)} limit`,
    );
  const checked = validateScenario(
    {
      id: options.id ?? 'fsx-replay',
      title: `fsx op log (${String(log.entries.length)} ops)`,
      description:
        'An fsx --record-ops log replayed on one file that starts empty; op k writes bytes (k mod 255) + 1.',
      geometry: { deviceSize, ...options.geometry },
      files: [{ name: options.fileName, size: 0 }],
      ops: log.entries.map((e) =>
        NEEDS_FILE[e.op.op] ? { ...e.op, file: options.fileName } : e.op,
      ),
    },
    FSX_LOG_LIMITS,
  );
  if (!checked.ok)
    return fail(
      'EINVAL',
      checked.errors
        .map((e) => `${atLine(log, e.path)}: ${e.message}`)
        .join('\n'),
    );
  return ok(checked.scenario);
}

/**
 * The file ranges an op may give new data extents: a write, an allocating or zeroing fallocate, a copy's
 * destination. A clone or dedupe shares extents, a truncate or punch frees them, a read allocates nothing;
 * ranges past the file-size limit fail with EFBIG and allocate nothing.
 */
function allocates(op: FsxOp): Span[] {
  switch (op.op) {
    case 'write':
      return span(op.offset, op.length);
    case 'fallocate':
      return op.mode === 'allocate' || op.mode === 'zero-range'
        ? span(op.offset, op.length)
        : [];
    case 'copy-range':
      return span(op.offset, op.length);
    case 'read':
    case 'truncate':
    case 'clone-range':
    case 'dedupe-range':
    case 'writeback':
    case 'complete-io':
    case 'fsync':
    case 'sync':
    case 'commit':
    case 'power-cut':
    case 'remount':
    case 'drop-caches':
      return [];
  }
}

function span(offset: number, length: number): Span[] {
  const end = offset + length;
  return Number.isSafeInteger(end) && offset >= 0 && end <= MAX_FILE_SIZE
    ? [[offset, end]]
    : [];
}

/** `ops[3].offset` as `line 7: offset`, for validation errors. */
function atLine(log: FsxLog, path: string): string {
  const m = /^ops\[(\d+)\]\.?(.*)$/.exec(path);
  const entry = m === null ? undefined : log.entries[Number(m[1])];
  if (m === null || entry === undefined) return path;
  return `line ${String(entry.line)}${m[2] === '' || m[2] === undefined ? '' : `: ${m[2]}`}`;
}

// ---- writing ----

/**
 * Engine ops as an fsx op log: one counted line per op (fsx's form where it has one, else a `#!`
 * directive), so parseFsxLog gives the same ops back in the same places. All ops must act on one file.
 */
export function opsToFsxLog(ops: readonly Op[]): string {
  let file: string | undefined;
  for (const op of ops)
    if ('file' in op) {
      file ??= op.file;
      if (op.file !== file)
        throw new InvariantError(
          `opsToFsxLog: an fsx log is about one file, but the ops name ${file} and ${op.file}`,
        );
    }
  const lines = [
    `# iomap-explorer ops in the fsx --record-ops format: ${String(ops.length)} op${ops.length === 1 ? '' : 's'} on file ${JSON.stringify(file ?? '')}.`,
    '# "#!" lines are engine ops fsx has no form for: fsx skips them, iomap-explorer replays and counts',
    '# them, so op k (the k-th line that is not a comment) keeps its bytes, (k mod 255) + 1.',
  ];
  let size = 0;
  for (const op of ops) {
    lines.push(fsxLine(op, size) ?? `#! ${JSON.stringify(withoutFile(op))}`);
    size = sizeAfter(size, op);
  }
  return `${lines.join('\n')}\n`;
}

/** The op as fsx writes it, given the file size before it; null when fsx has no exact form for it. */
function fsxLine(op: Op, size: number): string | null {
  switch (op.op) {
    case 'write':
      return op.pattern === 'op-index' && op.shortCopyAt === undefined
        ? line('write', [op.offset, op.length, size])
        : null;
    case 'read':
      return line('read', [op.offset, op.length, size]);
    case 'truncate':
      return line('truncate', [0, op.size, size]);
    case 'fallocate': {
      const numbers = [op.offset, op.length, size];
      const keep = op.keepSize ? ' keep_size' : '';
      switch (op.mode) {
        case 'allocate':
          return line('fallocate', numbers, keep);
        case 'zero-range':
          return line('zero_range', numbers, keep);
        case 'punch-hole':
          return op.keepSize ? line('punch_hole', numbers) : null;
        case 'collapse-range':
          return op.keepSize ? null : line('collapse_range', numbers);
        case 'insert-range':
          return op.keepSize ? null : line('insert_range', numbers);
      }
      break;
    }
    case 'clone-range':
    case 'dedupe-range':
    case 'copy-range':
      return line(op.op.replace('-', '_'), [
        op.srcOffset,
        op.length,
        op.offset,
        size,
      ]);
    case 'fsync':
      return line('fsync', [0, 0, size]);
    case 'writeback':
    case 'complete-io':
    case 'sync':
    case 'commit':
    case 'power-cut':
    case 'remount':
    case 'drop-caches':
      return null;
  }
  return null;
}

function line(
  name: string,
  numbers: readonly number[],
  flags = '',
): string | null {
  if (!numbers.every((n) => Number.isSafeInteger(n) && n >= 0)) return null;
  return `${name} ${numbers.map((n) => `0x${n.toString(16)}`).join(' ')}${flags}`;
}

/** The file size after an op, assuming it succeeds (the size fsx would log before the next op). */
function sizeAfter(size: number, op: Op): number {
  const valid = (...ns: number[]) =>
    ns.every((n) => Number.isSafeInteger(n) && n >= 0);
  switch (op.op) {
    case 'write':
      return valid(op.offset, op.length) && op.length > 0
        ? Math.max(size, op.offset + op.length)
        : size;
    case 'truncate':
      return valid(op.size) ? op.size : size;
    case 'fallocate':
      return valid(op.offset, op.length) &&
        !op.keepSize &&
        (op.mode === 'allocate' || op.mode === 'zero-range')
        ? Math.max(size, op.offset + op.length)
        : size;
    case 'clone-range':
    case 'copy-range':
      return valid(op.srcOffset, op.length, op.offset) && op.length > 0
        ? Math.max(size, op.offset + op.length)
        : size;
    case 'read':
    case 'dedupe-range':
    case 'writeback':
    case 'complete-io':
    case 'fsync':
    case 'sync':
    case 'commit':
    case 'power-cut':
    case 'remount':
    case 'drop-caches':
      return size;
  }
}
