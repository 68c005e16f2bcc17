// Runs one scenario operation against the filesystem and keeps the two oracles in step: the data oracle
// (what every file must read back now) and the durability oracle (what must survive a power cut). Errors
// are values; the oracles change only by what the operation really did.

import { copyChecks } from '../core/copyChecks.ts';
import { fail, ok, type ErrnoError, type Result } from '../core/errno.ts';
import { MAX_FILE_SIZE } from '../core/limits.ts';
import { alignDown, shortSize } from '../core/units.ts';
import { fallocate } from '../btrfs/fallocate.ts';
import type { Fs, FsInode } from '../btrfs/fs.ts';
import { completeAllIo } from '../btrfs/ordered.ts';
import { bufferedRead } from '../btrfs/readpage.ts';
import { cloneRange, dedupeRange } from '../btrfs/remap.ts';
import { commitTransaction } from '../btrfs/transaction.ts';
import { contExpand, setSize } from '../btrfs/truncate.ts';
import { writepages } from '../btrfs/writeback.ts';
import { compareFile, type DataOracle } from '../oracle/oracle.ts';
import type { DurabilityModel } from '../oracle/durability.ts';
import { UserBuffer } from '../iomap/userBuffer.ts';
import type { Op } from '../scenario/types.ts';
import { PG } from '../trace/records.ts';
import type { Variant } from '../variants/variant.ts';

export interface OpContext {
  readonly fs: Fs;
  readonly variant: Variant;
  readonly oracle: DataOracle;
  readonly durability: DurabilityModel;
  /** The scenario's dirty page limit (memory pressure), if any. */
  readonly dirtyLimit: number | undefined;
  /** Problems found by the operation itself (a read returning wrong bytes, lost fsync'ed data). */
  readonly findings: string[];
  /** Power cut (seeded partial loss with a seed) and mount again; clean unmount and mount for remount. */
  remount(kind: 'power-cut' | 'remount', seed?: number): Result<void>;
}

/**
 * What a write op copies from: its pattern in a user buffer seeded by the op's index (both filesystems'
 * simulations write the same bytes for the same op); null for an empty write; the range's errno when bad.
 */
export function writeSource(
  op: Extract<Op, { op: 'write' }>,
  index: number,
): Result<UserBuffer | null> {
  const bad = checkRange(op.offset, op.length);
  if (bad !== null) return fail(bad.errno, bad.message);
  if (op.length === 0) return ok(null);
  return ok(new UserBuffer(op.length, op.pattern, index + 1, op.shortCopyAt));
}

/** EINVAL for a negative or fractional offset or length, EFBIG past the maximum file size. */
export function checkRange(offset: number, length: number): ErrnoError | null {
  if (!Number.isSafeInteger(offset) || offset < 0)
    return {
      errno: 'EINVAL',
      message: `offset ${String(offset)} is not a non-negative integer`,
    };
  if (!Number.isSafeInteger(length) || length < 0)
    return {
      errno: 'EINVAL',
      message: `length ${String(length)} is not a non-negative integer`,
    };
  if (offset + length > MAX_FILE_SIZE)
    return {
      errno: 'EFBIG',
      message: `the range ends past the maximum file size (${shortSize(MAX_FILE_SIZE)})`,
    };
  return null;
}

function inode(fs: Fs, name: string): FsInode {
  const entry = fs.byName(name);
  if (entry === undefined) throw new Error(`unknown file ${name}`);
  return entry;
}

/** Writes `buf` at `pos` through the design's buffered write path; the oracles learn what was written. */
function write(
  ctx: OpContext,
  file: string,
  pos: number,
  buf: UserBuffer,
): Result<number> {
  // btrfs_file_write_iter: a write starting in a block past the EOF block first zeroes the rest of the
  // EOF block (btrfs_cont_expand): its tail on disk may hold stale bytes from before a truncate.
  const entry = inode(ctx.fs, file);
  const ss = ctx.fs.geo.sectorSize;
  if (alignDown(pos, ss) > entry.inode.isize) {
    const expanded = contExpand(ctx.fs, entry, pos + buf.length);
    if (!expanded.ok) return fail(expanded.error.errno, expanded.error.message);
  }
  const r = ctx.variant.bufferedWrite(
    { fs: ctx.fs, entry: inode(ctx.fs, file), buf, base: pos },
    pos,
    buf.length,
  );
  if (r.ok && r.value > 0) {
    ctx.oracle.write(file, pos, buf.bytes(0, r.value));
    ctx.durability.changed(file, pos, pos + r.value);
    balanceDirtyPages(ctx, file);
  }
  return r;
}

/** balance_dirty_pages: past the scenario's dirty limit, background writeback of the file starts. */
function balanceDirtyPages(ctx: OpContext, file: string): void {
  const { fs } = ctx;
  if (ctx.dirtyLimit === undefined) return;
  let dirty = 0;
  for (const entry of fs.inodes.values())
    for (const page of entry.mapping.all()) if (page.has(PG.dirty)) dirty++;
  if (dirty <= ctx.dirtyLimit) return;
  fs.rec.call(
    'balance_dirty_pages',
    `${String(dirty)} dirty pages exceed the limit of ${String(ctx.dirtyLimit)}: start writeback`,
    () => {
      writepages(fs, inode(fs, file), false);
    },
  );
}

function sync(ctx: OpContext, files: readonly string[], why: string): void {
  const { fs } = ctx;
  for (const name of files) writepages(fs, inode(fs, name), true);
  commitTransaction(fs, why);
  for (const name of files)
    ctx.durability.persist(name, ctx.oracle.expected(name));
}

export function runOp(
  ctx: OpContext,
  index: number,
  op: Op,
  allFiles: readonly string[],
): Result<number> {
  const { fs } = ctx;
  switch (op.op) {
    case 'write': {
      const src = writeSource(op, index);
      if (!src.ok) return fail(src.error.errno, src.error.message);
      return src.value === null
        ? ok(0)
        : write(ctx, op.file, op.offset, src.value);
    }
    case 'read': {
      const bad = checkRange(op.offset, op.length);
      if (bad !== null) return fail(bad.errno, bad.message);
      const r = bufferedRead(fs, inode(fs, op.file), op.offset, op.length);
      if (!r.ok) return fail(r.error.errno, r.error.message);
      const expected = ctx.oracle
        .expected(op.file)
        .slice(op.offset, op.offset + r.value.length);
      const verdict = compareFile(op.file, expected, r.value);
      if (!verdict.ok) {
        ctx.findings.push(...verdict.mismatches.map((m) => `read: ${m}`));
        fs.rec.emit(
          'oracle.check',
          verdict,
          `the read returned wrong bytes: ${verdict.mismatches.join('; ')}`,
        );
      }
      return ok(r.value.length);
    }
    case 'writeback':
      writepages(fs, inode(fs, op.file), op.wait);
      return ok(0);
    case 'complete-io':
      fs.rec.call(
        'complete_io',
        'let every in-flight bio and ordered extent complete',
        () => {
          completeAllIo(fs);
        },
      );
      return ok(0);
    case 'truncate': {
      const bad = checkRange(op.size, 0);
      if (bad !== null) return fail(bad.errno, bad.message);
      const r = setSize(fs, inode(fs, op.file), op.size);
      if (!r.ok) return fail(r.error.errno, r.error.message);
      ctx.oracle.resize(op.file, op.size);
      ctx.durability.resized(op.file, op.size);
      return ok(0);
    }
    case 'fallocate': {
      const bad = checkRange(op.offset, op.length);
      if (bad !== null) return fail(bad.errno, bad.message);
      const before = ctx.oracle.expected(op.file).size;
      const r = fallocate(fs, inode(fs, op.file), op);
      if (!r.ok) return fail(r.error.errno, r.error.message);
      const end = op.offset + op.length;
      if (!op.keepSize && end > before) ctx.oracle.resize(op.file, end);
      if (op.mode !== 'allocate') {
        ctx.oracle.zero(op.file, op.offset, end);
        ctx.durability.changed(op.file, op.offset, end);
      }
      return ok(0);
    }
    case 'clone-range':
    case 'dedupe-range':
    case 'copy-range': {
      const bad =
        checkRange(op.srcOffset, op.length) ?? checkRange(op.offset, op.length);
      if (bad !== null) return fail(bad.errno, bad.message);
      const args = {
        srcOffset: op.srcOffset,
        length: op.length,
        offset: op.offset,
      };
      const entry = inode(fs, op.file);
      const r =
        op.op === 'clone-range'
          ? cloneRange(fs, entry, args)
          : op.op === 'dedupe-range'
            ? dedupeRange(fs, entry, args)
            : copyRange(ctx, op.file, args);
      if (!r.ok) return r;
      if (op.op === 'clone-range' && r.value > 0) {
        ctx.oracle.copy(op.file, op.srcOffset, r.value, op.offset);
        ctx.durability.changed(op.file, op.offset, op.offset + r.value);
      }
      return r;
    }
    case 'fsync':
      fs.rec.call('btrfs_sync_file', `fsync(${op.file})`, () => {
        // SIMPLIFICATION: fsync commits the whole transaction instead of writing a log tree.
        sync(ctx, [op.file], `make ${op.file} durable (fsync)`);
      });
      return ok(0);
    case 'sync':
      fs.rec.call('ksys_sync', 'write back every file and commit', () => {
        sync(ctx, allFiles, 'sync(2)');
      });
      return ok(0);
    case 'commit':
      commitTransaction(fs, 'the commit interval expired');
      return ok(0);
    case 'power-cut': {
      const r = ctx.remount('power-cut', op.seed);
      return r.ok ? ok(0) : fail(r.error.errno, r.error.message);
    }
    case 'drop-caches':
      fs.rec.call('drop_pagecache_sb', 'evict every clean, idle page', () => {
        for (const entry of fs.inodes.values()) entry.mapping.dropClean();
      });
      return ok(0);
    case 'remount': {
      fs.rec.call('btrfs_put_super', 'unmount: write back, commit', () => {
        sync(ctx, allFiles, 'unmount');
      });
      const r = ctx.remount('remount');
      return r.ok ? ok(0) : fail(r.error.errno, r.error.message);
    }
  }
}

/**
 * copy_file_range within a file: the VFS first tries a reflink (aligned ranges), else splices: a buffered
 * read of the source and a buffered write of those bytes through the design's write path.
 */
function copyRange(
  ctx: OpContext,
  file: string,
  args: { srcOffset: number; length: number; offset: number },
): Result<number> {
  const { fs } = ctx;
  const entry = inode(fs, file);
  const plan = copyChecks(fs.geo.sectorSize, entry.inode.isize, args);
  if (!plan.ok) return plan;
  const { len, aligned } = plan.value;
  if (len === 0) return ok(0);
  return fs.rec.call(
    'vfs_copy_file_range',
    `copy ${shortSize(len)} from ${shortSize(args.srcOffset)} to ${shortSize(args.offset)}`,
    () => {
      if (aligned) {
        const r = cloneRange(fs, entry, { ...args, length: len });
        if (r.ok && r.value > 0) {
          ctx.oracle.copy(file, args.srcOffset, r.value, args.offset);
          ctx.durability.changed(file, args.offset, args.offset + r.value);
        }
        return r;
      }
      const read = bufferedRead(fs, entry, args.srcOffset, len);
      if (!read.ok) return fail(read.error.errno, read.error.message);
      return write(ctx, file, args.offset, new UserBuffer(len, read.value, 0));
    },
  );
}
