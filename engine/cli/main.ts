// The `iomap-explorer` command line: dispatches to one module per command.

import { readFileSync } from 'node:fs';
import { compareCommand } from './commands/compare.ts';
import { crashCommand } from './commands/crash.ts';
import { diskCommand } from './commands/disk.ts';
import { exerciseCommand } from './commands/exercise.ts';
import { replayFsxCommand } from './commands/replayFsx.ts';
import { runCommand } from './commands/run.ts';
import { scenariosCommand } from './commands/scenarios.ts';
import { processIo, UsageError, type Io } from './output.ts';

const HELP = `iomap-explorer: a step-by-step simulation of a Linux buffered write through iomap and btrfs

Usage:
  iomap-explorer disk create <file> [--size 64M]   make and format a disk image file
  iomap-explorer disk info <file> [--json]         describe a disk image file
  iomap-explorer scenarios [--json]                list the built-in scenarios
  iomap-explorer run <scenario> [--variant V] [--json]          run one design step by step
  iomap-explorer compare <scenario> [--variants a,b] [--json]   compare designs side by side
  iomap-explorer replay-fsx <file> [--variant V] [--json]       replay an fsx --record-ops log
  iomap-explorer exercise [--variant V] [--ops N] [--seed S]    seeded random ops, checked after each
  iomap-explorer crash <scenario> [--variant V] [--json]        power cut at every step, mount, check
  iomap-explorer --help | --version

Run 'iomap-explorer <command> --help' for a command's options.`;

function version(): string {
  const pkg = JSON.parse(
    readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
  ) as { version: string };
  return pkg.version;
}

export function main(
  argv: readonly string[],
  io: Io = processIo,
): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
        io.err(HELP);
        return Promise.resolve(2);
      case '--help':
      case '-h':
      case 'help':
        io.out(HELP);
        return Promise.resolve(0);
      case '--version':
      case '-V':
        io.out(version());
        return Promise.resolve(0);
      case 'disk':
        return Promise.resolve(diskCommand(rest, io));
      case 'scenarios':
        return Promise.resolve(scenariosCommand(rest, io));
      case 'run':
        return Promise.resolve(runCommand(rest, io));
      case 'compare':
        return Promise.resolve(compareCommand(rest, io));
      case 'replay-fsx':
        return Promise.resolve(replayFsxCommand(rest, io));
      case 'exercise':
        return Promise.resolve(exerciseCommand(rest, io));
      case 'crash':
        return Promise.resolve(crashCommand(rest, io));
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') === true
    ) {
      io.err(
        `iomap-explorer: ${(error as Error).message}\nRun 'iomap-explorer --help' for usage.`,
      );
      return Promise.resolve(2);
    }
    throw error;
  }
}
