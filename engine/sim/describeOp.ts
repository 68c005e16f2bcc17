// An operation in words, as the trace's op.start event and every listing name it. Pure: the op spec only.

import { shortSize } from '../core/units.ts';
import type { Op } from '../scenario/types.ts';

export function describeOp(op: Op): string {
  switch (op.op) {
    case 'write':
      return `write(${op.file}, ${shortSize(op.length)} at ${shortSize(op.offset)})`;
    case 'read':
      return `read(${op.file}, ${shortSize(op.length)} at ${shortSize(op.offset)})`;
    case 'writeback':
      return `writeback of ${op.file}${op.wait ? ' (wait for completion)' : ' (I/O left in flight)'}`;
    case 'complete-io':
      return 'complete every in-flight I/O';
    case 'truncate':
      return `truncate(${op.file}, ${shortSize(op.size)})`;
    case 'fallocate':
      return `fallocate(${op.file}, ${op.mode}${op.keepSize ? '|keep-size' : ''}, ${shortSize(op.length)} at ${shortSize(op.offset)})`;
    case 'clone-range':
    case 'dedupe-range':
    case 'copy-range':
      return `${op.op}(${op.file}, ${shortSize(op.length)} from ${shortSize(op.srcOffset)} to ${shortSize(op.offset)})`;
    case 'fsync':
      return `fsync(${op.file})`;
    case 'sync':
      return 'sync()';
    case 'commit':
      return 'transaction commit (commit interval)';
    case 'power-cut':
      return op.seed === undefined
        ? 'power cut: every unflushed write is lost'
        : `power cut: a seeded part (seed ${String(op.seed)}) of the unflushed writes lands`;
    case 'remount':
      return 'unmount and mount again';
    case 'drop-caches':
      return 'drop clean pages from the page cache';
  }
}
