// Reading a user's file for a command: the text, or one line saying why it could not be read.

import { readFileSync } from 'node:fs';
import type { Io } from './output.ts';

/** The file's text, or null after printing `cannot read <what> <path>: <why>`. */
export function readText(path: string, what: string, io: Io): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : error instanceof Error
              ? error.message
              : String(error);
    io.err(`iomap-explorer: cannot read ${what} ${path}: ${why}`);
    return null;
  }
}
