// Runs one engine scenario operation on a real file, mostly through xfs_io, with the engine's byte rule:
// a write of op index i (0-based) writes the byte ((i + 1) mod 255) + 1 (the 'op-index' pattern that
// replay-fsx and the built-in scenarios use), or the op's fixed byte. Returns the command and how it ended.

import { patternByte } from '../engine/iomap/userBuffer.ts';
import type { Op } from '../engine/scenario/types.ts';
import type { KernelResult, TraceEvent } from './fixture.ts';
import { runCommand, sleep, type Host, type Mounted } from './kernelHost.ts';

/** The byte a write op of 0-based index `index` writes (UserBuffer's rule). */
export function writeByte(
  op: Extract<Op, { op: 'write' }>,
  index: number,
): number {
  return patternByte(op.pattern, index + 1);
}

/** xfs_io's error text -> errno name. */
const ERRNO_TEXT: readonly (readonly [RegExp, string])[] = [
  [/No space left on device/i, 'ENOSPC'],
  [/Invalid argument/i, 'EINVAL'],
  [/Operation not supported/i, 'EOPNOTSUPP'],
  [/File too large/i, 'EFBIG'],
  [/Text file busy/i, 'ETXTBSY'],
  [/Input\/output error/i, 'EIO'],
];

function resultOf(
  stdout: string,
  stderr: string,
  status: number,
): KernelResult {
  const text = `${stderr}\n${stdout}`;
  // FIDEDUPERANGE succeeds and reports FILE_DEDUPE_RANGE_DIFFERS when the ranges differ; xfs_io prints it.
  if (/Extents did not match/i.test(text)) return { ok: true };
  for (const [re, errno] of ERRNO_TEXT)
    if (re.test(text)) return { ok: false, errno, message: text.trim() };
  if (status !== 0)
    return { ok: false, errno: 'EUNKNOWN', message: text.trim() };
  return { ok: true };
}

/** The python one-liner that commits the transaction without writing back dirty data (START_SYNC, WAIT_SYNC). */
const COMMIT_PY = [
  'import fcntl, os, struct, sys',
  'fd = os.open(sys.argv[1], os.O_RDONLY)',
  'b = bytearray(8)',
  'fcntl.ioctl(fd, 0x80089418, b)',
  'fcntl.ioctl(fd, 0x40089416, bytes(b))',
].join('\n');

export interface KernelFileContext {
  readonly host: Host;
  mounted: Mounted;
  /** The file's name inside the mount. */
  readonly name: string;
  /** Mount-point name for remounts in the work directory. */
  readonly mountName: string;
  /**
   * Empty the trace buffer whenever no ordered extent is outstanding, so waits stay fast over long runs
   * (for replays, which keep no per-op events).
   */
  readonly clearTraceWhenIdle?: boolean;
}

export function filePath(ctx: KernelFileContext): string {
  return `${ctx.mounted.dir}/${ctx.name}`;
}

function xfsIo(
  ctx: KernelFileContext,
  command: string,
): { command: string; result: KernelResult } {
  const r = runCommand('xfs_io', ['-c', command, filePath(ctx)]);
  return {
    command: `xfs_io -c "${command}"`,
    result: resultOf(r.stdout, r.stderr, r.status),
  };
}

/** The ordered-extent events of this filesystem in the trace (btrfs prints the fsid first). */
export function ownBtrfsEvents(
  events: readonly TraceEvent[],
  uuid: string,
): TraceEvent[] {
  return events.filter(
    (e) => e.event.startsWith('btrfs_') && e.text.startsWith(uuid),
  );
}

/** The events after the last marker `label` (all of them when it is not in the buffer). */
export function eventsSince(
  events: readonly TraceEvent[],
  label: string,
): TraceEvent[] {
  let at = -1;
  events.forEach((e, i) => {
    if (e.event === 'tracing_mark_write' && e.text.trim() === label) at = i;
  });
  return events.slice(at + 1);
}

/**
 * Waits until every ordered extent this filesystem added has been removed. The trace buffer is cleared
 * when a filesystem is made (and, with clearTraceWhenIdle, whenever none is outstanding), so it holds
 * every add and remove since (the fsid is the same across remounts and power cuts).
 */
export function waitOrderedExtents(ctx: KernelFileContext): void {
  for (let i = 0; i < 500; i++) {
    const own = ownBtrfsEvents(ctx.host.readTrace(), ctx.mounted.uuid);
    const added = own.filter(
      (e) => e.event === 'btrfs_ordered_extent_add',
    ).length;
    const removed = own.filter(
      (e) => e.event === 'btrfs_ordered_extent_remove',
    ).length;
    if (added <= removed) {
      if (ctx.clearTraceWhenIdle === true) ctx.host.clearTrace();
      return;
    }
    sleep(20);
  }
  throw new Error('ordered extents did not complete within 10 s');
}

const WHOLE_FILE = String(2 ** 40);

/** Runs `op` (index `index` in its scenario) on the file. */
export function runKernelOp(
  ctx: KernelFileContext,
  op: Op,
  index: number,
): { command: string; result: KernelResult } {
  switch (op.op) {
    case 'write':
      if (op.shortCopyAt !== undefined)
        throw new Error('a short user copy cannot be made with xfs_io');
      return xfsIo(
        ctx,
        `pwrite -q -S 0x${writeByte(op, index).toString(16)} -b 1048576 ${String(op.offset)} ${String(op.length)}`,
      );
    case 'read':
      return xfsIo(ctx, `pread -q ${String(op.offset)} ${String(op.length)}`);
    case 'writeback': {
      // xfs_io's sync_range keeps only its last flag, so writing and waiting are two commands.
      const write = xfsIo(ctx, `sync_range -w 0 ${WHOLE_FILE}`);
      if (!op.wait || !write.result.ok) return write;
      const wait = xfsIo(ctx, `sync_range -a 0 ${WHOLE_FILE}`);
      waitOrderedExtents(ctx);
      return {
        command: `${write.command}; ${wait.command}; (wait for ordered extents)`,
        result: wait.result,
      };
    }
    case 'complete-io':
      waitOrderedExtents(ctx);
      return { command: '(wait for ordered extents)', result: { ok: true } };
    case 'truncate':
      return xfsIo(ctx, `truncate ${String(op.size)}`);
    case 'fallocate': {
      const range = `${String(op.offset)} ${String(op.length)}`;
      const keep = op.keepSize ? '-k ' : '';
      switch (op.mode) {
        case 'allocate':
          return xfsIo(ctx, `falloc ${keep}${range}`);
        case 'punch-hole':
          return xfsIo(ctx, `fpunch ${range}`);
        case 'zero-range':
          return xfsIo(ctx, `fzero ${keep}${range}`);
        case 'collapse-range':
          return xfsIo(ctx, `fcollapse ${range}`);
        case 'insert-range':
          return xfsIo(ctx, `finsert ${range}`);
      }
      break;
    }
    case 'clone-range':
      return xfsIo(
        ctx,
        `reflink ${filePath(ctx)} ${String(op.srcOffset)} ${String(op.offset)} ${String(op.length)}`,
      );
    case 'dedupe-range':
      return xfsIo(
        ctx,
        `dedupe ${filePath(ctx)} ${String(op.srcOffset)} ${String(op.offset)} ${String(op.length)}`,
      );
    case 'copy-range':
      return xfsIo(
        ctx,
        `copy_range -s ${String(op.srcOffset)} -d ${String(op.offset)} -l ${String(op.length)} ${filePath(ctx)}`,
      );
    case 'fsync':
      return xfsIo(ctx, 'fsync');
    case 'sync':
      return xfsIo(ctx, 'syncfs');
    case 'commit': {
      const r = runCommand('python3', ['-c', COMMIT_PY, ctx.mounted.dir]);
      return {
        command: 'ioctl(BTRFS_IOC_START_SYNC) + ioctl(BTRFS_IOC_WAIT_SYNC)',
        result: resultOf(r.stdout, r.stderr, r.status),
      };
    }
    case 'drop-caches':
      return xfsIo(ctx, `fadvise -d 0 ${WHOLE_FILE}`);
    case 'power-cut':
      ctx.mounted = ctx.host.powerCut(ctx.mounted, ctx.mountName);
      return {
        command:
          'power cut: copy the image as the device holds it, unmount, mount the copy',
        result: { ok: true },
      };
    case 'remount':
      ctx.host.unmount(ctx.mounted);
      ctx.mounted = ctx.host.mount(
        ctx.mounted.image,
        ctx.mounted.fsType,
        ctx.mountName,
      );
      return { command: 'umount; mount', result: { ok: true } };
  }
  throw new Error(`no kernel form for op ${JSON.stringify(op)}`);
}
