// The fsx op log: the `--record-ops` file of xfstests' fsx exerciser (ltp/fsx.c), and what its reader
// (fsxParse.ts), its scenario builder (fsxToScenario.ts) and its writer (fsxWrite.ts) share: the op names,
// the log's records and which ops name a file. Rule: the format's tables only; pure, no node APIs.
//
// THE FORMAT, as fsx's logdump() writes it and read_op() reads it back: one op per line,
//   <op> <numbers> [keep_size] [close_open] [unshare] [*]
// Numbers are hex with 0x (fsx prints %x); decimal is accepted too. fsx logs an op through log4() (two
// arguments, then the file size before the op) or log5() (three arguments, then that size), so:
//   write | mapwrite | read | mapread   OFF LEN [SIZE]
//   truncate                            0x0 NEW [OLD]
//   fallocate | punch_hole | zero_range | collapse_range | insert_range   OFF LEN [SIZE]
//   clone_range | dedupe_range | copy_range                              SRC LEN DST [SIZE]
//   fsync                               [0x0 0x0 SIZE]
// The trailing size is information: fsx's replay ignores it, and so does this reader. keep_size is
// FALLOC_FL_KEEP_SIZE (fallocate, zero_range; punch_hole always keeps the size); unshare is
// FALLOC_FL_UNSHARE_RANGE on fallocate; `*` marks ops overlapping the offset where fsx saw bad data
// (kept, not acted on). Lines starting with `#` (but see `#!` below) or `skip ` (ops fsx skipped) and
// blank lines are ignored.
//
// THE BYTE RULE: op k — the k-th line that is not ignored, from 1 — writes bytes (k mod 255) + 1. Line k
// becomes ops[k - 1] exactly, and the engine's 'op-index' pattern writes ((index + 1) mod 255) + 1, so
// the two agree by construction. fsx's own gendata() is different (testcalls % 256, plus random bytes at odd
// offsets), so byte values never equal a real fsx run's; sizes, ranges and holes do.
//
// MAPPINGS: mapread/mapwrite replay as read/write (SIMPLIFICATION: no mmap or page_mkwrite path), and
// newer fsx's read_dontcache, write_dontcache and write_atomic likewise. unshare replays as a mode-0
// allocate: FALLOC_FL_UNSHARE_RANGE leaves the contents as they are, as allocate does (btrfs itself
// refuses UNSHARE with EOPNOTSUPP, so such a log comes from another filesystem). collapse_range and
// insert_range become the engine's collapse-range and insert-range, which answer EOPNOTSUPP as btrfs
// does. close_open (fsx closes the file, drops caches and reopens it) changes no contents: it replays as
// nothing and is only counted. It is a flag on its op's line; a line holding only close_open (fsx never
// writes one, a hand-written log may) is not an op, so it is ignored and does not move k.
//
// WRITING: opsToFsxLog writes exactly one counted line per engine op, so op k keeps its number and its
// bytes on replay. An op fsx has no form for (writeback, complete-io, sync, commit, power-cut, remount,
// a write of a fixed byte or with a short copy, a punch that does not keep the size, a negative offset)
// is written as a directive, `#! <the op as scenario JSON, without its file>`. fsx skips it like any
// `#` line; this reader replays it and counts it. Writing such ops as plain `#` comments would drop
// them from the count and shift the byte of every later write. Each fsx line ends with the file size
// before the op as fsx would log it, modelled here assuming every op succeeds (information only).
//
import type { Op } from './types.ts';

type WithoutFile<T> = T extends unknown ? Omit<T, 'file'> : never;

/** An engine op as a log line states it; the file is the log's one file, named when it is replayed. */
export type FsxOp = WithoutFile<Op>;

/** The op names fsx writes (op_names[] in ltp/fsx.c) that this reader replays. */
export const FSX_OP_NAMES = [
  'read',
  'write',
  'mapread',
  'mapwrite',
  'read_dontcache',
  'write_dontcache',
  'write_atomic',
  'truncate',
  'fallocate',
  'punch_hole',
  'zero_range',
  'collapse_range',
  'insert_range',
  'clone_range',
  'dedupe_range',
  'copy_range',
  'fsync',
] as const;
export type FsxOpName = (typeof FSX_OP_NAMES)[number];

/** One counted line of the log: op k is entries[k - 1]. */
export interface FsxEntry {
  /** 1-based line number in the log text. */
  readonly line: number;
  /** The line as written, trimmed. */
  readonly text: string;
  /** The fsx op name, or '#!' for a directive line. */
  readonly name: FsxOpName | '#!';
  /** The engine op it replays as. */
  readonly op: FsxOp;
  /** fsx closed and reopened the file after this op: no effect on contents, nothing replayed. */
  readonly closeOpen: boolean;
  /** fsx's `*`: the op overlaps the offset where fsx read bad data. */
  readonly marked: boolean;
}

export interface FsxLog {
  readonly entries: readonly FsxEntry[];
  /** close_open flags plus close_open-only lines: counted, never replayed. */
  readonly closeOpen: number;
  /** Lines that are not ops. */
  readonly ignored: {
    readonly comments: number;
    readonly skipped: number;
    readonly blank: number;
    readonly closeOpenOnly: number;
  };
}

/** Which engine ops act on a file (and so take the log's file when replayed). */
export const NEEDS_FILE: Readonly<Record<Op['op'], boolean>> = {
  write: true,
  read: true,
  writeback: true,
  'complete-io': false,
  truncate: true,
  fallocate: true,
  'clone-range': true,
  'dedupe-range': true,
  'copy-range': true,
  fsync: true,
  sync: false,
  commit: false,
  'power-cut': false,
  remount: false,
  'drop-caches': false,
};

/** An engine op as a log line states it: the log is about one file, so its ops name none. */
export function withoutFile(op: Op): FsxOp {
  const copy: Record<string, unknown> = { ...op };
  delete copy.file;
  return copy as FsxOp;
}
