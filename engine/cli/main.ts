// The `iomap-explorer` command line: dispatches to one module per command, each imported only when it
// runs, so `--help` (and any one command) starts without loading the rest.

import { readFileSync } from 'node:fs';
import { VARIANT_IDS } from '../scenario/types.ts';
import { processIo, UsageError, type Io } from './output.ts';

type Command = (argv: readonly string[], io: Io) => number;

const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  disk: async () => (await import('./commands/disk.ts')).diskCommand,
  scenarios: async () =>
    (await import('./commands/scenarios.ts')).scenariosCommand,
  run: async () => (await import('./commands/run.ts')).runCommand,
  compare: async () => (await import('./commands/compare.ts')).compareCommand,
  'replay-fsx': async () =>
    (await import('./commands/replayFsx.ts')).replayFsxCommand,
  exercise: async () =>
    (await import('./commands/exercise.ts')).exerciseCommand,
  crash: async () => (await import('./commands/crash.ts')).crashCommand,
  check: async () => (await import('./commands/image.ts')).checkCommand,
  ls: async () => (await import('./commands/image.ts')).lsCommand,
};

const HELP = `iomap-explorer: a step-by-step simulation of a Linux buffered write through iomap and btrfs

Usage:
  iomap-explorer disk create <file> [--size 64M]   make and format a disk image file
  iomap-explorer disk info <file> [--json]         describe a disk image file
  iomap-explorer check <image> [--check-data-csum] [--json]
                                                   check an image as btrfs check does (exit 1 on problems)
  iomap-explorer ls <image> [--json]               list an image's files, sizes and extents
  iomap-explorer scenarios [--json]                list the built-in scenarios
  iomap-explorer run <scenario> [--design D] [--json] [--trace F] [--events F] [--image F]
                     [--cut-at EVENT [--cut-seed N]]
                                                   run one design step by step (on an image file)
  iomap-explorer compare <scenario> [--designs a,b] [--json]    compare designs side by side
  iomap-explorer replay-fsx <file> [--design D] [--json]        replay an fsx --record-ops log
  iomap-explorer exercise [--design D] [--ops N] [--seed S]     seeded random ops, checked after each
  iomap-explorer crash <scenario> [--design D] [--json]         power cut at every step, mount, check
  iomap-explorer --help | --version

Designs: ${VARIANT_IDS.join(', ')} (--variant is another name for --design).
Run 'iomap-explorer <command> --help' for a command's options; docs/cli.md describes them all.`;

function version(): string {
  const pkg = JSON.parse(
    readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
  ) as { version: string };
  return pkg.version;
}

export async function main(
  argv: readonly string[],
  io: Io = processIo,
): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
        io.err(HELP);
        return 2;
      case '--help':
      case '-h':
      case 'help':
        io.out(HELP);
        return 0;
      case '--version':
      case '-V':
        io.out(version());
        return 0;
    }
    const load = Object.hasOwn(COMMANDS, command)
      ? COMMANDS[command]
      : undefined;
    if (load === undefined)
      throw new UsageError(`unknown command '${command}'`);
    const run = await load();
    return run(rest, io);
  } catch (error) {
    // By name, not instanceof: a command module loaded after a test reset its modules has its own class.
    if (
      (error instanceof Error && error.name === 'UsageError') ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') === true
    ) {
      io.err(
        `iomap-explorer: ${(error as Error).message}\nRun 'iomap-explorer --help' for usage.`,
      );
      return 2;
    }
    // A valid scenario that does not fit its device (sim/setup.ts): an answer for the user, not a crash.
    if (error instanceof Error && error.name === 'ScenarioDoesNotFit') {
      io.err(`iomap-explorer: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
