// What the OPFS benchmark page asks its worker and what the worker answers (shared by both sides and the spec).

export interface OpfsBenchRequest {
  /** Bytes written by each measurement. */
  readonly bytes: number;
}

export interface OpfsBenchResult {
  readonly bytes: number;
  /** Raw OPFS: the volume in 1 MiB writes, then flush. */
  readonly rawLargeSeconds: number;
  /** Raw OPFS: the volume in 4 KiB writes, then flush. */
  readonly rawSmallSeconds: number;
  /** The engine: the volume in 4 KiB buffered writes (tracing off), into the page cache. */
  readonly engineWriteSeconds: number;
  /** The engine: writeback of those dirty pages through its WriteCache to OpfsDisk, then the flush. */
  readonly engineWritebackSeconds: number;
}

export type OpfsBenchReply =
  | { readonly ok: true; readonly result: OpfsBenchResult }
  | { readonly ok: false; readonly error: string };

/** How large raw OPFS writes are. */
export const LARGE_WRITE = 1024 * 1024;
