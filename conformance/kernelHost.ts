// The recorder's shell: runs commands, makes and loop-mounts filesystem images, reads the btrfs data
// space_info counters, `filefrag -v` and sha256, and owns one tracefs instance. Every resource it makes
// is registered for cleanup; `Host.cleanup()` unmounts, detaches and deletes them in reverse order.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import type {
  DataCounters,
  KernelChunk,
  KernelExtent,
  KernelSpace,
  SpaceCounters,
  TraceEvent,
} from './fixture.ts';

export interface CommandResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command without a shell (with `input` on its stdin); never throws on a non-zero exit. */
export function runCommand(
  cmd: string,
  args: readonly string[],
  input?: string,
): CommandResult {
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    ...(input === undefined ? {} : { input }),
  });
  if (r.error !== undefined)
    return { status: 127, stdout: '', stderr: r.error.message };
  return { status: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs a command that must succeed; throws with its output otherwise. */
export function mustRun(
  cmd: string,
  args: readonly string[],
  input?: string,
): string {
  const r = runCommand(cmd, args, input);
  if (r.status !== 0)
    throw new Error(
      `${cmd} ${args.join(' ')} failed (${String(r.status)}): ${r.stderr.trim() || r.stdout.trim()}`,
    );
  return r.stdout;
}

/** Blocks the (synchronous) recorder for `ms` milliseconds. */
export function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

const TRACING = '/sys/kernel/tracing';

/** A mounted image: its loop device, mount point, and (for btrfs) the fsid and bdi name. */
export interface Mounted {
  readonly image: string;
  readonly loop: string;
  readonly dir: string;
  readonly fsType: 'btrfs' | 'xfs';
  /** btrfs: the filesystem UUID (the sysfs directory name). */
  readonly uuid: string;
}

export class Host {
  private readonly cleanups: { what: string; run: () => void }[] = [];
  private traceDir: string | null = null;
  private enabledEvents: readonly string[] = [];

  constructor(readonly workDir: string) {
    mkdirSync(workDir, { recursive: true });
    this.onCleanup(`remove ${workDir}`, () => {
      rmSync(workDir, { recursive: true, force: true });
    });
  }

  private onCleanup(
    what: string,
    run: () => void,
  ): { what: string; run: () => void } {
    const entry = { what, run };
    this.cleanups.push(entry);
    return entry;
  }

  private forget(entry: { what: string; run: () => void }): void {
    const at = this.cleanups.indexOf(entry);
    if (at >= 0) this.cleanups.splice(at, 1);
  }

  /** Undoes everything still registered, newest first; reports (never throws) what failed. */
  cleanup(): string[] {
    const failures: string[] = [];
    while (this.cleanups.length > 0) {
      const entry = this.cleanups.pop();
      if (entry === undefined) break;
      try {
        entry.run();
      } catch (error) {
        failures.push(
          `${entry.what}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    return failures;
  }

  // ---- images and mounts ----

  /** A sparse image file of `bytes` in the work directory. */
  makeImage(name: string, bytes: number): string {
    const path = join(this.workDir, name);
    rmSync(path, { force: true });
    mustRun('truncate', ['-s', String(bytes), path]);
    return path;
  }

  /** Attaches the image to a free loop device and mounts it; both are undone by cleanup (or unmount). */
  mount(image: string, fsType: 'btrfs' | 'xfs', name: string): Mounted {
    // btrfs: a 300 s commit interval, so no periodic commit lands inside a recording (the engine commits
    // only when an op says so).
    const options = fsType === 'btrfs' ? ['-o', 'commit=300'] : [];
    const loop = mustRun('losetup', ['-f', '--show', image]).trim();
    const detach = this.onCleanup(`detach ${loop}`, () => {
      mustRun('losetup', ['-d', loop]);
    });
    const dir = join(this.workDir, name);
    mkdirSync(dir, { recursive: true });
    const r = runCommand('mount', ['-t', fsType, ...options, loop, dir]);
    if (r.status !== 0) {
      this.forget(detach);
      detach.run();
      throw new Error(`mount ${loop} on ${dir} failed: ${r.stderr.trim()}`);
    }
    const umount = this.onCleanup(`unmount ${dir}`, () => {
      mustRun('umount', [dir]);
    });
    const uuid =
      fsType === 'btrfs' ? mustRun('findmnt', ['-no', 'UUID', dir]).trim() : '';
    const mounted: Mounted = { image, loop, dir, fsType, uuid };
    this.mounts.set(mounted, { umount, detach });
    return mounted;
  }

  private readonly mounts = new Map<
    Mounted,
    {
      umount: { what: string; run: () => void };
      detach: { what: string; run: () => void };
    }
  >();

  /** Unmounts and detaches now (a clean unmount: the filesystem commits). */
  unmount(m: Mounted): void {
    const entries = this.mounts.get(m);
    if (entries === undefined) throw new Error(`${m.dir} is not mounted here`);
    this.mounts.delete(m);
    this.forget(entries.umount);
    entries.umount.run();
    this.forget(entries.detach);
    entries.detach.run();
  }

  /**
   * A power cut: the image as the device holds it right now (every write the filesystem submitted, nothing
   * still in its page cache) becomes the filesystem, which is mounted again. The old mount is unmounted
   * and its image deleted; the copy was taken before the unmount could write anything.
   */
  powerCut(m: Mounted, name: string): Mounted {
    const copy = `${m.image}.cut`;
    mustRun('cp', ['--sparse=always', m.image, copy]);
    this.unmount(m);
    rmSync(m.image, { force: true });
    mustRun('mv', [copy, m.image]);
    return this.mount(m.image, m.fsType, name);
  }

  // ---- what the recorder measures ----

  /** The btrfs data space_info counters. */
  dataCounters(m: Mounted): DataCounters {
    const dir = `/sys/fs/btrfs/${m.uuid}/allocation/data`;
    const read = (f: string) =>
      Number(readFileSync(join(dir, f), 'utf8').trim());
    return {
      mayUse: read('bytes_may_use'),
      reserved: read('bytes_reserved'),
      pinned: read('bytes_pinned'),
      used: read('bytes_used'),
    };
  }

  /** One space_info's counters and total (kind: data, metadata or system). */
  spaceCounters(m: Mounted, kind: string): SpaceCounters {
    const dir = `/sys/fs/btrfs/${m.uuid}/allocation/${kind}`;
    const read = (f: string) =>
      Number(readFileSync(join(dir, f), 'utf8').trim());
    return {
      total: read('total_bytes'),
      mayUse: read('bytes_may_use'),
      reserved: read('bytes_reserved'),
      pinned: read('bytes_pinned'),
      used: read('bytes_used'),
    };
  }

  /** Every space_info and the global block reserve. */
  space(m: Mounted): KernelSpace {
    const read = (f: string) =>
      Number(
        readFileSync(`/sys/fs/btrfs/${m.uuid}/allocation/${f}`, 'utf8').trim(),
      );
    return {
      data: this.spaceCounters(m, 'data'),
      metadata: this.spaceCounters(m, 'metadata'),
      system: this.spaceCounters(m, 'system'),
      globalReserve: {
        size: read('global_rsv_size'),
        reserved: read('global_rsv_reserved'),
      },
    };
  }

  /** The chunk tree as `btrfs inspect-internal dump-tree -t chunk` prints it (readable while mounted after a sync). */
  chunks(device: string): KernelChunk[] {
    return parseChunkTree(
      mustRun('btrfs', [
        'inspect-internal',
        'dump-tree',
        '-t',
        'chunk',
        device,
      ]),
    );
  }

  /** dev_item.bytes_used of the superblock: the bytes the chunks' stripes occupy on the device. */
  deviceBytesUsed(device: string): number {
    const out = mustRun('btrfs', ['inspect-internal', 'dump-super', device]);
    const m = /^dev_item\.bytes_used\s+(\d+)/m.exec(out);
    if (m === null)
      throw new Error(`dump-super ${device}: no dev_item.bytes_used`);
    return Number(m[1]);
  }

  /** The btrfs bdi name ("btrfs-N"), as writeback tracepoints print it. */
  bdiName(m: Mounted): string {
    return basename(readlinkSync(`/sys/fs/btrfs/${m.uuid}/bdi`));
  }

  /** `filefrag -v` of a file, in bytes (no FIEMAP_FLAG_SYNC: it does not start writeback). */
  extents(path: string): KernelExtent[] {
    const out = mustRun('filefrag', ['-v', path]);
    const blockMatch = /\((\d+) blocks? of (\d+) bytes\)/.exec(out);
    const block = Number(blockMatch?.[2] ?? '4096');
    const extents: KernelExtent[] = [];
    const row =
      /^\s*\d+:\s+(\d+)\.\.\s*(\d+):\s+(\d+)\.\.\s*(\d+):\s+(\d+):\s*(?:\d+:)?\s*(\S*)\s*$/;
    for (const line of out.split('\n')) {
      const m = row.exec(line);
      if (m === null) continue;
      // The length column is 0 for delalloc extents (no physical range yet): use the logical range.
      const [, lStart = '0', lEnd = '0', pStart = '0', , , flags = ''] = m;
      extents.push({
        logical: Number(lStart) * block,
        physical: Number(pStart) * block,
        length: (Number(lEnd) - Number(lStart) + 1) * block,
        flags: flags === '' ? [] : flags.split(','),
      });
    }
    return extents;
  }

  fileSize(path: string): number {
    return statSync(path).size;
  }

  // ---- tracing ----

  /** Creates this recorder's own tracefs instance with these events (system:event) enabled. */
  startTracing(instance: string, events: readonly string[]): void {
    if (!existsSync(join(TRACING, 'instances')))
      mustRun('mount', ['-t', 'tracefs', 'nodev', TRACING]);
    const dir = join(TRACING, 'instances', instance);
    if (existsSync(dir)) rmdirSync(dir);
    mkdirSync(dir);
    this.traceDir = dir;
    this.onCleanup(`remove trace instance ${instance}`, () => {
      writeFileSync(join(dir, 'tracing_on'), '0');
      rmdirSync(dir);
      this.traceDir = null;
    });
    writeFileSync(join(dir, 'buffer_size_kb'), '8192');
    for (const e of events) {
      const [system = '', name = ''] = e.split(':');
      writeFileSync(join(dir, 'events', system, name, 'enable'), '1');
    }
    this.enabledEvents = events;
    writeFileSync(join(dir, 'tracing_on'), '1');
  }

  /** Enables more events (system:event) in this instance, beside those already on. */
  enableEvents(events: readonly string[]): void {
    if (this.traceDir === null) return;
    for (const e of events) {
      const [system = '', name = ''] = e.split(':');
      writeFileSync(join(this.traceDir, 'events', system, name, 'enable'), '1');
    }
    this.enabledEvents = [
      ...this.enabledEvents,
      ...events.filter((e) => !this.enabledEvents.includes(e)),
    ];
  }

  /**
   * Leaves only `keep` (system:event) enabled in this instance: a long replay needs the ordered extent
   * events alone, and every other event (a writeback event per page dirtied) only makes each read slower.
   */
  narrowTrace(keep: readonly string[]): void {
    if (this.traceDir === null) return;
    for (const e of this.enabledEvents)
      if (!keep.includes(e)) {
        const [system = '', name = ''] = e.split(':');
        writeFileSync(
          join(this.traceDir, 'events', system, name, 'enable'),
          '0',
        );
      }
    this.enabledEvents = this.enabledEvents.filter((e) => keep.includes(e));
  }

  /** The trace buffer's file of this recorder's instance (for a helper process that reads it). */
  traceFile(): string {
    if (this.traceDir === null) throw new Error('tracing has not started');
    return join(this.traceDir, 'trace');
  }

  /** Empties the trace buffer. */
  clearTrace(): void {
    if (this.traceDir !== null) writeFileSync(join(this.traceDir, 'trace'), '');
  }

  /** Writes a marker event (tracing_mark_write) into this instance's buffer. */
  mark(label: string): void {
    if (this.traceDir !== null)
      writeFileSync(join(this.traceDir, 'trace_marker'), label);
  }

  /** The events in the trace buffer, oldest first. */
  readTrace(): TraceEvent[] {
    if (this.traceDir === null) return [];
    const text = readFileSync(join(this.traceDir, 'trace'), 'utf8');
    const events: TraceEvent[] = [];
    // "  task-pid  [cpu] flags  12.345678: event_name: text"
    const line = /^\s*.+?\s+\[\d+\]\s+\S+\s+[\d.]+:\s+(\w+):\s?(.*)$/;
    for (const l of text.split('\n')) {
      if (l.startsWith('#')) continue;
      const m = line.exec(l);
      if (m !== null) events.push({ event: m[1] ?? '', text: m[2] ?? '' });
    }
    return events;
  }
}

/** Parses the CHUNK_ITEMs of a chunk tree dump: key offset (logical), length, type|profile and stripes. */
export function parseChunkTree(dump: string): KernelChunk[] {
  const chunks: KernelChunk[] = [];
  const lines = dump.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const key = /key \(FIRST_CHUNK_TREE CHUNK_ITEM (\d+)\)/.exec(
      lines[i] ?? '',
    );
    if (key === null) continue;
    const head = /length (\d+) .*type (DATA|METADATA|SYSTEM)\|(\w+)/.exec(
      lines[i + 1] ?? '',
    );
    if (head === null)
      throw new Error(`chunk dump: no length/type after ${lines[i] ?? ''}`);
    // The stripe lines follow, each with a dev_uuid line after it, until the next item.
    const stripes: number[] = [];
    for (
      let j = i + 2;
      j < lines.length && !/^\s*item \d+ key/.test(lines[j] ?? '');
      j++
    ) {
      const s = /^\s+stripe \d+ devid \d+ offset (\d+)/.exec(lines[j] ?? '');
      if (s !== null) stripes.push(Number(s[1]));
    }
    const profile = (head[3] ?? '').toLowerCase();
    if (profile !== 'single' && profile !== 'dup')
      throw new Error(`chunk dump: profile ${profile} is not single or DUP`);
    chunks.push({
      logical: Number(key[1]),
      length: Number(head[1]),
      type: head[2] as KernelChunk['type'],
      profile,
      stripes,
    });
  }
  return chunks;
}
