// The references measured in the same run: the real kernel doing the same 4 KiB buffered writes (dd bs=4k
// to /dev/shm and to a file in the temp directory) and the memcpy ceiling (the same volume copied in
// 4 KiB pieces into a warm buffer). A reference that cannot run here is skipped with the reason.

import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { timed } from '../stats.ts';

const BLOCK = 4096;

export type Reference =
  | {
      readonly ok: true;
      readonly name: string;
      readonly bytes: number;
      readonly seconds: number;
    }
  | { readonly ok: false; readonly name: string; readonly skipped: string };

/** dd's own "copied, S s" figure (excludes process start), else our wall clock around it. */
function ddSeconds(stderr: string): number | null {
  const m = /copied,\s*([\d.]+(?:e[-+]?\d+)?)\s*s/.exec(stderr);
  return m === null ? null : Number(m[1]);
}

/** `dd if=/dev/zero of=<dir>/file bs=4k count=N`, the file removed afterwards. */
export function ddTo(dir: string, label: string, bytes: number): Reference {
  const name = `dd bs=4k to ${label}`;
  if (!existsSync(dir))
    return { ok: false, name, skipped: `${dir} does not exist here` };
  const file = join(dir, `iomap-bench-${String(process.pid)}.dd`);
  try {
    const run = timed(() =>
      spawnSync(
        'dd',
        [
          'if=/dev/zero',
          `of=${file}`,
          `bs=${String(BLOCK)}`,
          `count=${String(bytes / BLOCK)}`,
        ],
        { encoding: 'utf8' },
      ),
    );
    const r = run.value;
    if (r.error !== undefined)
      return {
        ok: false,
        name,
        skipped: `dd could not run (${r.error.message})`,
      };
    if (r.status !== 0)
      return {
        ok: false,
        name,
        skipped: `dd failed: ${r.stderr.trim().split('\n')[0] ?? ''}`,
      };
    return {
      ok: true,
      name,
      bytes,
      seconds: ddSeconds(r.stderr) ?? run.seconds,
    };
  } finally {
    rmSync(file, { force: true });
  }
}

export function ddReferences(bytes: number): Reference[] {
  return [ddTo('/dev/shm', '/dev/shm', bytes), ddTo(tmpdir(), tmpdir(), bytes)];
}

/**
 * The memcpy ceiling: `bytes` copied 4 KiB at a time from a source page into a warm destination (at most
 * 256 MiB, written once before timing so its pages exist), wrapping around it.
 */
export function memcpyCeiling(bytes: number): Reference {
  const dst = new Uint8Array(Math.min(bytes, 256 * 1024 * 1024));
  dst.fill(1);
  const src = new Uint8Array(BLOCK).fill(7);
  const run = timed(() => {
    for (let done = 0, at = 0; done < bytes; done += BLOCK) {
      dst.set(src, at);
      at += BLOCK;
      if (at === dst.length) at = 0;
    }
  });
  return {
    ok: true,
    name: 'memcpy 4 KiB pieces (warm buffer)',
    bytes,
    seconds: run.seconds,
  };
}
