// A file name as a scenario gives it: what Linux accepts as one directory entry of a btrfs directory.
// Pure; a name the filesystem could not store is refused here with a sentence, never met at setup.

import { MAX_NAME_BYTES } from '../core/limits.ts';
import { show, str, type Report } from './fieldReaders.ts';

/** A lone UTF-16 surrogate: it has no UTF-8 form, so no filesystem can store the name. */
const LONE_SURROGATE =
  /(?:[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF])/;

/** Bytes of `text` in UTF-8 (well-formed text: every surrogate is paired). */
export function utf8Length(text: string): number {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/** The name, or null after reporting why it cannot name a file. */
export function readFileName(
  r: Report,
  v: unknown,
  path: string,
): string | null {
  const name = str(r, v, path);
  if (name === null) return null;
  if (LONE_SURROGATE.test(name))
    return r.add(
      path,
      `${show(name)} holds a lone UTF-16 surrogate, which has no UTF-8 form`,
    );
  if (name.includes('/') || name.includes('\0'))
    return r.add(
      path,
      `${show(name)} holds '/' or a NUL byte, which no file name may (a name is one directory entry)`,
    );
  if (name === '.' || name === '..')
    return r.add(path, `${show(name)} names a directory itself, not a file`);
  const length = utf8Length(name);
  if (length > MAX_NAME_BYTES)
    return r.add(
      path,
      `is ${String(length)} bytes in UTF-8; a file name holds at most ${String(MAX_NAME_BYTES)} (NAME_MAX)`,
    );
  return name;
}
