// The engine's public entry: the only module the app imports (besides the worker protocol).

export { DEFAULT_IMAGE_BYTES, formatSize } from './disk/format/image.ts';
export type { Errno, ErrnoError } from './core/errno.ts';
