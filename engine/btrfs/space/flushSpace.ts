// flush_space (space-info.c): one flush state's work, then a look at the waiting tickets. Each state is a
// step event that says what it can and cannot free here; the engine has no delayed items, runs delayed
// refs at once and never deletes inodes, so those states find nothing to do.

import { shortSize } from '../../core/units.ts';
import type { FlushStateName } from '../../trace/records.ts';
import type { Fs } from '../fs.ts';
import { chunkAlloc } from './chunkAlloc.ts';
import type { SpaceInfo } from './spaceInfo.ts';

/** U64_MAX in shrink_delalloc: flush every delalloc byte. */
export const FLUSH_ALL_BYTES = Number.MAX_SAFE_INTEGER;

function delallocFiles(fs: Fs): string {
  const names = [...fs.inodes.values()]
    .filter((e) => e.inode.delallocBytes > 0)
    .map((e) => e.inode.name);
  return names.length === 0 ? 'no file' : names.join(', ');
}

/**
 * shrink_delalloc: write back about max(to_reclaim, 1/8 of the delalloc bytes) of delalloc; wait for the
 * ordered extents when asked or when more bytes are under I/O than delalloc. SIMPLIFICATION: one pass (the
 * kernel loops up to three times), and in the engine I/O completes only when someone waits for it, so
 * FLUSH_DELALLOC (no wait) frees no reservation by itself: FLUSH_DELALLOC_WAIT finishes the job.
 */
function shrinkDelalloc(
  fs: Fs,
  toReclaim: number,
  waitOrdered: boolean,
): string {
  const delalloc = fs.flusher.delallocBytes();
  const ordered = fs.flusher.orderedBytes();
  if (delalloc === 0 && ordered === 0)
    return 'nothing is delalloc or under I/O: nothing to flush';
  const wait = waitOrdered || ordered > delalloc;
  const bytes =
    toReclaim === FLUSH_ALL_BYTES
      ? delalloc
      : Math.min(delalloc, Math.max(toReclaim, Math.floor(delalloc / 8)));
  const files = delallocFiles(fs);
  if (bytes > 0) fs.flusher.startDelalloc(bytes);
  if (wait) fs.flusher.waitOrdered();
  const started =
    bytes > 0
      ? `write back ${shortSize(bytes)} of delalloc (${files}) so reservations turn into allocations`
      : 'no delalloc to write back';
  return wait
    ? `${started}, then wait for the ordered extents: finishing them releases their metadata reservations`
    : `${started}; the I/O is left running (nothing waits for it in this state)`;
}

/** Runs one flush state for `info` and returns what it did, in a sentence. */
function run(
  fs: Fs,
  info: SpaceInfo,
  toReclaim: number,
  state: FlushStateName,
): string {
  const kind = info.kind;
  switch (state) {
    case 'FLUSH_DELAYED_ITEMS_NR':
    case 'FLUSH_DELAYED_ITEMS':
      // SIMPLIFICATION: inode updates go straight into the inode, not through delayed items.
      return 'run delayed inode items: the engine updates inodes at once, so none are queued';
    case 'FLUSH_DELAYED_REFS_NR':
    case 'FLUSH_DELAYED_REFS': {
      // SIMPLIFICATION: _NR runs them all too (the engine keeps no per-ref queue to run part of).
      const freed = fs.flusher.runDelayedRefs(state);
      return freed > 0
        ? `run the delayed refs: the delayed refs reserve gives back ${shortSize(freed)} of metadata`
        : 'run the delayed refs: none are waiting, nothing is given back';
    }
    case 'FLUSH_DELALLOC':
      return shrinkDelalloc(fs, toReclaim, false);
    case 'FLUSH_DELALLOC_WAIT':
      return shrinkDelalloc(fs, toReclaim, true);
    case 'FLUSH_DELALLOC_FULL':
      return shrinkDelalloc(fs, FLUSH_ALL_BYTES, true);
    case 'ALLOC_CHUNK':
    case 'ALLOC_CHUNK_FORCE': {
      const r = chunkAlloc(
        fs,
        kind,
        state === 'ALLOC_CHUNK' ? 'no-force' : 'force',
        `${state}: a new ${kind} chunk would add space`,
      );
      return r === 'allocated'
        ? `a new ${kind} chunk was allocated`
        : r === 'enospc'
          ? `no ${kind} chunk can be allocated: the device has no room left for one`
          : `no ${kind} chunk is needed yet (less than 80% of the ${kind} space is really used)`;
    }
    case 'RUN_DELAYED_IPUTS':
      return 'run delayed iputs: no deleted file waits to be freed here';
    case 'RESET_ZONES':
      return 'reset unused zones: only zoned devices have any, this one is not zoned';
    case 'COMMIT_TRANS': {
      const pinned = info.pinned;
      fs.flusher.commit(
        `${state}: commit the transaction to reclaim pinned ${kind} space`,
      );
      return pinned > 0
        ? `commit the transaction: ${shortSize(pinned)} of pinned ${kind} space is free again`
        : `commit the transaction (no ${kind} space was pinned)`;
    }
  }
}

/** flush_space: runs `state` inside its own frame, emits what it did, then grants what tickets it can. */
export function flushSpace(
  fs: Fs,
  info: SpaceInfo,
  toReclaim: number,
  state: FlushStateName,
  cycle: number,
  grant: () => void,
): void {
  if (info.kind === 'system') return;
  const space = info.kind;
  fs.rec.call('flush_space', `${state} for ${space} space`, () => {
    const before = fs.space.flushOf(space);
    fs.space.setFlush(space, { space, state, cycle });
    fs.rec.emit(
      'btrfs.flush',
      { space, state },
      `${space} space is short by ${shortSize(Math.max(toReclaim === FLUSH_ALL_BYTES ? 0 : toReclaim, info.reclaimSize()))}: ${state}`,
    );
    const did = run(fs, info, toReclaim, state);
    grant();
    fs.rec.emit('btrfs.flush', { space, state }, `${state}: ${did}`);
    fs.space.setFlush(space, before);
  });
}
