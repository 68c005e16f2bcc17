// Reads an fsx op log (the format is described in fsxFormat.ts) into engine ops, line by line: each fsx op
// by its form (how many numbers, which flags), `#!` directives through the scenario validator. Rule: every
// malformed line is reported with its number; pure, no node APIs.

import { InvariantError } from '../core/assert.ts';
import { fail, ok, type Result } from '../core/errno.ts';
import { FSX_LOG_LIMITS } from '../core/limits.ts';
import { isRecord } from './fieldReaders.ts';
import {
  FSX_OP_NAMES,
  NEEDS_FILE,
  withoutFile,
  type FsxEntry,
  type FsxLog,
  type FsxOp,
  type FsxOpName,
} from './fsxFormat.ts';
import type { FallocMode, Op, RemapKind } from './types.ts';
import { validateScenario } from './validate.ts';

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

/** A line as an error message quotes it, shortened when long. */
function clip(text: string): string {
  return `"${text.length > 80 ? `${text.slice(0, 77)}...` : text}"`;
}
