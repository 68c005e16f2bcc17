// A file's sha256 as the CLI reports it: streamed a bounded piece at a time, so memory stays flat whatever
// the file's size; files over MAX_HASHED_BYTES are not hashed (the hash reads every byte, holes included).

import { createHash } from 'node:crypto';

/** The largest file hashed: about 6 s of sha256 on this machine; a 1 TiB sparse file would take 25 min. */
export const MAX_HASHED_BYTES = 4 * 1024 * 1024 * 1024;

/** The file's sha256 in hex, or null when it is larger than MAX_HASHED_BYTES. */
export function fileSha256(
  sim: { streamFile(name: string, take: (bytes: Uint8Array) => void): void },
  name: string,
  size: number,
): string | null {
  if (size > MAX_HASHED_BYTES) return null;
  const hash = createHash('sha256');
  sim.streamFile(name, (bytes) => hash.update(bytes));
  return hash.digest('hex');
}
