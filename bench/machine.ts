// The machine a bench ran on: cores, memory, CPU model, kernel, Node, load at the start.

import { cpus, loadavg, release, totalmem } from 'node:os';

export interface Machine {
  readonly nproc: number;
  readonly memoryGiB: number;
  readonly cpu: string;
  readonly kernel: string;
  readonly node: string;
  /** 1-minute load average when the bench started (other work sharing the cores). */
  readonly loadAtStart: number;
}

export function machine(): Machine {
  return {
    nproc: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    kernel: release(),
    node: process.version,
    loadAtStart: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}
