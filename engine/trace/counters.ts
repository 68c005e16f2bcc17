// Per-operation counters, updated live so the counters record is right at every step. Rule: any filesystem
// counts through this class (btrfs and XFS alike), so the counters table reads the same for both.

import type { Recorder } from './recorder.ts';
import type { CountersRec } from './records.ts';

export type CounterName = Exclude<keyof CountersRec, 'op'>;

export function zeroCounters(op: number): CountersRec {
  return {
    op,
    mappingLookups: 0,
    extentLockCycles: 0,
    iomapBeginCalls: 0,
    syncReads: 0,
    bytesRead: 0,
    bytesZeroed: 0,
    bytesCopied: 0,
    dataReservations: 0,
    dataReservedBytes: 0,
    dataReleasedBytes: 0,
    metaReservations: 0,
    metaReservedBytes: 0,
    metaReleasedBytes: 0,
    orderedWaits: 0,
    eagainRetries: 0,
  };
}

export class Counters {
  private current: CountersRec = zeroCounters(-1);

  constructor(private readonly rec: Recorder) {}

  /** Starts counting for operation `op`. */
  begin(op: number): void {
    this.current = zeroCounters(op);
    this.rec.change('counters', String(op), null, this.current);
  }

  /** Ends the operation's counting and returns its totals. */
  end(): CountersRec {
    return this.current;
  }

  add(name: CounterName, n = 1): void {
    if (n === 0 || this.current.op < 0) return;
    const before = this.current;
    this.current = { ...before, [name]: before[name] + n };
    this.rec.change('counters', String(before.op), before, this.current);
  }
}
