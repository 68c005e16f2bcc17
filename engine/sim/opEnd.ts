// How every simulation (btrfs and XFS alike) closes an operation in its trace: the error, then the op's
// result record, the data oracle's verdict and op.end, and the outcome. Rule: one order of events for all.

import type { ErrnoError, Result } from '../core/errno.ts';
import type { OracleVerdict } from '../oracle/oracle.ts';
import type { Op } from '../scenario/types.ts';
import type { Counters } from '../trace/counters.ts';
import type { Recorder } from '../trace/recorder.ts';
import type { CountersRec } from '../trace/records.ts';

/** What one operation did, as every simulation reports it. */
export interface OpOutcome {
  readonly op: number;
  readonly spec: Op;
  /** Bytes written or read; -1 with an errno. */
  readonly result: number;
  readonly error: ErrnoError | null;
  readonly counters: CountersRec;
  readonly oracle: OracleVerdict;
}

/** The error event of a failed operation (before the oracle reads anything back). */
export function recordOpError(rec: Recorder, r: Result<number>): void {
  if (!r.ok)
    rec.emit(
      'error',
      { errno: r.error.errno, message: r.error.message },
      `${r.error.errno}: ${r.error.message}`,
    );
}

/**
 * The op's result record, the oracle's verdict and op.end; the counters stop here. `touchedOnly`: null when
 * the oracle read every file whole, else the cadence of its whole reads (it compared what the op could change).
 */
export function recordOpEnd(
  rec: Recorder,
  counters: Counters,
  index: number,
  op: Op,
  r: Result<number>,
  v: OracleVerdict,
  touchedOnly: number | null = null,
): OpOutcome {
  const error = r.ok ? null : r.error;
  rec.change('opResult', String(index), null, {
    op: index,
    result: r.ok ? r.value : -1,
    errno: error?.errno ?? null,
    oracleOk: v.ok,
    mismatches: v.mismatches,
  });
  rec.emit(
    'oracle.check',
    v,
    !v.ok
      ? `DATA LOSS: ${v.mismatches.join('; ')}`
      : touchedOnly === null
        ? 'the data oracle agrees: every file reads back what was written'
        : `the data oracle agrees: what this operation could change reads back as written (every file is read whole after the first and last operation, every ${ordinal(touchedOnly)} and each remount)`,
  );
  const counted = counters.end();
  rec.emit(
    'op.end',
    { result: r.ok ? r.value : -1, errno: error?.errno ?? null },
    r.ok
      ? `operation ${String(index + 1)} returns ${String(r.value)}`
      : `operation ${String(index + 1)} fails with ${error?.errno ?? ''}`,
  );
  return {
    op: index,
    spec: op,
    result: r.ok ? r.value : -1,
    error,
    counters: counted,
    oracle: v,
  };
}

/** 64 → "64th", 2 → "2nd". */
function ordinal(n: number): string {
  const tens = n % 100;
  const suffix =
    tens >= 11 && tens <= 13
      ? 'th'
      : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${String(n)}${suffix}`;
}
