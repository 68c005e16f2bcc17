// Reading a user's file for a command: the text, or one line saying why it could not be read.
// Only a regular file of bounded size is read: a FIFO would block forever and /dev/zero never ends.

import { readFileSync, statSync } from 'node:fs';
import { MAX_SCENARIO_TEXT_BYTES } from '../core/limits.ts';
import { formatSize } from '../core/units.ts';
import { describeFileError } from './fileError.ts';
import type { Io } from './output.ts';

/** Why `path` is not a file to read as text, or null when it is one (stat, unlike open, never blocks). */
function refusal(path: string): string | null {
  const stat = statSync(path);
  if (stat.isDirectory()) return 'is a directory';
  if (!stat.isFile())
    return 'is not a regular file (a pipe, device or socket is not read)';
  if (stat.size > MAX_SCENARIO_TEXT_BYTES)
    return `is ${formatSize(stat.size)}, more than the ${formatSize(MAX_SCENARIO_TEXT_BYTES)} a command reads`;
  return null;
}

/** The file's text, or null after printing `cannot read <what> <path>: <why>`. */
export function readText(path: string, what: string, io: Io): string | null {
  let why: string | null;
  try {
    why = refusal(path);
    if (why === null) return readFileSync(path, 'utf8');
  } catch (error) {
    why = describeFileError(error, 'read');
  }
  io.err(`iomap-explorer: cannot read ${what} ${path}: ${why}`);
  return null;
}
