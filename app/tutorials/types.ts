// What a tutorial is made of: a built-in scenario under one design, and ordered checkpoints. A checkpoint
// stops at an event found by matching (never a raw step number), narrates, points at elements, claims
// states the engine must show there, and may ask the learner to predict what the next checkpoint shows.

import type {
  ExtentBitName,
  FlushStateName,
  IomapRec,
  PageFlagName,
  SpaceKind,
  DesignId,
} from '@engine';
import type { EventMatch } from '../model/eventMatch.ts';

export type Comparison = 'eq' | 'gt' | 'lt';

export type SpaceField = 'used' | 'reserved' | 'pinned' | 'mayUse';

export type InodeField =
  | 'isize'
  | 'diskIsize'
  | 'nbytes'
  | 'outstandingExtents'
  | 'delallocBytes'
  | 'newDelallocBytes';

export type CounterField =
  | 'syncReads'
  | 'bytesRead'
  | 'bytesZeroed'
  | 'bytesCopied'
  | 'orderedWaits'
  | 'eagainRetries'
  | 'extentLockCycles';

export type IomapTypeName = IomapRec['type'];

/** A state the narration asserts, checked against the reduced state at the checkpoint. */
export type Claim =
  /** A page of the file: cached or not, flags set and clear, per-block bits ("1100..."). */
  | {
      readonly kind: 'page';
      readonly file: string;
      readonly index: number;
      readonly cached?: boolean;
      readonly set?: readonly PageFlagName[];
      readonly clear?: readonly PageFlagName[];
      readonly uptodate?: string;
      readonly dirty?: string;
    }
  /** A space_info counter, as a change from the start of the scenario (after setup). */
  | {
      readonly kind: 'space';
      readonly space: 'data' | 'metadata';
      readonly field: SpaceField;
      readonly change: number;
    }
  /** Every byte of [start, end) in the file's io tree has the `set` bits and none of the `clear` bits. */
  | {
      readonly kind: 'bits';
      readonly file: string;
      readonly start: number;
      readonly end: number;
      readonly set?: readonly ExtentBitName[];
      readonly clear?: readonly ExtentBitName[];
    }
  /** The mapping of the iteration in progress (iomap and srcmap types; 'none': the design has no srcmap). */
  | {
      readonly kind: 'iomap';
      readonly type: IomapTypeName;
      readonly flags?: readonly string[];
      readonly srcmap?: IomapTypeName | 'none';
    }
  /** Which disk extent (by name) holds file offset `offset`, and the item's type ('none': a hole). */
  | {
      readonly kind: 'mapping';
      readonly file: string;
      readonly offset: number;
      readonly extent: string;
      readonly type?: 'regular' | 'prealloc';
    }
  /** A disk extent's reference count (0: the extent item is gone). */
  | { readonly kind: 'refs'; readonly extent: string; readonly refs: number }
  /** How many ordered extents the file has, optionally of one type and state. */
  | {
      readonly kind: 'ordered';
      readonly file: string;
      readonly count: number;
      readonly type?: 'regular' | 'nocow' | 'prealloc';
      readonly state?: 'submitted' | 'io_done';
    }
  | {
      readonly kind: 'inode';
      readonly file: string;
      readonly field: InodeField;
      readonly cmp: Comparison;
      readonly value: number;
    }
  /** A counter of the operation in progress (or the last one). */
  | {
      readonly kind: 'counter';
      readonly field: CounterField;
      readonly cmp: Comparison;
      readonly value: number;
    }
  /** The data oracle's verdict after the last finished operation. */
  | { readonly kind: 'oracle'; readonly ok: boolean }
  /** The last finished operation's result: an errno, or none. */
  | { readonly kind: 'result'; readonly errno: string | null }
  /** A kernel function is on the call stack. */
  | { readonly kind: 'stack'; readonly fn: string }
  /** Transactions committed since the start. */
  | { readonly kind: 'commits'; readonly change: number }
  /** How many block groups (chunks) of a type there are. */
  | {
      readonly kind: 'chunks';
      readonly type: SpaceKind;
      readonly count: number;
    }
  /** How many reservations wait in a space_info's ticket queue. */
  | {
      readonly kind: 'tickets';
      readonly space: 'data' | 'metadata';
      readonly count: number;
    }
  /** The flush state a space_info's reclaim worker is running (null: the worker is idle). */
  | {
      readonly kind: 'flush';
      readonly space: 'data' | 'metadata';
      readonly state: FlushStateName | null;
    }
  /** Device bytes no chunk uses yet, beyond the reserved first MiB. */
  | { readonly kind: 'unallocated'; readonly bytes: number }
  /** XFS: what the file's data or COW fork holds at byte `offset` ('none': no extent there). */
  | {
      readonly kind: 'xfsFork';
      readonly file: string;
      readonly fork: 'data' | 'cow';
      readonly offset: number;
      readonly state: 'delalloc' | 'unwritten' | 'written' | 'none';
    }
  /** XFS: a free-space counter in blocks, as a change from the start of the scenario. */
  | {
      readonly kind: 'xfsSpace';
      readonly field: 'fdblocks' | 'delallocBlocks';
      readonly change: number;
    }
  /** XFS: whether the disk block under the file's data fork at `offset` is shared (refcount above one). */
  | {
      readonly kind: 'xfsShared';
      readonly file: string;
      readonly offset: number;
      readonly shared: boolean;
    }
  /** Every one of these holds. */
  | { readonly kind: 'all'; readonly of: readonly Claim[] };

export interface QuestionOption {
  readonly id: string;
  readonly label: string;
  /** Holds in the next checkpoint's state exactly when this option is what happened. */
  readonly when: Claim;
}

/** A prediction: the correct option is the one whose `when` holds at the next checkpoint, computed. */
export interface Question {
  readonly prompt: string;
  readonly options: readonly QuestionOption[];
  /** Why, shown after any answer. */
  readonly explanation: string;
}

export interface Checkpoint {
  readonly title: string;
  /** The first event after the previous checkpoint that this matches. */
  readonly at: EventMatch;
  /** 2–5 sentences. */
  readonly narration: string;
  /** data-testids of the elements to highlight. */
  readonly look: readonly string[];
  readonly claims: readonly Claim[];
  readonly question?: Question;
}

export interface Tutorial {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  /** A built-in scenario id (engine/scenario/library). */
  readonly scenario: string;
  readonly variant: DesignId;
  readonly checkpoints: readonly Checkpoint[];
}
