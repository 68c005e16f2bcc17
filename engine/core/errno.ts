// Simulated errors are values: an errno and a sentence, returned, never thrown.

/** The errno values the engine can return, with the kernel's names. */
export type Errno =
  | 'EINVAL'
  | 'EFBIG'
  | 'ENOSPC'
  | 'EIO'
  | 'EAGAIN'
  | 'EBUSY'
  | 'ENOENT'
  | 'EEXIST'
  | 'EACCES'
  | 'ENOTSUP'
  | 'EOPNOTSUPP'
  | 'EUCLEAN';

export interface ErrnoError {
  readonly errno: Errno;
  readonly message: string;
}

export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: ErrnoError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(errno: Errno, message: string): Result<T> {
  return { ok: false, error: { errno, message } };
}
