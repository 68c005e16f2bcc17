// Timing and summary statistics for the bench: wall-clock seconds, rates, median and p95.

import { performance } from 'node:perf_hooks';

export interface Timed<R> {
  readonly value: R;
  /** Wall-clock seconds. */
  readonly seconds: number;
  /** CPU seconds of this process (user + system): on a shared machine, the work itself. */
  readonly cpuSeconds: number;
}

/** Runs `body` and returns its result with the wall-clock and CPU seconds it took. */
export function timed<R>(body: () => R): Timed<R> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = body();
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { value, seconds, cpuSeconds: (c.user + c.system) / 1e6 };
}

export async function timedAsync<R>(
  body: () => Promise<R>,
): Promise<{ value: R; seconds: number }> {
  const t0 = performance.now();
  const value = await body();
  return { value, seconds: (performance.now() - t0) / 1000 };
}

/** The q-quantile (0..1) of `values`, nearest rank; 0 for none. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(
    sorted.length - 1,
    Math.max(0, Math.ceil(q * sorted.length) - 1),
  );
  return sorted[rank] ?? 0;
}

export interface Spread {
  readonly median: number;
  readonly p95: number;
  readonly worst: number;
  readonly count: number;
}

export function spread(values: readonly number[]): Spread {
  return {
    median: quantile(values, 0.5),
    p95: quantile(values, 0.95),
    worst: values.length === 0 ? 0 : Math.max(...values),
    count: values.length,
  };
}

/** Decimal megabytes per second, as dd reports them. */
export function mbPerSecond(bytes: number, seconds: number): number {
  return bytes / 1e6 / seconds;
}
