// Why a file could not be read or written, in the words a command prints after the file's name.

const REASONS: Readonly<Record<string, string>> = {
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
  ENOSPC: 'no space left on the device',
};

/** `error` (thrown by node:fs) as a short reason: "no such file", "permission denied", ... */
export function describeFileError(
  error: unknown,
  doing: 'read' | 'write',
): string {
  const code = (error as { code?: string }).code;
  // Writing creates the file, so what is missing is a directory on its path.
  if (code === 'ENOENT')
    return doing === 'read' ? 'no such file' : 'no such directory';
  return (
    (code === undefined ? undefined : REASONS[code]) ??
    (error instanceof Error ? error.message : String(error))
  );
}
