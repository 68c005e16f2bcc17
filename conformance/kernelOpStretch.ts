// Runs a long op list on a real btrfs file with one helper process per stretch (replayOps.py) instead of
// one xfs_io per op: a 5,000-op replay took about an hour as 10,000 processes on a busy machine. Its rule:
// each op does exactly what runKernelOp's command does; power cuts and remounts, which need the host,
// end a stretch and go through runKernelOp.

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Op } from '../engine/scenario/types.ts';
import { mustRun } from './kernelHost.ts';
import {
  filePath,
  runKernelOp,
  writeByte,
  type KernelFileContext,
} from './kernelOps.ts';

const HELPER = join(dirname(fileURLToPath(import.meta.url)), 'replayOps.py');

let interpreter: string | null = null;

/** The python3 binary itself: a version manager's shim (pyenv) costs seconds per start on a busy machine. */
function python(): string {
  interpreter ??= mustRun('python3', [
    '-c',
    'import sys; print(sys.executable)',
  ]).trim();
  return interpreter;
}

/** An op that failed: its 1-based number k and errno name. */
export interface OpError {
  readonly k: number;
  readonly errno: string;
}

/** The ops the host itself must run (they replace the mount). */
function needsHost(op: Op): boolean {
  return op.op === 'power-cut' || op.op === 'remount';
}

interface HelperResult {
  readonly i: number;
  readonly ok: boolean;
  readonly errno?: string;
}

function runStretch(
  ctx: KernelFileContext,
  ops: readonly Op[],
  from: number,
  to: number,
): OpError[] {
  const lines: string[] = [];
  for (let i = from; i < to; i++) {
    const op = ops[i];
    if (op === undefined) continue;
    if (op.op === 'write' && op.shortCopyAt !== undefined)
      throw new Error('a short user copy cannot be made on a real file');
    lines.push(
      JSON.stringify({
        i,
        op,
        ...(op.op === 'write' ? { byte: writeByte(op, i) } : {}),
      }),
    );
  }
  const out = mustRun(
    python(),
    [
      HELPER,
      filePath(ctx),
      ctx.mounted.dir,
      ctx.host.traceFile(),
      ctx.mounted.uuid,
    ],
    `${lines.join('\n')}\n`,
  );
  const results = out
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as HelperResult);
  if (results.length !== to - from)
    throw new Error(
      `replayOps.py answered ${String(results.length)} of ${String(to - from)} ops (from op ${String(from + 1)})`,
    );
  return results
    .filter((r) => !r.ok)
    .map((r) => ({ k: r.i + 1, errno: r.errno ?? 'EUNKNOWN' }));
}

/** Runs every op in order; returns the ops that failed. */
export function runKernelOps(
  ctx: KernelFileContext,
  ops: readonly Op[],
): OpError[] {
  const errors: OpError[] = [];
  let from = 0;
  for (let i = 0; i <= ops.length; i++) {
    const op = ops[i];
    if (op !== undefined && !needsHost(op)) continue;
    if (i > from) errors.push(...runStretch(ctx, ops, from, i));
    if (op !== undefined) {
      const r = runKernelOp(ctx, op, i);
      if (!r.result.ok) errors.push({ k: i + 1, errno: r.result.errno });
    }
    from = i + 1;
  }
  return errors;
}
