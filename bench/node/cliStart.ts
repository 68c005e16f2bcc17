// CLI start: the command line as the package installs it (compiled by scripts/buildCli.mjs into a temporary
// directory), timed from process spawn to exit for `--help` and `scenarios`, the median of several runs;
// beside it, Node starting alone (`node -e 0`, the floor no CLI goes below) in the same rounds, and the same
// `--help` from a checkout, where bin.mjs transpiles the TypeScript sources with tsx.

import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { spread, type Spread } from '../stats.ts';

/** Wall-clock and CPU milliseconds of runs of one command. */
export interface CommandTimes {
  readonly wallMs: Spread;
  /** The child's user + system time: what it costs on a core of its own. */
  readonly cpuMs: Spread;
}

export interface CliStart {
  /** `--help` of the compiled CLI. */
  readonly help: CommandTimes;
  /** `scenarios` (loads the command and the built-in library). */
  readonly scenarios: CommandTimes;
  /** `node -e 0`: Node's own start and exit, run in the same rounds as the two commands. */
  readonly nodeAlone: CommandTimes;
  /** `--help` run from the checkout's TypeScript (bin.mjs through tsx). */
  readonly checkoutHelp: CommandTimes;
}

/**
 * Compiles the CLI into `dir/cli` as `npm pack` does, and writes `dir/bin.mjs`, which runs it as the
 * installed engine/cli/bin.mjs does when there are no sources beside it; returns that script.
 */
export function buildCli(dir: string): string {
  const r = spawnSync(
    process.execPath,
    ['scripts/buildCli.mjs', join(dir, 'cli')],
    {
      encoding: 'utf8',
    },
  );
  if (r.status !== 0)
    throw new Error(`building the CLI failed: ${r.stderr.trim()}`);
  const bin = join(dir, 'bin.mjs');
  writeFileSync(
    bin,
    "const { main } = await import('./cli/main.js');\nprocess.exitCode = await main(process.argv.slice(2));\n",
  );
  return bin;
}

/** CPU milliseconds of the children this process has waited for (Linux: /proc/self/stat cutime + cstime). */
function childrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the command name: state is field 3, so cutime (16) and cstime (17) are at 13 and 14. USER_HZ is 100.
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

export interface NodeRun {
  readonly wallMs: number;
  readonly cpuMs: number;
}

/** Runs `node ...args` to a zero exit (with some output unless `silent`); the time it took. */
function timedSpawn(args: readonly string[], silent = false): NodeRun {
  const c0 = childrenCpuMs();
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const wallMs = performance.now() - t0;
  const cpuMs = childrenCpuMs() - c0;
  if (r.status !== 0 || (!silent && r.stdout.trim() === ''))
    throw new Error(
      `node ${args.join(' ')} exited ${String(r.status)} ${r.stdout.trim() === '' ? 'without output' : ''}: ${r.stderr.trim()}`,
    );
  return { wallMs, cpuMs };
}

/** Runs `node script ...args` to a zero exit with some output; the time it took. */
export function timedNode(script: string, args: readonly string[]): NodeRun {
  return timedSpawn([script, ...args]);
}

function times(all: readonly NodeRun[]): CommandTimes {
  return {
    wallMs: spread(all.map((r) => r.wallMs)),
    cpuMs: spread(all.map((r) => r.cpuMs)),
  };
}

export function cliStart(compiled: string, runs: number): CliStart {
  const checkout = join('engine', 'cli', 'bin.mjs');
  // Round by round, so a change in the machine's load falls on the commands and the Node floor alike.
  const help: NodeRun[] = [];
  const scenarios: NodeRun[] = [];
  const nodeAlone: NodeRun[] = [];
  for (let i = 0; i < runs; i++) {
    nodeAlone.push(timedSpawn(['-e', '0'], true));
    help.push(timedNode(compiled, ['--help']));
    scenarios.push(timedNode(compiled, ['scenarios']));
  }
  return {
    help: times(help),
    scenarios: times(scenarios),
    nodeAlone: times(nodeAlone),
    checkoutHelp: times(
      Array.from({ length: Math.min(runs, 3) }, () =>
        timedNode(checkout, ['--help']),
      ),
    ),
  };
}
