// The worker protocol, derived from one method table: every request, response and push the app and the
// engine worker exchange. String-literal unions only; errors cross the boundary as { errno, message }.

import type { ErrnoError } from './core/errno.ts';

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

/** Messages the worker sends: replies to requests. */
export type WorkerMessage = Response;

export type { ErrnoError };
