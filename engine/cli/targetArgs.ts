// The arguments shared by commands that act on one target (a scenario or a log file):
// `<command> <target> [--design V] [--json] [--help]`, plus the command's own file options.

import { parseArgs } from 'node:util';
import type { DesignId } from '../scenario/types.ts';
import { DESIGN_OPTIONS, designOption } from './designOption.ts';
import { UsageError, type Io } from './output.ts';

export interface TargetArgs<F extends string, N extends string = never> {
  readonly target: string;
  /** --design (or --variant); undefined when not given. */
  readonly design: DesignId | undefined;
  readonly json: boolean;
  /** The command's own file options (e.g. --trace FILE), by name; undefined when not given. */
  readonly files: Readonly<Record<F, string | undefined>>;
  /** The command's whole-number options (e.g. --cut-at EVENT), by name; undefined when not given. */
  readonly numbers: Readonly<Record<N, number | undefined>>;
}

/** Parses the arguments, or prints `help` and returns null for --help. Usage errors throw UsageError. */
export function parseTargetArgs<
  F extends string = never,
  N extends string = never,
>(
  argv: readonly string[],
  io: Io,
  spec: {
    readonly command: string;
    readonly help: string;
    /** What the target is, after "needs": "a scenario id or a .json file". */
    readonly target: string;
    /** What one target is called, after "takes one": "scenario". */
    readonly one: string;
    /** Options that each name an output file. */
    readonly files?: readonly F[];
    /** Options that each take a whole number (0 or more). */
    readonly numbers?: readonly N[];
  },
): TargetArgs<F, N> | null {
  const fileOptions = Object.fromEntries(
    [...(spec.files ?? []), ...(spec.numbers ?? [])].map((name) => [
      name,
      { type: 'string' as const },
    ]),
  );
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      ...fileOptions,
      ...DESIGN_OPTIONS,
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
  const named = values as Record<string, unknown>;
  const files = Object.fromEntries(
    (spec.files ?? []).map((name) => {
      const value = named[name];
      return [name, typeof value === 'string' ? value : undefined];
    }),
  ) as Record<F, string | undefined>;
  const numbers = Object.fromEntries(
    (spec.numbers ?? []).map((name) => {
      const value = named[name];
      if (typeof value !== 'string') return [name, undefined];
      const n = /^\d+$/.test(value) ? Number(value) : NaN;
      if (!Number.isSafeInteger(n))
        throw new UsageError(
          `--${name} takes a whole number, got ${JSON.stringify(value.slice(0, 40))}`,
        );
      return [name, n];
    }),
  ) as Record<N, number | undefined>;
  return {
    target,
    design: designOption(values),
    json: values.json === true,
    files,
    numbers,
  };
}
