// Writes engine ops as an fsx op log (format in fsxFormat.ts): one counted line per op, fsx's form where it
// has one, else a `#!` directive, each ending with the file size before the op. Rule: parseFsxLog gives the
// same ops back in the same places; pure (the CLI's file sink is cli/fsxLogFile.ts).

import { InvariantError } from '../core/assert.ts';
import { withoutFile } from './fsxFormat.ts';
import type { Op } from './types.ts';

/**
 * Engine ops as an fsx op log: one counted line per op (fsx's form where it has one, else a `#!`
 * directive), so parseFsxLog gives the same ops back in the same places. All ops must act on one file.
 */
export function opsToFsxLog(ops: readonly Op[]): string {
  const writer = new FsxLogWriter();
  const body = ops.map((op) => `${writer.line(op)}\n`).join('');
  return `${writer.header()}${body}`;
}

/**
 * The writer one op at a time, for a log too long to hold (the exerciser's --fsx-log): line(op) is the op's
 * line, header() the comment lines that open the log for the ops so far. The header followed by the lines
 * is exactly opsToFsxLog of the same ops; the header's length changes only with the count's digits.
 */
export class FsxLogWriter {
  /** The file size before the next op, as fsx would log it (every op assumed to succeed). */
  private size = 0;
  private count = 0;
  private file: string | undefined;

  /** The op's line, without its newline. Throws when the op names another file than the ones before. */
  line(op: Op): string {
    if ('file' in op) {
      this.file ??= op.file;
      if (op.file !== this.file)
        throw new InvariantError(
          `opsToFsxLog: an fsx log is about one file, but the ops name ${this.file} and ${op.file}`,
        );
    }
    const text =
      fsxLine(op, this.size) ?? `#! ${JSON.stringify(withoutFile(op))}`;
    this.size = sizeAfter(this.size, op);
    this.count++;
    return text;
  }

  /** The header for the ops written so far, newline included. */
  header(): string {
    return fsxHeader(this.count, this.file ?? '');
  }
}

/** The comment lines that open a log of `count` ops on `file`, each with its newline. */
export function fsxHeader(count: number, file: string): string {
  return [
    `# iomap-explorer ops in the fsx --record-ops format: ${String(count)} op${count === 1 ? '' : 's'} on file ${JSON.stringify(file)}.`,
    '# "#!" lines are engine ops fsx has no form for: fsx skips them, iomap-explorer replays and counts',
    '# them, so op k (the k-th line that is not a comment) keeps its bytes, (k mod 255) + 1.',
    '',
  ].join('\n');
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
