// The bench's command line: every size is a parameter; --quick shrinks them all for a trial run.

import { parseSize } from '../engine/disk/format/image.ts';

export interface BenchOptions {
  /** Volume of the sequential 4 KiB buffered writes (engine, dd, memcpy). */
  readonly writeSize: number;
  /** Volume of the same writes with tracing on. */
  readonly tracedWriteSize: number;
  /** Size of the file the random 4 KiB overwrites go to (one overwrite per 4 KiB of it). */
  readonly randomSize: number;
  /** Events in the trace that is reduced and seeked. */
  readonly events: number;
  /** Random seeks into that trace. */
  readonly seeks: number;
  /** Exerciser operations per design. */
  readonly exerciseOps: number;
  /** Exerciser operations per design and cadence on 8 MiB files (the long run's shape). */
  readonly exerciseBigOps: number;
  /** Volume of the browser's OPFS writes (raw and through the engine). */
  readonly opfsSize: number;
  /** Size of the file the UI plays a scenario on. */
  readonly uiFileSize: number;
  /** Seconds of UI playback (and of zoom/pan) whose frames are timed. */
  readonly uiSeconds: number;
  /** Ops in the fsx log the exerciser writes for the replay row, and the largest file it makes. */
  readonly replayOps: number;
  readonly replayMaxSize: number;
  /** Events in the traced run whose peak memory is measured. */
  readonly memoryEvents: number;
  /** Runs of each CLI start command (the median is reported). */
  readonly cliRuns: number;
  readonly browser: boolean;
  readonly out: string;
}

export const DEFAULTS: BenchOptions = {
  writeSize: 1024 * 1024 * 1024,
  tracedWriteSize: 1024 * 1024 * 1024,
  randomSize: 256 * 1024 * 1024,
  events: 1_000_000,
  seeks: 100,
  exerciseOps: 2000,
  exerciseBigOps: 500,
  opfsSize: 256 * 1024 * 1024,
  uiFileSize: 1024 * 1024 * 1024,
  uiSeconds: 5,
  replayOps: 2000,
  replayMaxSize: 1024 * 1024,
  memoryEvents: 1_000_000,
  cliRuns: 5,
  browser: true,
  out: 'reports/bench.json',
};

const QUICK: Partial<BenchOptions> = {
  writeSize: 32 * 1024 * 1024,
  tracedWriteSize: 16 * 1024 * 1024,
  randomSize: 16 * 1024 * 1024,
  events: 100_000,
  seeks: 20,
  exerciseOps: 200,
  exerciseBigOps: 60,
  opfsSize: 16 * 1024 * 1024,
  uiFileSize: 64 * 1024 * 1024,
  uiSeconds: 2,
  replayOps: 300,
  replayMaxSize: 256 * 1024,
  memoryEvents: 100_000,
  cliRuns: 3,
};

export const USAGE = `npm run bench [-- options]

  --quick                  small sizes everywhere (a trial run of a minute or two)
  --write-size SIZE        sequential 4 KiB writes, tracing off, dd and memcpy (default 1G)
  --traced-write-size SIZE the same with tracing on (default 1G)
  --random-size SIZE       file for random 4 KiB overwrites (default 256M)
  --events N               events in the reduced and seeked trace (default 1000000)
  --seeks N                random seeks into it (default 100)
  --exercise-ops N         exerciser operations per design (default 2000)
  --exercise-big-ops N     the same on 8 MiB files, 512 MiB device, 64K pages, twice (default 500)
  --opfs-size SIZE         browser OPFS write volume (default 256M)
  --ui-file-size SIZE      file the UI plays a scenario on (default 1G: 262,144 pages)
  --ui-seconds N           seconds of playback and of zoom/pan timed (default 5)
  --replay-ops N            ops in the fsx log replayed by replay-fsx and by Linux (default 2000)
  --replay-max-size SIZE   largest file that log makes (default 1M)
  --memory-events N        events in the traced run whose peak memory is measured (default 1000000)
  --cli-runs N             runs of each CLI start command, median reported (default 5)
  --no-browser             skip the browser part
  --out FILE               JSON report (default reports/bench.json)
Sizes take K, M, G suffixes (binary).`;

export class UsageError extends Error {}

function sizeArg(name: string, text: string | undefined): number {
  const n = text === undefined ? null : parseSize(text);
  if (n === null || n < 4096 || n % 4096 !== 0)
    throw new UsageError(
      `${name} needs a size that is a multiple of 4K, like 256M (got ${text ?? 'nothing'})`,
    );
  return n;
}

function countArg(name: string, text: string | undefined): number {
  const n = Number(text);
  if (text === undefined || !Number.isSafeInteger(n) || n < 1)
    throw new UsageError(
      `${name} needs a positive whole number (got ${text ?? 'nothing'})`,
    );
  return n;
}

export function parseOptions(argv: readonly string[]): BenchOptions {
  const o: { -readonly [K in keyof BenchOptions]: BenchOptions[K] } = {
    ...DEFAULTS,
    ...(argv.includes('--quick') ? QUICK : {}),
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] ?? '';
    const value = (): string | undefined => argv[++i];
    switch (flag) {
      case '--quick':
        break;
      case '--write-size':
        o.writeSize = sizeArg(flag, value());
        break;
      case '--traced-write-size':
        o.tracedWriteSize = sizeArg(flag, value());
        break;
      case '--random-size':
        o.randomSize = sizeArg(flag, value());
        break;
      case '--events':
        o.events = countArg(flag, value());
        break;
      case '--seeks':
        o.seeks = countArg(flag, value());
        break;
      case '--exercise-ops':
        o.exerciseOps = countArg(flag, value());
        break;
      case '--exercise-big-ops':
        o.exerciseBigOps = countArg(flag, value());
        break;
      case '--opfs-size':
        o.opfsSize = sizeArg(flag, value());
        break;
      case '--ui-file-size':
        o.uiFileSize = sizeArg(flag, value());
        break;
      case '--ui-seconds':
        o.uiSeconds = countArg(flag, value());
        break;
      case '--replay-ops':
        o.replayOps = countArg(flag, value());
        break;
      case '--replay-max-size':
        o.replayMaxSize = sizeArg(flag, value());
        break;
      case '--memory-events':
        o.memoryEvents = countArg(flag, value());
        break;
      case '--cli-runs':
        o.cliRuns = countArg(flag, value());
        break;
      case '--no-browser':
        o.browser = false;
        break;
      case '--out': {
        const out = value();
        if (out === undefined) throw new UsageError('--out needs a file name');
        o.out = out;
        break;
      }
      default:
        throw new UsageError(`unknown option ${flag}`);
    }
  }
  return o;
}
