// Limits the engine enforces, in one place.

/**
 * The largest file the engine simulates: 1 TiB. A write or read ending past it is EFBIG.
 * SIMPLIFICATION: btrfs allows MAX_LFS_FILESIZE (8 EiB); 1 TiB keeps every offset exact in a JS number
 * and the UI's file axis usable.
 */
export const MAX_FILE_SIZE = 1024 * 1024 * 1024 * 1024;

const MiB = 1024 * 1024;

/**
 * What one scenario may ask of the engine, so that every scenario that passes validation runs to an answer
 * in bounded time and memory (docs/scenario-format.md, "Limits"). The engine's memory follows the data a run moves: the page
 * cache, the disk, the two oracles and (traced) about 20 step events per page touched.
 */
export interface ScenarioLimits {
  /** Operations in one scenario. */
  readonly maxOps: number;
  /** Files in one scenario. */
  readonly maxFiles: number;
  /** Prepared extents, over all files. */
  readonly maxExtents: number;
  /** Bytes one write, read, copy-range or dedupe-range may move. */
  readonly maxOpBytes: number;
  /**
   * Bytes the whole scenario may move: prepared extents and cached ranges, then the lengths of every
   * write, read, copy-range and dedupe-range.
   */
  readonly maxTotalBytes: number;
  /** Distinct file bytes (per file, the union of the ranges) those may touch, over all files. */
  readonly maxTouchedBytes: number;
}

/** A scenario file: run with every step traced (the app, `run`, `compare`). */
export const SCENARIO_LIMITS: ScenarioLimits = {
  maxOps: 10_000,
  maxFiles: 256,
  maxExtents: 4096,
  maxOpBytes: 64 * MiB,
  maxTotalBytes: 256 * MiB,
  maxTouchedBytes: 256 * MiB,
};

/** An fsx op log: replayed without a trace, so many more ops and bytes moved, over the same distinct bytes. */
export const FSX_LOG_LIMITS: ScenarioLimits = {
  ...SCENARIO_LIMITS,
  maxOps: 100_000,
  maxTotalBytes: 4096 * MiB,
};

/**
 * The largest scenario file or fsx log the CLI reads and the app opens (a 100,000-op log is about 3 MiB);
 * a share link's scenario is capped lower, at 4 MiB once decompressed (app/client/shareLink.ts).
 */
export const MAX_SCENARIO_TEXT_BYTES = 64 * MiB;

/** The longest file name, in UTF-8 bytes (BTRFS_NAME_LEN, as Linux's NAME_MAX). */
export const MAX_NAME_BYTES = 255;
