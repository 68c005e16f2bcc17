// The worker protocol, derived from one method table: every request, response and push the app and the
// engine worker exchange. String-literal unions only; errors cross the boundary as { errno, message }.

import type { Errno, ErrnoError } from './core/errno.ts';
import type { ScenarioFieldError } from './scenario/fieldReaders.ts';
import type { DesignId, Op, Scenario } from './scenario/types.ts';
import type { StepEvent } from './trace/events.ts';
import type { CountersRec } from './trace/records.ts';

export const PROTOCOL_VERSION = 1;

/** Messages cross a trust boundary: check the version a peer actually sent. */
export function isCurrentProtocol(message: { readonly v: number }): boolean {
  return message.v === PROTOCOL_VERSION;
}

/** What the page shows about the disk image the worker holds. */
export interface ImageInfo {
  /** The OPFS file name. */
  readonly name: string;
  readonly sizeBytes: number;
  readonly generation: number;
  /** 32 hex digits. */
  readonly fsid: string;
  readonly sectorsize: number;
  readonly nodesize: number;
  /** What this tab found when it opened the image: a new one it formatted, or an existing filesystem it mounted. */
  readonly opened: {
    readonly created: boolean;
    readonly generation: number;
    readonly fsid: string;
  };
  /** The superblock copy that was used (0 = primary). */
  readonly superblockCopy: number;
  /** Damaged superblock copies, each with the reason. */
  readonly damagedCopies: readonly string[];
  /** The run that formatted and wrote the filesystem now on the image ("S2 under srcmap"), or null. */
  readonly writtenBy: string | null;
}

/** Where a run asks to run: on the worker's OPFS image when it can, or in memory. */
export type DeviceRequest = 'image' | 'memory';

/** Where a run actually ran, and why not on the image when it asked for it. */
export type RunDevice =
  | { readonly kind: 'image'; readonly sizeBytes: number }
  | {
      readonly kind: 'memory';
      readonly sizeBytes: number;
      /** One sentence for the page; null when the run asked for memory (compare's second run). */
      readonly reason: string | null;
    };

/** A power cut a run asks for: just before step event `event`; with `seed` a seeded part of the unflushed writes lands. */
export interface CutRequest {
  readonly event: number;
  readonly seed?: number;
}

/** A file range, with what it reads after the mount. */
export interface LostRange {
  readonly offset: number;
  readonly length: number;
  /** before-op: what a read returned before the interrupted operation; disk: other, older bytes from the disk. */
  readonly reads: 'before-op' | 'disk';
}

/** One file after a power cut: what it reads after the mount, against what the interrupted operation would have left. */
export interface FileSurvival {
  readonly name: string;
  /** i_size before the interrupted operation, had it completed, and after the mount. */
  readonly sizeBefore: number;
  readonly sizeIntended: number;
  readonly sizeAfter: number;
  /** Sector-aligned ranges that differ from what the completed operation would have left, in file order. */
  readonly lost: readonly LostRange[];
  /** True when the file was too large to compare byte by byte (`lost` is then empty). */
  readonly skipped: boolean;
}

/** What a run's power cut interrupted and what survived it. */
export interface CutReport {
  /** The operation the cut interrupted. */
  readonly op: number;
  /** seq of the power.cut event. */
  readonly event: number;
  readonly seed: number | null;
  readonly files: readonly FileSurvival[];
}

/** Which scenario to run: a built-in by id, or scenario JSON text (validated in the worker). */
export type ScenarioSource =
  | { readonly kind: 'builtin'; readonly id: string }
  | { readonly kind: 'inline'; readonly json: string };

/** One operation's outcome, as the page shows it. */
export interface RunOutcome {
  readonly op: number;
  readonly spec: Op;
  /** describeOp(spec), computed in the worker. */
  readonly description: string;
  /** Bytes written or read; -1 with an errno. */
  readonly result: number;
  readonly errno: Errno | null;
  readonly message: string | null;
  readonly counters: CountersRec;
  readonly oracleOk: boolean;
  readonly mismatches: readonly string[];
}

/** The reply to runScenario: the run's summary (its events came before it as `events` pushes), or why not. */
export type RunReply =
  | {
      readonly ok: true;
      readonly runId: number;
      readonly scenario: Scenario;
      readonly variant: DesignId;
      readonly eventCount: number;
      readonly outcomes: readonly RunOutcome[];
      readonly device: RunDevice;
      /** The image after the run (it formatted and wrote it), or null when the run was in memory. */
      readonly image: ImageInfo | null;
      /** The power cut of `cutAt`, or null (none asked for, or the run ended before its event). */
      readonly cut: CutReport | null;
    }
  | {
      readonly ok: false;
      readonly runId: number;
      /** Field-path errors from the scenario validator. */
      readonly errors: readonly ScenarioFieldError[];
    };

export interface RunArgs {
  readonly runId: number;
  readonly source: ScenarioSource;
  readonly variant: DesignId;
  readonly device: DeviceRequest;
  readonly cutAt?: CutRequest;
}

/** The methods the engine worker serves. Each takes one argument object and returns a value. */
export interface EngineMethods {
  /** Opens the OPFS image, creating and formatting it when missing. */
  openImage(args: {
    readonly sizeIfNew: number;
    readonly seed: number;
  }): ImageInfo;
  /** Deletes the OPFS image and formats a fresh one. */
  resetImage(args: {
    readonly sizeBytes: number;
    readonly seed: number;
  }): ImageInfo;
  /** Flushes and releases the image so another tab can take it over. */
  releaseImage(args: Record<string, never>): { readonly released: boolean };
  /**
   * Validates and runs a scenario under one design with tracing on. Once valid, a `run` push announces it;
   * its events follow as `events` batches tagged with `runId`, all before the reply arrives. On `image`
   * the run formats and writes the OPFS image when it is open and at least the scenario's device size.
   */
  runScenario(args: RunArgs): RunReply;
}

export type MethodName = keyof EngineMethods;
export type MethodArgs<M extends MethodName> = Parameters<EngineMethods[M]>[0];
export type MethodResult<M extends MethodName> = ReturnType<EngineMethods[M]>;

export interface Request<M extends MethodName = MethodName> {
  readonly v: typeof PROTOCOL_VERSION;
  readonly kind: 'req';
  readonly id: number;
  readonly method: M;
  readonly args: MethodArgs<M>;
}

export type Response<M extends MethodName = MethodName> =
  | {
      readonly v: typeof PROTOCOL_VERSION;
      readonly kind: 'res';
      readonly id: number;
      readonly ok: true;
      readonly value: MethodResult<M>;
    }
  | {
      readonly v: typeof PROTOCOL_VERSION;
      readonly kind: 'res';
      readonly id: number;
      readonly ok: false;
      readonly error: ErrnoError;
    };

/** A valid scenario is about to run: what the page needs to show the run while its events arrive. */
export interface RunPush {
  readonly v: typeof PROTOCOL_VERSION;
  readonly kind: 'run';
  readonly runId: number;
  readonly scenario: Scenario;
  readonly variant: DesignId;
  readonly device: RunDevice;
}

/** A batch of a run's step events, in seq order, sent before the run's reply. */
export interface EventsPush {
  readonly v: typeof PROTOCOL_VERSION;
  readonly kind: 'events';
  readonly runId: number;
  /** seq of the batch's first event: batches arrive contiguous and in order. */
  readonly from: number;
  readonly batch: readonly StepEvent[];
  /** The operations that finished with this batch (their op.end is in it), in order. */
  readonly outcomes: readonly RunOutcome[];
}

/** What a run pushes before its reply. */
export type RunStreamPush = RunPush | EventsPush;

/** Messages the worker sends: replies to requests, and the pushes of a run in progress. */
export type WorkerMessage = Response | RunStreamPush;

export type { ErrnoError, ScenarioFieldError };
