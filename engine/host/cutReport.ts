// What survived a power cut, file by file: the bytes after the mount against what the interrupted operation
// would have left had it completed (a twin run without the cut) and against what the file read before it.
// Pure; reads the simulations' files and never touches a device itself.

import type { Simulation } from '../sim/simulation.ts';
import type { CutReport, FileSurvival, LostRange } from '../protocol.ts';

/** Files larger than this are not compared byte by byte (three copies of each would be held at once). */
export const MAX_COMPARED_BYTES = 64 * 1024 * 1024;

/**
 * A run without the cut, kept one operation behind the traced run. It is deterministic, so before its next
 * operation it holds exactly what the traced run held when that operation started.
 */
export class CutTwin {
  constructor(private readonly twin: Simulation) {}

  /** Runs the twin through the operation the traced run has just finished (uncut). */
  follow(): void {
    this.twin.step();
  }

  /** The traced run `sim` was cut in the operation the twin is about to run: compare the three states. */
  report(sim: Simulation, event: number, seed: number | null): CutReport {
    const op = sim.cut?.op ?? -1;
    const names = sim.scenario.files.map((f) => f.name);
    const sizeOf = (s: Simulation, name: string) =>
      s.fs.byName(name)?.inode.isize ?? 0;
    const fits = names.every(
      (n) =>
        Math.max(sizeOf(this.twin, n), sizeOf(sim, n)) <= MAX_COMPARED_BYTES,
    );
    const before = new Map(
      names.map((n) => [n, fits ? this.twin.fileBytes(n) : null]),
    );
    const sizeBefore = new Map(names.map((n) => [n, sizeOf(this.twin, n)]));
    this.twin.step();
    const files: FileSurvival[] = names.map((name) => {
      const sizeIntended = sizeOf(this.twin, name);
      const sizeAfter = sizeOf(sim, name);
      const old = before.get(name) ?? null;
      return {
        name,
        sizeBefore: sizeBefore.get(name) ?? 0,
        sizeIntended,
        sizeAfter,
        lost:
          old === null
            ? []
            : lostRanges(
                this.twin.fileBytes(name),
                sim.fileBytes(name),
                old,
                sim.scenario.geometry.sectorSize,
              ),
        skipped: old === null,
      };
    });
    return { op, event, seed, files };
  }
}

/**
 * Ranges, in whole blocks of `block` bytes, where `after` differs from `intended` (a byte past one file's end
 * differs from any byte). A block reads before-op when all of it reads what `before` held.
 */
export function lostRanges(
  intended: Uint8Array,
  after: Uint8Array,
  before: Uint8Array,
  block: number,
): LostRange[] {
  const end = Math.max(intended.length, after.length);
  const out: LostRange[] = [];
  const same = (a: Uint8Array, b: Uint8Array, from: number, to: number) => {
    for (let i = from; i < to; i++)
      if (i < a.length !== i < b.length || a[i] !== b[i]) return false;
    return true;
  };
  for (let from = 0; from < end; from += block) {
    const to = Math.min(end, from + block);
    if (same(intended, after, from, to)) continue;
    const reads = same(before, after, from, to) ? 'before-op' : 'disk';
    const last = out[out.length - 1];
    if (last?.reads === reads && last.offset + last.length === from)
      out[out.length - 1] = { ...last, length: to - from + last.length };
    else out.push({ offset: from, length: to - from, reads });
  }
  return out;
}
