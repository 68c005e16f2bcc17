// Everything one bench run measured (what reports/bench.json holds besides the table).

import type { BrowserResult } from './browser/browserResult.ts';
import type { InitialJs } from './browser/buildApp.ts';
import type { Machine } from './machine.ts';
import type { CliStart } from './node/cliStart.ts';
import type { EventResult } from './node/eventTrace.ts';
import type { BigFileRate, ExerciserRate } from './node/exerciserRate.ts';
import type { Reference } from './node/references.ts';
import type { ReplayResult } from './node/replayVersusLinux.ts';
import type { TraceMemory } from './node/traceMemory.ts';
import type { SequentialResult, WriteRun } from './node/writeThroughput.ts';
import type { BenchOptions } from './options.ts';

/** A part of the bench that could not run, and why. */
export interface Failed {
  readonly error: string;
}

export interface BenchResults {
  readonly date: string;
  readonly options: BenchOptions;
  readonly machine: Machine & {
    readonly chromium: string | null;
    /** 1-minute load average when the bench ended. */
    readonly loadAtEnd: number;
  };
  readonly sequential: SequentialResult;
  readonly traced: WriteRun;
  readonly random: WriteRun;
  readonly references: readonly Reference[];
  readonly events: EventResult;
  readonly exerciser: readonly ExerciserRate[];
  /** 8 MiB files on 512 MiB, per correct design: the default check cadence and the whole file every op. */
  readonly exerciserBig: readonly BigFileRate[];
  readonly cli: CliStart | Failed;
  readonly replay: ReplayResult | Failed;
  readonly memory: TraceMemory | Failed;
  readonly initialJs: InitialJs | Failed;
  readonly browser: BrowserResult | Failed | null;
  /** Wall-clock seconds of the whole run. */
  readonly seconds: number;
  /** CPU seconds of the bench process itself (dd, vite and Chromium run in child processes). */
  readonly cpuSeconds: number;
}
