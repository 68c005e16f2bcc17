// Reading a user's file for a command: the text, or one line saying why it could not be read.

import { readFileSync } from 'node:fs';
import { describeFileError } from './fileError.ts';
import type { Io } from './output.ts';

/** The file's text, or null after printing `cannot read <what> <path>: <why>`. */
export function readText(path: string, what: string, io: Io): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    io.err(
      `iomap-explorer: cannot read ${what} ${path}: ${describeFileError(error, 'read')}`,
    );
    return null;
  }
}
