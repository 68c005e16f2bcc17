// The worker protocol, derived from one method table: every request, response and push the app and the
// engine worker exchange. String-literal unions only; errors cross the boundary as { errno, message }.

import type { ErrnoError } from './core/errno.ts';
import type { ScenarioFieldError } from './scenario/fieldReaders.ts';
import type { Op, Scenario, VariantId } from './scenario/types.ts';
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
  /** True when this open created and formatted the image; false when an existing image was mounted. */
  readonly created: boolean;
  /** The superblock copy that was used (0 = primary). */
  readonly superblockCopy: number;
  /** Damaged superblock copies, each with the reason. */
  readonly damagedCopies: readonly string[];
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
  readonly errno: string | null;
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
      readonly variant: VariantId;
      readonly eventCount: number;
      readonly outcomes: readonly RunOutcome[];
    }
  | {
      readonly ok: false;
      readonly runId: number;
      /** Field-path errors from the scenario validator. */
      readonly errors: readonly ScenarioFieldError[];
    };

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
   * Validates and runs a scenario under one design with tracing on. The events are pushed as `events`
   * batches tagged with `runId` before the reply arrives.
   */
  runScenario(args: {
    readonly runId: number;
    readonly source: ScenarioSource;
    readonly variant: VariantId;
  }): RunReply;
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

/** A batch of a run's step events, in seq order, sent before the run's reply. */
export interface EventsPush {
  readonly v: typeof PROTOCOL_VERSION;
  readonly kind: 'events';
  readonly runId: number;
  /** seq of the batch's first event: batches arrive contiguous and in order. */
  readonly from: number;
  readonly batch: readonly StepEvent[];
}

/** Messages the worker sends: replies to requests, and event batches of a run in progress. */
export type WorkerMessage = Response | EventsPush;

export type { ErrnoError, ScenarioFieldError };
