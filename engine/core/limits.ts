// Limits the engine enforces, in one place.

/**
 * The largest file the engine simulates: 1 TiB. A write or read ending past it is EFBIG.
 * SIMPLIFICATION: btrfs allows MAX_LFS_FILESIZE (8 EiB); 1 TiB keeps every offset exact in a JS number
 * and the UI's file axis usable.
 */
export const MAX_FILE_SIZE = 1024 * 1024 * 1024 * 1024;
