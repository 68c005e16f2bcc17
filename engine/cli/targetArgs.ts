// The arguments shared by commands that act on one target (a scenario or a log file):
// `<command> <target> [--variant V] [--json] [--help]`.

import { parseArgs } from 'node:util';
import { UsageError, type Io } from './output.ts';

export interface TargetArgs {
  readonly target: string;
  readonly variant: string | undefined;
  readonly json: boolean;
}

/** Parses the arguments, or prints `help` and returns null for --help. Usage errors throw UsageError. */
export function parseTargetArgs(
  argv: readonly string[],
  io: Io,
  spec: {
    readonly command: string;
    readonly help: string;
    /** What the target is, after "needs": "a scenario id or a .json file". */
    readonly target: string;
    /** What one target is called, after "takes one": "scenario". */
    readonly one: string;
  },
): TargetArgs | null {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      variant: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) {
    io.out(spec.help);
    return null;
  }
  const [target, ...extra] = positionals;
  if (target === undefined)
    throw new UsageError(`${spec.command} needs ${spec.target}`);
  if (extra.length > 0)
    throw new UsageError(
      `${spec.command} takes one ${spec.one}, got extra arguments: ${extra.join(' ')}`,
    );
  return { target, variant: values.variant, json: values.json === true };
}
