// The budgets a valid scenario stays within (core/limits.ts, docs/scenario-format.md, "Limits"): bytes one op moves, bytes the
// whole scenario moves, and the distinct file bytes it touches. Pure; reports into the shared Report.

import { MAX_FILE_SIZE, type ScenarioLimits } from '../core/limits.ts';
import { bytes, type Report } from './fieldReaders.ts';
import type { FileDef, Op } from './types.ts';

/** [start, end) of one file. */
export type Span = readonly [number, number];

/** Ops that move `length` bytes through the page cache (and a read of the old ones for dedupe). */
function movesBytes(op: Op): op is Extract<Op, { length: number }> {
  return (
    op.op === 'write' ||
    op.op === 'read' ||
    op.op === 'copy-range' ||
    op.op === 'dedupe-range'
  );
}

/** A range the engine will act on: offsets and lengths that would be EINVAL or EFBIG touch nothing. */
function span(offset: number, length: number): Span | null {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length))
    return null;
  if (offset < 0 || length <= 0 || offset + length > MAX_FILE_SIZE) return null;
  return [offset, offset + length];
}

/** The file ranges an op reads or writes (a clone's destination: the oracle copies the source there). */
function touched(op: Op): Span[] {
  switch (op.op) {
    case 'write':
    case 'read':
      return [span(op.offset, op.length)].filter((s) => s !== null);
    case 'clone-range':
      return [span(op.offset, op.length)].filter((s) => s !== null);
    case 'copy-range':
    case 'dedupe-range':
      return [span(op.srcOffset, op.length), span(op.offset, op.length)].filter(
        (s) => s !== null,
      );
    case 'writeback':
    case 'complete-io':
    case 'truncate':
    case 'fallocate':
    case 'fsync':
    case 'sync':
    case 'commit':
    case 'power-cut':
    case 'remount':
    case 'drop-caches':
      return [];
  }
}

/** Bytes covered by the union of `spans` (sorts them in place). */
export function unionBytes(spans: Span[]): number {
  spans.sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -1;
  for (const [s, e] of spans) {
    if (e <= end) continue;
    total += e - Math.max(s, end);
    end = e;
  }
  return total;
}

/** Checks each op's length and the scenario's totals against `limits`. */
export function checkBudgets(
  r: Report,
  files: readonly FileDef[],
  ops: readonly Op[],
  limits: ScenarioLimits,
): void {
  let moved = 0;
  const spans = new Map<string, Span[]>(files.map((f) => [f.name, []]));
  for (const f of files) {
    const own = spans.get(f.name) ?? [];
    for (const e of f.extents) {
      moved += e.length;
      if (e.type === 'regular') own.push([e.offset, e.offset + e.length]);
    }
    for (const c of f.cached) {
      moved += c.length;
      own.push([c.offset, c.offset + c.length]);
    }
  }
  for (const [i, op] of ops.entries()) {
    if (movesBytes(op) && span(op.offset, op.length) !== null) {
      if (op.length > limits.maxOpBytes)
        r.add(
          `ops[${String(i)}].length`,
          `must be at most ${bytes(limits.maxOpBytes)}: one ${op.op} moves at most that much here (split it into several), got ${bytes(op.length)}`,
        );
      moved += op.length;
    }
    if ('file' in op) spans.get(op.file)?.push(...touched(op));
  }
  if (moved > limits.maxTotalBytes)
    r.add(
      'ops',
      `the scenario moves ${bytes(moved)} (prepared extents, cached ranges and every write, read, copy-range and dedupe-range); at most ${bytes(limits.maxTotalBytes)} is allowed`,
    );
  const distinct = [...spans.values()].reduce(
    (sum, s) => sum + unionBytes(s),
    0,
  );
  if (distinct > limits.maxTouchedBytes)
    r.add(
      'ops',
      `the scenario touches ${bytes(distinct)} of distinct file data (extents, cached ranges, and the ranges its ops read, write or clone into); at most ${bytes(limits.maxTouchedBytes)} is allowed`,
    );
}
