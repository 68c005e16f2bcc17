// Runs one hostile case in this process and says what came of it: a correct result, a clear refusal (a
// sentence, exit 1 or 2), EIO/EUCLEAN, or a wrong answer. A throw escapes: the caller counts it as a crash.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  compress,
  MAX_LINK_JSON_BYTES,
  parseView,
} from '../../app/client/shareLink.ts';
import { checkFs } from '../../engine/check/fsck.ts';
import { main } from '../../engine/cli/main.ts';
import type { Io } from '../../engine/cli/output.ts';
import { crc32c } from '../../engine/core/crc32c.ts';
import { createRng, type Rng } from '../../engine/core/rng.ts';
import { readImage } from '../../engine/disk/format/image.ts';
import {
  createMemoryMedium,
  MemoryDisk,
  type MemoryMedium,
} from '../../engine/disk/memoryDisk.ts';
import {
  parseScenarioJson,
  validateScenario,
} from '../../engine/scenario/validate.ts';
import { createSimulation } from '../../engine/sim/simulation.ts';
import {
  baseImage,
  craftDamage,
  DAMAGE_NAMES,
} from '../../engine/testing/imageCraft.ts';
import type { HostileCase } from './cases.ts';

export type Outcome = 'ok' | 'refused' | 'eio' | 'wrong';

export interface Verdict {
  readonly outcome: Outcome;
  /** The refusal's first line, the errno, or what was wrong. */
  readonly detail: string;
}

/** Runs the CLI with its output kept to the lines `keep` wants (a traced run prints a lot). */
async function cli(argv: string[], keep: (line: string) => boolean) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = {
    out: (t) => {
      for (const line of t.split('\n')) if (keep(line)) out.push(line);
    },
    err: (t) => err.push(t.slice(0, 500)),
  };
  const code = await main(argv, io);
  return { code, out, err: err.join('\n') };
}

async function withFile<T>(
  text: string,
  body: (path: string) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'iomapx-hostile-'));
  try {
    const path = join(dir, 'case');
    writeFileSync(path, text);
    return await body(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `run` under srcmap (a correct design): DATA LOSS is a wrong answer. */
function scenario(text: string): Promise<Verdict> {
  return withFile(text, async (path) => {
    const r = await cli(['run', path], (line) =>
      line.includes('oracle: DATA LOSS'),
    );
    // The refusal's first two lines: the file, then the first error.
    if (r.code !== 0)
      return {
        outcome: 'refused',
        detail: r.err.split('\n').slice(0, 2).join(' '),
      };
    return r.out.length > 0
      ? { outcome: 'wrong', detail: r.out[0] ?? '' }
      : { outcome: 'ok', detail: '' };
  });
}

/** `replay-fsx --json` under srcmap: a disagreement, or a log with no op replayed as a pass, is wrong. */
function fsx(text: string): Promise<Verdict> {
  return withFile(text, async (path) => {
    const r = await cli(['replay-fsx', path, '--json'], () => true);
    const json =
      r.code === 0 || r.out.length > 0
        ? (JSON.parse(r.out.join('\n')) as { ok: boolean; opsRun: number })
        : null;
    if (json === null)
      return {
        outcome: 'refused',
        detail: r.err.split('\n').slice(0, 2).join(' '),
      };
    if (!json.ok)
      return { outcome: 'wrong', detail: 'the oracle disagreed under srcmap' };
    if (json.opsRun === 0)
      return { outcome: 'wrong', detail: 'a log with no op passed' };
    return { outcome: 'ok', detail: '' };
  });
}

/**
 * A link opened as the page opens one: decompressed (with its cap), then validated. The scenario inside must
 * come back byte for byte as it was shared (less a leading BOM), or be refused with the cap's sentence when it is over the cap;
 * then it is refused with a sentence or it is a valid scenario. A valid one is not run here: the page runs
 * it with the same engine call as `run` (createSimulation, traced), which the scenario class checks on
 * scenarios from the same generator; running it again made a link case 20 times as slow and checked nothing
 * more about links.
 */
async function link(text: string): Promise<Verdict> {
  const spec = JSON.parse(text) as {
    raw?: string;
    repeat?: number;
    of?: string;
    deflate?: string;
  };
  const shared =
    spec.raw === undefined
      ? (spec.deflate ?? (spec.of ?? ' ').repeat(spec.repeat ?? 1))
      : null;
  const packed = spec.raw ?? (await compress(shared ?? ''));
  const view = await parseView('?design=srcmap', `#json=${packed}`);
  if (view?.source?.kind !== 'inline')
    return { outcome: 'wrong', detail: 'the link showed no scenario' };
  const json = view.source.json;
  // UTF-8 decoding drops a leading byte order mark, as it should: the BOM is not part of the scenario.
  if (shared !== null && json !== shared.replace(/^\uFEFF/, '')) {
    const over = new TextEncoder().encode(shared).length > MAX_LINK_JSON_BYTES;
    if (!over || !json.includes('once decompressed'))
      return {
        outcome: 'wrong',
        detail: `the link decoded to other text (${String(json.length)} characters for ${String(shared.length)})`,
      };
  }
  const v = parseScenarioJson(json);
  return v.ok
    ? { outcome: 'ok', detail: '' }
    : {
        outcome: 'refused',
        detail: `${v.errors[0]?.path ?? ''}: ${v.errors[0]?.message ?? ''}`,
      };
}

/** Tree nodes of the image: blocks past the first MiB whose header checksum matches their content. */
function treeNodes(
  disk: MemoryDisk,
  medium: MemoryMedium,
  nodeSize: number,
): number[] {
  const nodes: number[] = [];
  const buf = new Uint8Array(nodeSize);
  const written = [...medium.chunks.keys()].sort((a, b) => a - b);
  for (const chunk of written)
    for (
      let at = Math.max(chunk, 1024 * 1024);
      at < chunk + 65536 && at + nodeSize <= medium.size;
      at += 4096
    ) {
      disk.read(at, buf);
      const stored = new DataView(buf.buffer).getUint32(0, true);
      if (stored !== 0 && stored === crc32c(buf.subarray(32))) nodes.push(at);
    }
  return nodes;
}

/** Flips `n` random bytes of [at, at + span), then (crafted) recomputes the node's checksum. */
function damage(
  disk: MemoryDisk,
  rng: Rng,
  at: number,
  span: number,
  n: number,
  nodeSize: number | null,
): void {
  const one = new Uint8Array(1);
  for (let i = 0; i < n; i++) {
    const off = at + rng.int(span);
    disk.read(off, one);
    one[0] = (one[0] ?? 0) ^ (1 << rng.int(8));
    disk.write(off, one);
  }
  if (nodeSize === null) return;
  const node = new Uint8Array(nodeSize);
  disk.read(at, node);
  new DataView(node.buffer).setUint32(0, crc32c(node.subarray(32)), true);
  disk.write(at, node);
}

const IMAGE_BYTES = 64 * 1024 * 1024;

/**
 * A committed image, damaged, mounted again after a power cut and read whole. Three kinds of damage:
 * - `flip`: random bytes anywhere written; a checksum catches it (refused, or EIO on read), so any other
 *   bytes read back are wrong;
 * - `node`: random bytes of a tree node with its checksum recomputed: refused or read, never a throw;
 * - `item`: one crafted item (engine/testing/imageCraft.ts) with its leaf's checksum recomputed: refused at
 *   mount, or EIO on the read, as that damage requires; mounting and reading it is a mis-read.
 */
function image(text: string): Verdict {
  const spec = JSON.parse(text) as {
    seed: number;
    mode: 'flip' | 'node' | 'item';
    bytes: number;
  };
  const rng = createRng(spec.seed);
  const v = validateScenario(baseImage(rng));
  if (!v.ok)
    throw new Error(
      `the image recipe is invalid: ${v.errors[0]?.message ?? ''}`,
    );
  const medium = createMemoryMedium(IMAGE_BYTES);
  const disk = new MemoryDisk(medium);
  const sim = createSimulation({
    scenario: v.scenario,
    variant: 'srcmap',
    trace: false,
    device: disk,
  });
  const cutAt = v.scenario.ops.findIndex((o) => o.op === 'power-cut');
  for (let i = 0; i < cutAt; i++) sim.step();
  const before = v.scenario.files.map((f) => sim.fileBytes(f.name));
  const sb = readImage(disk);
  if (!sb.ok) throw new Error('the base image does not read');
  const nodeSize = sb.value.superblock.nodesize;
  let expect: 'refused' | 'eio' | 'any' | 'same' = 'any';
  let what = '';
  if (spec.mode === 'item') {
    const name = DAMAGE_NAMES[rng.int(DAMAGE_NAMES.length)] ?? '';
    const crafted = craftDamage(disk, name, rng);
    if (crafted === null)
      throw new Error(`the base image has no item for the damage "${name}"`);
    ({ expect, what } = crafted);
  } else if (spec.mode === 'node') {
    const nodes = treeNodes(disk, medium, nodeSize);
    const at = nodes[rng.int(nodes.length)] ?? 1024 * 1024;
    // Past the checksum, fsid and bytenr: the generation, level and items.
    damage(disk, rng, at + 64, nodeSize - 64, spec.bytes, nodeSize);
  } else {
    const written = [...medium.chunks.keys()];
    damage(
      disk,
      rng,
      written[rng.int(written.length)] ?? 0,
      65536,
      spec.bytes,
      null,
    );
    expect = 'same';
  }
  const cut = sim.step();
  if (cut?.error != null)
    return expect === 'eio'
      ? { outcome: 'wrong', detail: `${what}: refused, not EIO on read` }
      : { outcome: 'refused', detail: cut.error.message };
  if (expect === 'refused')
    return { outcome: 'wrong', detail: `${what}: mounted, not refused` };
  checkFs(sim.fs, { quiescent: true });
  let failed: string | null = null;
  for (let o = sim.step(); o !== null; o = sim.step())
    if (o.error !== null) failed ??= `${o.error.errno}: ${o.error.message}`;
  if (failed !== null) return { outcome: 'eio', detail: failed };
  if (expect === 'eio')
    return { outcome: 'wrong', detail: `${what}: read back without EIO` };
  if (expect === 'any') return { outcome: 'ok', detail: '' };
  const same = v.scenario.files.every(
    (f, i) =>
      Buffer.compare(sim.fileBytes(f.name), before[i] ?? new Uint8Array()) ===
      0,
  );
  return same
    ? { outcome: 'ok', detail: '' }
    : { outcome: 'wrong', detail: 'a flipped byte was read back without EIO' };
}

export async function judge(c: HostileCase): Promise<Verdict> {
  switch (c.kind) {
    case 'scenario':
      return scenario(c.text);
    case 'fsx':
      return fsx(c.text);
    case 'link':
      return link(c.text);
    case 'image':
      return image(c.text);
  }
}
