// How CLI commands report: a usage error (exit 2), an operation error (exit 1), or output (exit 0). Every
// --json document starts with `schemaVersion`, raised whenever a field changes meaning or disappears.

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: Io = {
  out: (text) => {
    process.stdout.write(`${text}\n`);
  },
  err: (text) => {
    process.stderr.write(`${text}\n`);
  },
};

/** The version of every --json document's shape (docs/cli.md describes version 1). */
export const SCHEMA_VERSION = 1;

/** Prints `body` as an indented JSON document led by its schemaVersion. */
export function printJson(
  io: Io,
  body: Readonly<Record<string, unknown>>,
): void {
  io.out(JSON.stringify({ schemaVersion: SCHEMA_VERSION, ...body }, null, 2));
}
