// An fsx op log as a scenario: one empty file, op k at ops[k - 1], a device sized by the data the log can
// allocate. Rule: the scenario goes through validateScenario, and its errors name the log line.

import { fail, ok, type Result } from '../core/errno.ts';
import { FSX_LOG_LIMITS, MAX_FILE_SIZE } from '../core/limits.ts';
import { alignUp, formatSize, MiB } from '../core/units.ts';
import { MAX_IMAGE_BYTES } from '../disk/format/image.ts';
import { NEEDS_FILE, type FsxLog, type FsxOp } from './fsxFormat.ts';
import type { GeometrySpec, Scenario } from './types.ts';
import { validateScenario } from './validate.ts';
import { unionBytes, type Span } from './validateLimits.ts';

export interface FsxScenarioOptions {
  /** The name of the one file the log's ops act on (fsx's test file). */
  readonly fileName: string;
  /** The scenario's id (default "fsx-replay"). */
  readonly id?: string;
  /** Geometry fields to use instead of the computed ones. */
  readonly geometry?: GeometrySpec;
  /** Replay on XFS (`replay-fsx --design xfs`): the scenario says "filesystem": "xfs" and is validated so. */
  readonly filesystem?: 'xfs';
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
      ...(options.filesystem === undefined
        ? {}
        : { filesystem: options.filesystem }),
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
