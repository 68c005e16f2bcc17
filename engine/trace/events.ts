// The step events: one discriminated union with dotted kinds. Every event carries its position (seq, t),
// the kernel function it happens in (kfn, depth), a one-line narration, and the record changes that make
// it reversible. Consumers switch on `kind` exhaustively.

import type { Errno } from '../core/errno.ts';
import type { Op } from '../scenario/types.ts';
import type {
  FlushStateName,
  ProfileName,
  RecordChange,
  SpaceKind,
} from './records.ts';

export interface EventBase {
  readonly seq: number;
  /** Simulated time in microseconds. */
  readonly t: number;
  /** Call-stack depth at this event (0 = outside any kernel function). */
  readonly depth: number;
  /** The kernel function this happens in ('' outside any). */
  readonly kfn: string;
  /** Index of the scenario operation in progress, or -1 during setup. */
  readonly op: number;
  /** Why this step happens, in one sentence. */
  readonly note: string;
  /** Record changes this step makes (applied forward, reverted backward). */
  readonly changes?: readonly RecordChange[];
}

export type IoDir = 'read' | 'write';

export type StepEvent = EventBase &
  (
    | {
        readonly kind: 'sim.setup';
        readonly scenario: string;
        readonly variant: string;
      }
    | { readonly kind: 'op.start'; readonly opSpec: Op }
    | {
        readonly kind: 'op.end';
        readonly result: number;
        readonly errno: Errno | null;
      }
    | { readonly kind: 'call.enter'; readonly fn: string }
    | { readonly kind: 'call.exit'; readonly fn: string }
    | {
        readonly kind: 'pagecache.lookup';
        readonly ino: number;
        readonly index: number;
        readonly hit: boolean;
      }
    | {
        readonly kind: 'page.flags';
        readonly ino: number;
        readonly index: number;
      }
    | {
        readonly kind: 'page.copy';
        readonly ino: number;
        readonly index: number;
        readonly from: number;
        readonly length: number;
        readonly copied: number;
      }
    | {
        readonly kind: 'page.zero';
        readonly ino: number;
        readonly index: number;
        readonly ranges: readonly (readonly [number, number])[];
      }
    | {
        readonly kind: 'page.read';
        readonly ino: number;
        readonly index: number;
        readonly from: number;
        readonly length: number;
        /** Disk address read from, or -1 when the range reads as zeros (hole, unwritten, past EOF). */
        readonly bytenr: number;
      }
    | {
        readonly kind: 'iomap.begin';
        readonly pos: number;
        readonly length: number;
        readonly flags: readonly string[];
      }
    | {
        readonly kind: 'iomap.end';
        readonly pos: number;
        readonly length: number;
        readonly written: number;
      }
    | {
        readonly kind: 'btrfs.reserve';
        readonly space: 'data' | 'metadata';
        readonly bytes: number;
        readonly ok: boolean;
      }
    | {
        readonly kind: 'btrfs.release';
        readonly space: 'data' | 'metadata';
        readonly bytes: number;
      }
    | {
        readonly kind: 'btrfs.ticket';
        readonly id: number;
        readonly space: 'data' | 'metadata';
        readonly bytes: number;
        /** queue: the reservation waits; grant: it got its bytes; fail: ENOSPC. */
        readonly action: 'queue' | 'grant' | 'fail';
      }
    | {
        readonly kind: 'btrfs.flush';
        readonly space: 'data' | 'metadata';
        readonly state: FlushStateName;
      }
    | {
        /** btrfs_update_global_block_rsv after a new block group: the reserve's size, resized or not. */
        readonly kind: 'btrfs.global_rsv';
        readonly size: number;
      }
    | {
        readonly kind: 'btrfs.chunk_alloc';
        readonly type: SpaceKind;
        readonly profile: ProfileName;
        /** The new block group's logical start and length; 0 when no chunk could be allocated. */
        readonly start: number;
        readonly length: number;
        readonly ok: boolean;
      }
    | {
        readonly kind: 'btrfs.lock';
        readonly ino: number;
        readonly start: number;
        readonly end: number;
      }
    | {
        readonly kind: 'btrfs.unlock';
        readonly ino: number;
        readonly start: number;
        readonly end: number;
      }
    | {
        readonly kind: 'btrfs.bits';
        readonly ino: number;
        readonly start: number;
        readonly end: number;
        readonly set: readonly string[];
        readonly clear: readonly string[];
      }
    | {
        readonly kind: 'btrfs.ordered';
        readonly id: number;
        readonly action: 'add' | 'io_done' | 'finish' | 'wait';
      }
    | {
        readonly kind: 'btrfs.extent';
        readonly action: 'alloc' | 'insert' | 'drop' | 'split' | 'free' | 'ref';
      }
    | { readonly kind: 'btrfs.eagain' }
    | {
        readonly kind: 'btrfs.nocow';
        readonly ok: boolean;
        readonly bytes: number;
      }
    | { readonly kind: 'btrfs.inode'; readonly ino: number }
    | { readonly kind: 'iomap.map' }
    | {
        readonly kind: 'io.submit';
        readonly dir: IoDir;
        readonly bytenr: number;
        readonly length: number;
      }
    | {
        readonly kind: 'io.complete';
        readonly dir: IoDir;
        readonly bytenr: number;
        readonly length: number;
      }
    | {
        readonly kind: 'oracle.check';
        readonly ok: boolean;
        readonly mismatches: readonly string[];
      }
    | {
        readonly kind: 'btrfs.commit';
        readonly generation: number;
        /** trees: new trees flushed; super: superblocks flushed; unpin: pinned space freed. */
        readonly phase: 'trees' | 'super' | 'unpin';
      }
    | {
        readonly kind: 'power.cut';
        /** Unflushed blocks the device lost, and those that landed anyway (a seeded partial loss). */
        readonly lostBlocks: number;
        readonly landedBlocks: number;
      }
    | {
        readonly kind: 'fs.mount';
        readonly generation: number;
        /** The superblock copy used (0 = primary). */
        readonly copy: number;
      }
    | {
        readonly kind: 'error';
        readonly errno: Errno;
        readonly message: string;
      }
  );

export type StepEventKind = StepEvent['kind'];
export type EventPayload<K extends StepEventKind> = Omit<
  Extract<StepEvent, { kind: K }>,
  keyof EventBase | 'kind'
>;
