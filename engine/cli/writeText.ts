// Writing a file a command was asked for (--trace, --events): the chunks in order, or one line saying why
// the file could not be written. The file is replaced; chunks keep a long run from becoming one string.

import { closeSync, openSync, writeSync } from 'node:fs';
import { describeFileError } from './fileError.ts';
import type { Io } from './output.ts';

/** Writes every chunk to `path` (replaced); false after printing `cannot write <what> <path>: <why>`. */
export function writeText(
  path: string,
  what: string,
  chunks: Iterable<string>,
  io: Io,
): boolean {
  let fd: number | null = null;
  try {
    fd = openSync(path, 'w');
    for (const chunk of chunks) writeSync(fd, chunk);
    return true;
  } catch (error) {
    io.err(
      `iomap-explorer: cannot write ${what} ${path}: ${describeFileError(error, 'write')}`,
    );
    return false;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
